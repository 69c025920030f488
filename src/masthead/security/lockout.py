"""What a locked-out sign-in sees, and the record of it.

django-axes counts failed sign-ins in the shared cache and refuses an account,
or an address, past settings.AXES_FAILURE_LIMIT. Instead of its bare text, the
person gets Wagtail's sign-in page saying what happened and for how long.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from wagtail.admin.views.account import LoginView, get_user_login_form

TOO_MANY_REQUESTS = 429


def lockout_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def locked_out_response(request, original_response=None, credentials=None):
    messages.error(
        request,
        # Short: Wagtail's sign-in page shows it in a small box over the title.
        f"Too many failed sign-in attempts. Try again in {lockout_minutes()} minutes.",
        fail_silently=True,
    )
    username = (credentials or {}).get("username", "")
    view = LoginView()
    view.setup(request)
    form = get_user_login_form()(request, initial={"username": username})
    context = view.get_context_data(form=form)
    return render(request, LoginView.template_name, context, status=TOO_MANY_REQUESTS)
