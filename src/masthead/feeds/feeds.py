"""RSS 2.0 and Atom feeds of the latest stories: the whole site, a section, a
tag or an author.

Each feed costs a fixed number of queries however many items it carries, and
answers conditional GETs with 304 (see `FeedView`).
"""

import hashlib
import mimetypes
from dataclasses import dataclass
from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.db.models import Max, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.views.decorators.http import condition
from taggit.models import Tag
from wagtail.models import PageLogEntry, Site

from masthead.articles.models import (
    ArticlePage,
    ArticleQuerySet,
    ArticleTag,
    AuthorPage,
    SectionPage,
    attach_sections,
    listing_prefetches,
)
from masthead.core.models import SiteSettings
from masthead.feeds.models import FeedSettings

MAX_ITEMS = 50
ENCLOSURE_FILTER = "width-1200"  # big enough for readers' apps, small on mobile data
# A story leaving a feed changes it without a newer last_published_at left in it.
LEAVING_ACTIONS = ("wagtail.unpublish", "wagtail.delete", "wagtail.move")


def article_guid(article: ArticlePage) -> str:
    """An id that survives edits, moves and slug changes."""
    return f"urn:masthead:article:{article.pk}"


def byline_names(article: ArticlePage) -> str:
    names = [author.title for author in article.authors]
    if not names:
        credit = article.agency.credit if article.agency else ""
        return article.byline_credit or credit
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass
class Scope:
    """Which stories a feed carries and what it is called."""

    request: object
    site: Site
    title: str
    description: str
    link: str  # the listing page the feed belongs to
    articles: ArticleQuerySet
    key: str

    @classmethod
    def find(cls, request, kind: str = "site", slug: str = "") -> "Scope":
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("No site answers at this address.")
        name = SiteSettings.for_request(request).publication_name
        stories = ArticlePage.objects.live().public().descendant_of(site.root_page)
        if kind == "site":
            return cls(
                request,
                site,
                name,
                f"The latest stories from {name}.",
                site.root_page.get_full_url(request),
                stories,
                "site",
            )
        if kind == "section":
            section = get_object_or_404(
                SectionPage.objects.live().child_of(site.root_page), slug=slug
            )
            return cls(
                request,
                site,
                f"{section.title} | {name}",
                f"The latest {section.title} stories from {name}.",
                section.get_full_url(request),
                stories.in_section(section),
                f"section:{section.pk}",
            )
        if kind == "author":
            author = get_object_or_404(
                AuthorPage.objects.live().descendant_of(site.root_page), slug=slug
            )
            return cls(
                request,
                site,
                f"{author.title} | {name}",
                f"The latest stories by {author.title} in {name}.",
                author.get_full_url(request),
                stories.by_author(author),
                f"author:{author.pk}",
            )
        if kind == "tag":
            tag = get_object_or_404(Tag, slug=slug)
            return cls(
                request,
                site,
                f"{tag.name} | {name}",
                f"The latest stories about {tag.name} in {name}.",
                absolute(site, reverse("articles:tag", args=[tag.slug])),
                stories.tagged(tag),
                f"tag:{tag.pk}",
            )
        raise Http404("No such feed.")

    def last_modified(self):
        """The newest change to any story in the feed, or a story leaving it."""
        newest = self.articles.aggregate(newest=Max("last_published_at"))["newest"]
        left = PageLogEntry.objects.filter(action__in=LEAVING_ACTIONS).aggregate(
            newest=Max("timestamp")
        )["newest"]
        return max((t for t in (newest, left) if t), default=None)


class ArticleRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full story in content:encoded when the site wants it."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class ArticleAtomFeed(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class ArticleFeed(Feed):
    """The latest stories of a scope, as RSS 2.0."""

    feed_type = ArticleRssFeed
    kind = "site"
    language = "en"

    def get_object(self, request, slug: str = ""):
        return Scope.find(request, self.kind, slug)

    def title(self, scope: Scope) -> str:
        return scope.title

    def description(self, scope: Scope) -> str:
        return scope.description

    subtitle = description

    def link(self, scope: Scope) -> str:
        return scope.link

    def feed_guid(self, scope: Scope) -> str:
        return f"urn:masthead:feed:{scope.key}"

    def items(self, scope: Scope) -> list[ArticlePage]:
        """The newest stories with everything an item shows, in fixed queries."""
        request = scope.request
        full_content = FeedSettings.for_request(request).full_content
        articles = scope.articles.recent().select_related("featured_image", "agency")
        if not full_content:
            articles = articles.defer("body")
        articles = list(
            articles.prefetch_related(
                *listing_prefetches(),
                Prefetch(
                    "tagged_items", queryset=ArticleTag.objects.select_related("tag")
                ),
            )[:MAX_ITEMS]
        )
        attach_sections(articles)
        for article in articles:
            article.feed_link = article.get_full_url(request)
            article.feed_content = (
                article.body.render_as_block() if full_content else ""
            )
            article.feed_enclosure = enclosure(article, scope.site)
            authors = article.authors
            article.feed_author_link = (
                authors[0].get_full_url(request) if len(authors) == 1 else None
            )
        return articles

    def item_title(self, item: ArticlePage) -> str:
        # Plain text: readers' apps show an RSS or Atom title as text, so
        # Django's default escape() would show "&amp;" for "&".
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        # Descriptions and Atom summaries are HTML: the standfirst is text.
        return escape(item.standfirst or item.search_description)

    def item_link(self, item: ArticlePage) -> str:
        return item.feed_link

    def item_guid(self, item: ArticlePage) -> str:
        return article_guid(item)

    item_guid_is_permalink = False

    def item_author_name(self, item: ArticlePage) -> str | None:
        return byline_names(item) or None

    def item_author_link(self, item: ArticlePage) -> str | None:
        return item.feed_author_link

    def item_pubdate(self, item: ArticlePage):
        return item.first_published_at

    def item_updateddate(self, item: ArticlePage):
        return item.last_published_at

    def item_categories(self, item: ArticlePage) -> list[str]:
        section = [item.section.title] if item.section else []
        return section + [link.tag.name for link in item.tagged_items.all()]

    def item_enclosures(self, item: ArticlePage) -> list[Enclosure]:
        return [item.feed_enclosure] if item.feed_enclosure else []

    def item_extra_kwargs(self, item: ArticlePage) -> dict:
        return {"content": item.feed_content}

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # FeedView sets Last-Modified from Scope.last_modified, which also
        # counts stories that left the feed; one date, so 304s stay right.
        del response.headers["Last-Modified"]
        return response


class ArticleAtomFeedView(ArticleFeed):
    feed_type = ArticleAtomFeed


def absolute(site: Site, url: str) -> str:
    """A URL on the site's own address, as Wagtail gives its pages' URLs."""
    return urljoin(site.root_url + "/", url)


def enclosure(article: ArticlePage, site: Site) -> Enclosure | None:
    image = article.featured_image
    if image is None:
        return None
    rendition = image.get_rendition(ENCLOSURE_FILTER)
    mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
    return Enclosure(absolute(site, rendition.url), str(rendition.file.size), mime_type)


def feed_view(kind: str, atom: bool = False):
    """A feed view for a kind of scope, answering conditional GETs with 304."""
    base = ArticleAtomFeedView if atom else ArticleFeed
    feed = type(f"{kind.title()}{base.__name__}", (base,), {"kind": kind})()

    def last_modified(request, slug: str = ""):
        return _last_modified(request, kind, slug)

    def etag(request, slug: str = ""):
        # The setting changes the bytes without changing any date.
        changed = _last_modified(request, kind, slug)
        full = FeedSettings.for_request(request).full_content
        raw = f"{kind}:{slug}:{atom}:{full}:{changed and changed.isoformat()}"
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    return condition(etag_func=etag, last_modified_func=last_modified)(feed)


def _last_modified(request, kind: str, slug: str):
    cache = request.__dict__.setdefault("_masthead_feed_modified", {})
    if (kind, slug) not in cache:
        cache[kind, slug] = Scope.find(request, kind, slug).last_modified()
    return cache[kind, slug]
