from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """RSS and Atom feeds, sitemaps, robots.txt, structured data and share cards."""

    name = "masthead.feeds"
    label = "feeds"
    verbose_name = "Feeds and search engines"
