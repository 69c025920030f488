"""Tags for the reader-facing templates: navigation, error pages and dates."""

from django import template
from django.db import DatabaseError
from django.utils import dateformat, timezone
from django.utils.html import format_html
from wagtail.models import Site

from masthead.articles.models import ArticlePage, SectionPage
from masthead.core.models import SiteSettings

register = template.Library()

DATE_FORMAT = "j F Y, H:i"  # 27 November 2026, 10:45


@register.simple_tag(takes_context=True)
def section_nav(context) -> list[SectionPage]:
    """The live sections under the site's front page, in tree order.

    One query per request: the result is kept on the request for the header and
    anything else that lists the sections.
    """
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "_masthead_sections"):
        site = Site.find_for_request(request)
        request._masthead_sections = (
            list(SectionPage.objects.live().child_of(site.root_page).order_by("path"))
            if site
            else []
        )
    return request._masthead_sections


@register.simple_tag(takes_context=True)
def site_settings_or_none(context) -> SiteSettings | None:
    """The site's settings, or None when they cannot be loaded.

    For error pages, which must render even when no site matches the host or
    the database is unreachable.
    """
    request = context.get("request")
    if request is None:
        return None
    try:
        return SiteSettings.for_request(request)
    except (SiteSettings.DoesNotExist, DatabaseError):
        return None


@register.simple_tag
def latest_stories(count: int = 5) -> list[ArticlePage]:
    """The newest live stories, for error pages: none if the database fails."""
    try:
        return list(ArticlePage.objects.live().public().recent().defer("body")[:count])
    except DatabaseError:
        return []


@register.simple_tag
def timestamp(value) -> str:
    """<time> for a moment, shown in the site's time zone: 27 November 2026, 10:45."""
    if not value:
        return ""
    local = timezone.localtime(value).replace(microsecond=0)
    return format_html(
        '<time datetime="{}">{}</time>',
        local.isoformat(),
        dateformat.format(local, DATE_FORMAT),
    )
