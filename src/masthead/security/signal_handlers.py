"""Sign-in lock-outs go to the server log, and each new one to the admin's
Site history (Reports), against the account it locks."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from wagtail.log_actions import log

from masthead.security.lockout import lockout_minutes

logger = logging.getLogger("masthead.security")


@receiver(user_locked_out, dispatch_uid="masthead_security_locked_out")
def record_lockout(sender, request, username, ip_address, **kwargs):
    # django-axes sets the count only on the failure that starts a lock-out;
    # later attempts during it are refused before they are counted.
    starts = getattr(request, "axes_failures_since_start", None) is not None
    logger.warning(
        "Sign-in %s: username %r from %s (%d minutes)",
        "locked out" if starts else "refused during lock-out",
        username,
        ip_address,
        lockout_minutes(),
    )
    if not starts:
        return
    User = get_user_model()
    account = User.objects.filter(**{User.USERNAME_FIELD: username or ""}).first()
    if account is not None:
        log(account, "masthead.locked_out", user=None, data={"ip": ip_address})
