from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "masthead.security"
    verbose_name = "Security"

    def ready(self):
        from masthead.security import signal_handlers  # noqa: F401
