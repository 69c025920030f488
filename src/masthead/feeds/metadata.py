"""What a page tells machines about itself: canonical URL, feed links,
schema.org JSON-LD, OpenGraph and Twitter cards, and share links.

Everything is built from what the page's view already loaded (the page, its
section, tags and corrections in the template context) plus one query for the
lead image's renditions, so a page's query count does not grow.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urljoin

from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from masthead.articles.models import (
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
)
from masthead.comments.models import published_comments_for
from masthead.core.models import SiteSettings

# Google asks for 16:9, 4:3 and 1:1 crops of an article's image.
JSON_LD_COMMENTS = 50  # the oldest; commentCount gives the total
IMAGE_CROPS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
CARD_CROP = IMAGE_CROPS[0]
LOGO_FILTER = "max-600x60"  # Google's publisher logo: at most 600 by 60
SEARCH_PATH = "/search/"
# Characters that could end the <script> element or open markup inside it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_for_script(data) -> str:
    """JSON that is safe inside <script type="application/ld+json">."""
    return json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)


def iso(moment) -> str | None:
    return (
        timezone.localtime(moment).replace(microsecond=0).isoformat()
        if moment
        else None
    )


@dataclass
class PageMeta:
    canonical: str = ""
    title: str = ""
    description: str = ""
    feeds: list[tuple[str, str, str]] = field(default_factory=list)  # title, rss, atom
    json_ld: list[dict] = field(default_factory=list)
    og: list[tuple[str, str]] = field(default_factory=list)
    twitter: list[tuple[str, str]] = field(default_factory=list)
    no_index: bool = False  # the editor asked search engines not to list it

    @property
    def json_ld_scripts(self) -> list[str]:
        return [json_for_script(data) for data in self.json_ld]


class MetaBuilder:
    def __init__(self, context):
        self.context = context
        self.request = context["request"]
        self.site = Site.find_for_request(self.request)
        if self.site is None:
            raise LookupError("No site answers at this address.")
        self.settings = SiteSettings.for_request(self.request)
        self.name = self.settings.publication_name

    def absolute(self, url: str) -> str:
        return urljoin(self.site.root_url + "/", url)

    def feed_link(self, title: str, kind: str, slug: str = "") -> tuple[str, str, str]:
        args = [slug] if slug else []
        return (
            title,
            self.request.build_absolute_uri(reverse(f"feeds:{kind}_rss", args=args)),
            self.request.build_absolute_uri(reverse(f"feeds:{kind}_atom", args=args)),
        )

    def canonical(self, page=None) -> str:
        """The page's own address, keeping ?page=N past the first page."""
        url = (
            page.get_full_url(self.request)
            if page is not None
            else self.absolute(self.request.path)
        )
        number = self.request.GET.get("page", "")
        if number.isascii() and number.isdigit() and int(number) > 1:  # not "²"
            url += "?" + urlencode({"page": number})
        return url

    def home_url(self) -> str:
        return self.site.root_url + "/"  # the root page's URL, without loading it

    def breadcrumbs(self, trail: list[tuple[str, str]]) -> dict:
        items = [("Home", self.home_url()), *trail]
        return {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "name": name, "item": url}
                for n, (name, url) in enumerate(items, start=1)
            ],
        }

    def publisher(self) -> dict:
        publisher = {
            "@type": "NewsMediaOrganization",
            "name": self.name,
            "url": self.home_url(),
        }
        if self.settings.logo:
            logo = self.settings.logo.get_rendition(LOGO_FILTER)
            publisher["logo"] = {
                "@type": "ImageObject",
                "url": self.absolute(logo.url),
                "width": logo.width,
                "height": logo.height,
            }
        return publisher

    def build(self) -> PageMeta:
        page = self.context.get("page")
        if isinstance(page, ArticlePage):
            return self.article(page)
        if isinstance(page, HomePage):
            return self.home(page)
        if isinstance(page, SectionPage):
            return self.section(page)
        if isinstance(page, AuthorPage):
            return self.author(page)
        if isinstance(page, AuthorIndexPage):
            meta = self.basic(page)
            meta.json_ld.append(self.breadcrumbs([(page.title, meta.canonical)]))
            return meta
        tag = self.context.get("tag")
        if tag is not None and hasattr(tag, "slug"):
            return self.tag(tag)
        return self.basic(page)

    def basic(self, page=None, description: str = "") -> PageMeta:
        title = (page.seo_title or page.title) if page is not None else ""
        meta = PageMeta(
            canonical=self.canonical(page),
            title=title,
            description=description
            or (page.search_description if page is not None else "")
            or self.settings.tagline,
        )
        meta.og = [
            ("og:type", "website"),
            ("og:site_name", self.name),
            ("og:url", meta.canonical),
            ("og:title", title or self.name),
        ]
        if meta.description:
            meta.og.append(("og:description", meta.description))
        meta.twitter = [
            ("twitter:card", "summary"),
            ("twitter:title", title or self.name),
        ]
        return meta

    def home(self, page: HomePage) -> PageMeta:
        meta = self.basic(page)
        meta.title = self.name
        meta.feeds.append(self.feed_link(self.name, "site"))
        meta.json_ld.append(
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": self.name,
                "url": meta.canonical,
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": self.absolute(SEARCH_PATH)
                        + "?q={search_term_string}",
                    },
                    "query-input": "required name=search_term_string",
                },
            }
        )
        meta.json_ld.append({"@context": "https://schema.org", **self.publisher()})
        return meta

    def section(self, page: SectionPage) -> PageMeta:
        meta = self.basic(page, description=page.intro)
        meta.feeds.append(self.feed_link(page.title, "section", page.slug))
        meta.json_ld.append(self.breadcrumbs([(page.title, meta.canonical)]))
        return meta

    def author(self, page: AuthorPage) -> PageMeta:
        meta = self.basic(page, description=page.role)
        meta.og[0] = ("og:type", "profile")
        meta.feeds.append(self.feed_link(page.title, "author", page.slug))
        person = {
            "@type": "Person",
            "name": page.title,
            "url": meta.canonical,
        }
        if page.role:
            person["jobTitle"] = page.role
        if page.photo:
            person["image"] = self.absolute(
                page.photo.get_rendition("fill-400x400").url
            )
        meta.json_ld.append(
            {
                "@context": "https://schema.org",
                "@type": "ProfilePage",
                "url": meta.canonical,
                "mainEntity": person,
            }
        )
        index = page.get_parent()
        meta.json_ld.append(
            self.breadcrumbs(
                [
                    (index.title, index.get_full_url(self.request)),
                    (page.title, meta.canonical),
                ]
            )
        )
        return meta

    def tag(self, tag) -> PageMeta:
        meta = self.basic(description=f"The latest stories about {tag.name}.")
        meta.title = f"Stories tagged “{tag.name}”"
        meta.og[3] = ("og:title", meta.title)
        meta.feeds.append(self.feed_link(tag.name, "tag", tag.slug))
        meta.json_ld.append(self.breadcrumbs([(tag.name, meta.canonical)]))
        return meta

    def article(self, page: ArticlePage) -> PageMeta:
        section = self.context.get("section") or page.get_section()
        tags = self.context.get("tags")
        if tags is None:
            tags = list(page.tags.all())
        corrections = self.context.get("corrections")
        if corrections is None:
            corrections = list(page.corrections.order_by("-published_at"))
        description = page.search_description or page.standfirst
        meta = self.basic(page, description=description)
        meta.no_index = page.no_index
        if section is not None:
            meta.feeds.append(self.feed_link(section.title, "section", section.slug))
        crops = (  # one query at most, none once Wagtail's rendition cache has them
            page.featured_image.get_renditions(*IMAGE_CROPS)
            if page.featured_image
            else {}
        )
        images = [
            self.absolute(crops[spec].url) for spec in IMAGE_CROPS if spec in crops
        ]

        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": page.title,
            "url": meta.canonical,
            "mainEntityOfPage": {"@type": "WebPage", "@id": meta.canonical},
            "datePublished": iso(page.first_published_at),
            "dateModified": iso(page.last_published_at or page.first_published_at),
            "author": self.article_authors(page),
            "publisher": self.publisher(),
            "inLanguage": "en",
        }
        if description:
            data["description"] = description
        if images:
            data["image"] = images
        if section is not None:
            data["articleSection"] = section.title
        if tags:
            data["keywords"] = [tag.name for tag in tags]
        if corrections:
            data["correction"] = [
                {
                    "@type": "CorrectionComment",
                    "text": note.text,
                    "datePublished": iso(note.published_at),
                }
                for note in corrections
            ]
        comments = published_comments_for(page)
        data["commentCount"] = len(comments)
        if comments:
            data["comment"] = [
                {
                    "@type": "Comment",
                    "author": {"@type": "Person", "name": comment.name},
                    "dateCreated": iso(comment.created_at),
                    "text": comment.text,
                }
                for comment in comments[:JSON_LD_COMMENTS]
            ]
        meta.json_ld.append(data)
        trail = [(section.title, section.get_full_url(self.request))] if section else []
        meta.json_ld.append(self.breadcrumbs([*trail, (page.title, meta.canonical)]))

        meta.og[0] = ("og:type", "article")
        if CARD_CROP in crops:
            card = crops[CARD_CROP]
            image_url = self.absolute(card.url)
            meta.og += [
                ("og:image", image_url),
                ("og:image:width", str(card.width)),
                ("og:image:height", str(card.height)),
                ("og:image:alt", page.featured_image_caption or page.title),
            ]
            meta.twitter = [
                ("twitter:card", "summary_large_image"),
                ("twitter:title", page.title),
                ("twitter:image", image_url),
            ]
        if description:
            meta.twitter.append(("twitter:description", description))
        meta.og += [
            ("article:published_time", iso(page.first_published_at)),
            ("article:modified_time", data["dateModified"]),
        ]
        if section is not None:
            meta.og.append(("article:section", section.title))
        meta.og += [("article:tag", tag.name) for tag in tags]
        return meta

    def article_authors(self, page: ArticlePage) -> list[dict]:
        people = [
            {
                "@type": "Person",
                "name": author.title,
                "url": author.get_full_url(self.request),
            }
            for author in page.authors
        ]
        if people:
            return people
        if page.agency:
            agency = {"@type": "Organization", "name": page.agency.name}
            if page.agency.website:
                agency["url"] = page.agency.website
            return [agency]
        return [{"@type": "Organization", "name": page.byline_credit or self.name}]


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """(label, href) for sharing a story: plain links, no third-party scripts."""

    def query(**params) -> str:
        return urlencode(params, quote_via=quote)  # %20, not +: mail apps show +

    return [
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + query(u=url)),
        ("X", "https://x.com/intent/post?" + query(url=url, text=title)),
        ("WhatsApp", "https://wa.me/?" + query(text=f"{title} {url}")),
        ("Email", "mailto:?" + query(subject=title, body=url)),
    ]
