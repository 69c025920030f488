"""Sitemaps for search engines: every live public page, in files of at most
MASTHEAD_SITEMAP_LIMIT URLs (sitemaps.org allows 50,000), and Google News.

A million-story archive is read a file at a time: each sitemap file is one
page of a queryset of (url_path, last_published_at) pairs in id order, so
memory is bounded by the limit, not by the archive, and a story keeps its
place in the same file as the archive grows.
"""

from abc import ABCMeta, abstractmethod
from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page, Site

from masthead.articles.models import ArticlePage

NEWS_WINDOW = timedelta(days=2)  # Google News reads only the last two days
NEWS_MAX_URLS = 1_000  # Google News sitemap limit


def relative_url(url_path: str, site: Site) -> str:
    """A page's address on its site: /home/world/story/ → /world/story/."""
    root = site.root_page.url_path
    return "/" + url_path[len(root) :]


class PagePathSitemap(Sitemap, metaclass=ABCMeta):
    """Pages as value rows, never model instances: a few bytes per URL."""

    fields = ("url_path", "last_published_at")

    def __init__(self, site: Site):
        self.site = site

    @property
    def limit(self) -> int:
        return settings.MASTHEAD_SITEMAP_LIMIT

    @abstractmethod
    def pages(self):
        """The live pages this sitemap lists, as a queryset."""

    def items(self):
        return self.pages().order_by("pk").values(*self.fields)

    def rows(self, page: int) -> list[tuple]:
        """The (url_path, last change) pairs of one file, in id order."""
        start = (page - 1) * self.limit
        return list(
            self.pages()
            .order_by("pk")
            .values_list(*self.fields)[start : start + self.limit]
        )

    def location(self, item) -> str:
        return relative_url(item["url_path"], self.site)

    def lastmod(self, item):
        # Whole seconds: the W3C datetime search engines read.
        changed = item["last_published_at"]
        return changed.replace(microsecond=0) if changed else None

    def get_latest_lastmod(self):
        # Django's default takes the max over items(): a whole archive's rows.
        return self.pages().aggregate(latest=Max("last_published_at"))["latest"]


class ArticleSitemap(PagePathSitemap):
    def pages(self):
        return (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self.site.root_page)
            .filter(no_index=False)
        )


class ListingSitemap(PagePathSitemap):
    """The front page, sections, and author pages: everything but stories."""

    def pages(self):
        return (
            Page.objects.live()
            .public()
            .descendant_of(self.site.root_page, inclusive=True)
            .not_type(ArticlePage)
        )


def sitemaps_for(site: Site) -> dict[str, PagePathSitemap]:
    return {"pages": ListingSitemap(site), "articles": ArticleSitemap(site)}


def news_articles(site: Site):
    """Stories first published in the last two days, newest first."""
    since = timezone.now() - NEWS_WINDOW
    return (
        ArticlePage.objects.live()
        .public()
        .descendant_of(site.root_page)
        .filter(first_published_at__gte=since, no_index=False)
        .order_by("-first_published_at")
        .values("url_path", "title", "first_published_at")[:NEWS_MAX_URLS]
    )
