from django.apps import AppConfig


class CacheConfig(AppConfig):
    name = "masthead.cache"
    label = "masthead_cache"
    verbose_name = "Page cache"

    def ready(self):
        from masthead.cache import signals

        signals.connect()
