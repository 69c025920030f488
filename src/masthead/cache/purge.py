"""Telling a CDN in front of the site what changed, so it drops those pages.

Our own page cache needs none of this (the generation makes it fresh); a CDN
keeps pages for MASTHEAD_CDN_SECONDS unless told. MASTHEAD_CDN_PURGE says how:

* ``cloudflare://ZONE_ID`` (token in CLOUDFLARE_API_TOKEN): purge by Cache-Tag;
* ``fastly://SERVICE_ID`` (token in FASTLY_API_TOKEN): purge by Surrogate-Key;
* ``http://HOST:PORT`` (Varnish, nginx with cache purge): an HTTP PURGE for
  each address that shows the change, through Wagtail's frontend cache backend.

A story's change purges the story's tag and "listing" (every listing page
carries it); a comment's, its story's tag; anything else (site settings, the
breaking banner, a section's name) shows on every page, so everything goes.
Purges run after the transaction commits, in the background job queue.
"""

import json
import logging
import threading
import time
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django_tasks import task
from modelcluster.fields import ParentalKey

from masthead.cache.generation import REDIS_POLL_SECONDS, SharedGeneration, generation
from masthead.cache.middleware import DEFAULT_TAG
from masthead.cache.tags import tags_for_article

logger = logging.getLogger("masthead.cache")
EVERYTHING = "*"
API = {
    "cloudflare": "https://api.cloudflare.com/client/v4/zones/{id}/purge_cache",
    "fastly": "https://api.fastly.com/service/{id}/purge",
}
_pending = threading.local()
# The addresses that list stories, purged on any story's change.
LISTINGS = (
    "/",
    "/latest/",
    "/feed/",
    "/feed/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
)
# Rows that show only in listings (search results, tag lists).
LISTING_ONLY = {"wagtailsearch.indexentry", "taggit.tag"}


def tags_for_change(instance) -> set[str]:
    from wagtail.models import Page

    from masthead.articles.models import ArticlePage
    from masthead.comments.models import Comment

    if isinstance(instance, ArticlePage):
        return {*tags_for_article(instance), DEFAULT_TAG}
    if isinstance(instance, Comment):
        return {f"article-{instance.article_id}"}
    if isinstance(instance, Page):
        if isinstance(instance.specific, ArticlePage):
            return tags_for_change(instance.specific)
        return {f"page-{instance.pk}", DEFAULT_TAG}
    if instance._meta.label_lower in LISTING_ONLY:
        return {DEFAULT_TAG}
    for field in instance._meta.concrete_fields:  # part of a page: a byline, a note
        if isinstance(field, ParentalKey) and getattr(instance, field.attname):
            page_id = getattr(instance, field.attname)
            return {f"article-{page_id}", f"page-{page_id}", DEFAULT_TAG}
    return {EVERYTHING}


def note_change(instance) -> None:
    """Remember what to purge; one purge per transaction, after it commits."""
    if not settings.MASTHEAD_CDN_PURGE:
        return
    tags = getattr(_pending, "tags", None)
    if tags is None:
        tags = _pending.tags = set()
        transaction.on_commit(send_pending)
    try:
        tags |= tags_for_change(instance)
    except Exception:
        tags.add(EVERYTHING)


def send_pending() -> None:
    tags, _pending.tags = getattr(_pending, "tags", None) or set(), None
    if tags:
        purge_task.enqueue(sorted(tags))


@task()
def purge_task(tags: list[str]) -> None:
    purge(set(tags))


def purge(tags: set[str]) -> None:
    target = urlsplit(settings.MASTHEAD_CDN_PURGE)
    if isinstance(generation(), SharedGeneration):
        # The CDN fetches the page again from whichever server it reaches:
        # wait until every server has read the new generation, or one could
        # hand it the old page to keep (tests/test_deployment.py).
        time.sleep(REDIS_POLL_SECONDS + 0.05)
    try:
        if target.scheme in API:
            purge_tags(target.scheme, target.netloc, tags)
        else:
            purge_addresses(tags)
    except OSError as error:  # the CDN unreachable: it expires pages by itself
        logger.warning("CDN purge of %s failed: %s", ", ".join(sorted(tags)), error)


def purge_tags(cdn: str, zone: str, tags: set[str]) -> None:
    base = getattr(settings, "MASTHEAD_CDN_API", None) or API[cdn]
    url = base.format(id=zone)
    if cdn == "cloudflare":
        headers = {
            "Authorization": f"Bearer {settings.CLOUDFLARE_API_TOKEN}",
            "Content-Type": "application/json",
        }
        body = (
            {"purge_everything": True} if EVERYTHING in tags else {"tags": sorted(tags)}
        )
        post(url, json.dumps(body).encode(), headers)
    else:  # Fastly: purge_all, or the keys in one header
        headers = {"Fastly-Key": settings.FASTLY_API_TOKEN}
        if EVERYTHING in tags:
            post(url.rstrip("/") + "_all", b"", headers)
        else:
            post(url, b"", {**headers, "Surrogate-Key": " ".join(sorted(tags))})


def post(url: str, body: bytes, headers: dict) -> None:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (configured https endpoint)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        response.read()


def purge_addresses(tags: set[str]) -> None:
    """An HTTP cache purges addresses, not tags: the pages the tags name.

    Sent from here, in this job, rather than queued as a job of Wagtail's
    own: a second trip through the queue kept readers of a CDN on the old
    page longer. The changed story's own page goes first, as a cache that
    fetches each purged page again (deploy/nginx/cdn.conf) then has it fresh
    soonest."""
    from wagtail.contrib.frontend_cache.utils import get_backends

    def listings_last(url: str) -> tuple[bool, str]:
        return urlsplit(url).path in LISTINGS, url

    urls = sorted(addresses_for(tags), key=listings_last)
    for backend in get_backends().values():
        backend.purge_batch(urls)


def addresses_for(tags: set[str]) -> set[str]:
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return set()
    root = site.root_url
    urls = set(LISTINGS) if DEFAULT_TAG in tags or EVERYTHING in tags else set()
    page_ids = {
        int(tag.split("-", 1)[1])
        for tag in tags
        if tag.startswith(("article-", "page-", "author-"))
    }
    pages = Page.objects.filter(pk__in=page_ids)
    if EVERYTHING in tags:  # the front page, sections and author pages
        from masthead.articles.models import ArticlePage

        pages |= Page.objects.live().filter(depth__lte=4).not_type(ArticlePage)
    urls |= {page.relative_url(site) or "" for page in pages}
    urls |= {f"/tags/{tag.split('-', 1)[1]}/" for tag in tags if tag.startswith("tag-")}
    return {root + url for url in urls if url}
