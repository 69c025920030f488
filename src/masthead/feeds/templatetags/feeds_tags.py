"""Tags that put a page's machine-readable description in its <head>, and
share links on a story."""

from django import template
from django.db import DatabaseError
from django.utils.safestring import mark_safe

from masthead.feeds.metadata import MetaBuilder, share_links

register = template.Library()


@register.inclusion_tag("feeds/page_meta.html", takes_context=True)
def page_meta(context) -> dict:
    """Canonical URL, feed links, JSON-LD, OpenGraph and Twitter card tags."""
    if context.get("request") is None or "request_path" in context:
        return {"meta": None}  # error pages: nothing to describe
    try:
        meta = MetaBuilder(context).build()
    except (DatabaseError, LookupError):
        return {"meta": None}
    scripts = [mark_safe(script) for script in meta.json_ld_scripts]  # noqa: S308
    return {"meta": meta, "json_ld": scripts}


@register.inclusion_tag("feeds/share_links.html", takes_context=True)
def share_story(context) -> dict:
    page = context["page"]
    url = page.get_full_url(context["request"])
    return {"url": url, "links": share_links(url, page.title)}
