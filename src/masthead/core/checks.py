from django.conf import settings
from django.core.checks import Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}


@register(deploy=True)
def check_allowed_hosts(app_configs, **kwargs):
    """A production site needs its own host name in ALLOWED_HOSTS."""
    if set(settings.ALLOWED_HOSTS) <= LOCAL_HOSTS:
        return [
            Warning(
                "ALLOWED_HOSTS only allows this machine.",
                hint="Set ALLOWED_HOSTS=news.example.com (comma-separated) to "
                "serve readers on the public name.",
                id="masthead.W001",
            )
        ]
    return []
