"""The admin's two-factor pages, and labels in its Site history for what this
app records."""

from django.conf import settings
from django.urls import path, reverse
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from masthead.security import twofactor


@hooks.register("register_log_actions")
def register_log_actions(actions):
    @actions.register_action("masthead.locked_out")
    class LockedOut(LogFormatter):
        label = "Sign-in locked out"

        def format_message(self, log_entry):
            address = log_entry.data.get("ip") or "an unknown address"
            return f"Sign-in locked out after repeated failures from {address}"


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/", twofactor.setup, name="masthead_2fa_setup"),
        path("two-factor/verify/", twofactor.verify, name="masthead_2fa_verify"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    if settings.MASTHEAD_2FA == "off":
        return None
    return {
        "url": reverse("masthead_2fa_setup"),
        "label": "Two-factor sign-in",
        "help_text": "Ask for a code from an authenticator app after your password.",
    }
