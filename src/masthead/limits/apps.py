from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "masthead.limits"
    label = "limits"
    verbose_name = "Abuse limits"
