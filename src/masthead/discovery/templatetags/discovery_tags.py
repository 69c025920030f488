from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from masthead.cache import context as page_cache
from masthead.discovery.breaking import current_banner
from masthead.discovery.counting import most_read
from masthead.discovery.related import (
    excerpt,
    related_stories,
    rendered_lists_generation,
)

register = template.Library()

MOST_READ_SECONDS = 60
# A related story with a future date shows at most this long after it is due.
RELATED_SECONDS = 300  # the list moves once a minute, when counts are flushed


@register.inclusion_tag("discovery/breaking_news.html")
def breaking_news() -> dict:
    return {"banner": current_banner()}


@register.simple_tag(takes_context=True)
def related_block(context, article) -> str:
    """'You may also like': rendered from the stored list, then kept in the
    cache until any story is published, unpublished or deleted."""
    key = f"discovery:related:{article.pk}:{rendered_lists_generation()}"
    block = cache.get(key)
    if block is None:
        stories = related_stories(article)
        for story in stories:
            story.excerpt = excerpt(story)
        html = render_to_string(
            "discovery/related_stories.html",
            {"stories": stories},
            request=context.get("request"),
        )
        block = {"html": html, "ids": [story.pk for story in stories]}
        cache.set(key, block, RELATED_SECONDS)
    # A CDN purging one of these stories purges this page too.
    page_cache.note_tags(*(f"article-{pk}" for pk in block["ids"]))
    return mark_safe(block["html"])  # noqa: S308 - our own template's output


@register.inclusion_tag("discovery/most_read.html", takes_context=True)
def most_read_block(context, days: int = 1, count: int = 5) -> dict:
    request = context.get("request")
    key = f"discovery:most-read:{days}:{count}"
    stories = cache.get(key)
    if stories is None:
        stories = [
            {"title": story.title, "url": story.get_url(request)}
            for story in most_read(days, count)
        ]
        cache.set(key, stories, MOST_READ_SECONDS)
    return {"stories": stories, "days": days}
