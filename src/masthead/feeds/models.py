from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DEFAULT_ROBOTS_TXT = """User-agent: *
Disallow: /admin/
Disallow: /search/
"""


@register_setting(icon="link")
class FeedSettings(BaseSiteSetting):
    """What the feeds carry and what robots.txt tells crawlers."""

    full_content = models.BooleanField(
        default=False,
        help_text="Put each story's full text in the feeds, not only its standfirst.",
    )
    robots_txt = models.TextField(
        "robots.txt",
        blank=True,
        default=DEFAULT_ROBOTS_TXT,
        help_text="The sitemap's address is always added at the end.",
    )

    panels = [FieldPanel("full_content"), FieldPanel("robots_txt")]

    class Meta:
        verbose_name = "feeds and search engines"

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
