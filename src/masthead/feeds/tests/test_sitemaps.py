"""robots.txt, the sitemap index, its files and the Google News sitemap."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticleFactory, SectionFactory
from masthead.feeds.models import FeedSettings

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def sitemap_locs(client, url: str) -> list[str]:
    root = xml(client.get(url))
    assert root.tag == f"{SM}urlset"
    for entry in root:
        assert entry.tag == f"{SM}url"
        assert {child.tag for child in entry} <= {
            f"{SM}loc",
            f"{SM}lastmod",
            f"{SM}changefreq",
            f"{SM}priority",
        }
        lastmod = entry.find(f"{SM}lastmod")  # optional: pages never published
        if lastmod is not None:
            assert datetime.fromisoformat(lastmod.text).tzinfo is not None
    return [entry.find(f"{SM}loc").text for entry in root]


def index_locs(client) -> list[str]:
    root = xml(client.get("/sitemap.xml"))
    assert root.tag == f"{SM}sitemapindex"
    for entry in root:
        assert entry.tag == f"{SM}sitemap"
        assert entry.find(f"{SM}loc") is not None
    return [entry.find(f"{SM}loc").text for entry in root]


def test_robots_txt_has_the_editors_rules_and_the_sitemaps(client):
    ArticleFactory()
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines

    settings = FeedSettings.for_site(Site.objects.get(is_default_site=True))
    settings.robots_txt = "User-agent: *\nDisallow: /private/"
    settings.save()
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /private/" in lines and "Disallow: /admin/" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_lists_every_live_page_with_its_last_change(client):
    section = SectionFactory(slug="world")
    story = ArticleFactory(parent=section, slug="summit-ends")
    draft = ArticleFactory(parent=section, slug="draft-story")
    draft.unpublish()
    assert index_locs(client) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-articles.xml",
    ]
    assert sitemap_locs(client, "/sitemap-articles.xml") == [
        "http://testserver/world/summit-ends/"
    ]
    root = xml(client.get("/sitemap-articles.xml"))
    lastmod = datetime.fromisoformat(root.find(f"{SM}url/{SM}lastmod").text)
    story.refresh_from_db()
    assert lastmod == story.last_published_at.replace(microsecond=0)
    pages = sitemap_locs(client, "/sitemap-pages.xml")
    assert "http://testserver/" in pages
    assert "http://testserver/world/" in pages
    assert "http://testserver/authors/" in pages
    assert not any("summit-ends" in url for url in pages)


def test_archive_is_split_into_files_of_at_most_the_limit(client, settings):
    """The split at 50,000 URLs, seen at a limit of 50 with 120 stories."""
    settings.MASTHEAD_SITEMAP_LIMIT = 50
    section = SectionFactory()
    ArticleFactory(parent=section)
    # Copies of a published story: a bigger archive than factories make fast.
    first = ArticlePage.objects.get()
    for n in range(119):
        section.add_child(
            instance=ArticlePage(
                title=f"Archive story {n}",
                slug=f"archive-{n}",
                live=True,
                first_published_at=first.first_published_at,
                last_published_at=first.last_published_at,
            )
        )
    article_files = [url for url in index_locs(client) if "articles" in url]
    assert article_files == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    counts = [
        len(sitemap_locs(client, url.removeprefix("http://testserver")))
        for url in article_files
    ]
    assert counts == [50, 50, 20]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_news_sitemap_has_only_the_last_two_days(client):
    section = SectionFactory(slug="world")
    fresh = ArticleFactory(parent=section, slug="fresh", title="Fresh & new")
    old = ArticleFactory(parent=section, slug="old")
    Page.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(days=3)
    )
    root = xml(client.get("/sitemap-news.xml"))
    assert root.tag == f"{SM}urlset"
    (entry,) = root
    assert entry.find(f"{SM}loc").text == "http://testserver/world/fresh/"
    news = entry.find(f"{NEWS}news")
    publication = news.find(f"{NEWS}publication")
    assert publication.find(f"{NEWS}name").text == "The Daily Masthead"
    assert publication.find(f"{NEWS}language").text == "en"
    published = datetime.fromisoformat(news.find(f"{NEWS}publication_date").text)
    fresh.refresh_from_db()
    assert published == fresh.first_published_at.replace(microsecond=0)
    assert news.find(f"{NEWS}title").text == "Fresh & new"


def test_edited_headline_and_unpublished_story_show_in_sitemaps(client):
    story = ArticleFactory(title="First headline")
    story.title = "Second headline"
    story.save_revision().publish()
    root = xml(client.get("/sitemap-news.xml"))
    assert root.find(f"{SM}url/{NEWS}news/{NEWS}title").text == "Second headline"
    story.unpublish()
    assert len(xml(client.get("/sitemap-news.xml"))) == 0
    assert sitemap_locs(client, "/sitemap-articles.xml") == []


def test_sitemap_queries_do_not_grow_with_the_archive(client, settings):
    """Each file costs the same few queries at 20 stories as at 120."""
    settings.MASTHEAD_SITEMAP_LIMIT = 50
    section = SectionFactory()
    ArticleFactory(parent=section)
    first = ArticlePage.objects.get()

    def add_copies(start, n):
        for i in range(start, start + n):
            section.add_child(
                instance=ArticlePage(
                    title=f"Archive story {i}",
                    slug=f"archive-{i}",
                    live=True,
                    first_published_at=first.first_published_at,
                    last_published_at=first.last_published_at,
                )
            )

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml"]
    add_copies(0, 19)
    for url in urls:
        queries(url)  # settings rows are made on the first request
    few = {url: queries(url) for url in urls}
    add_copies(19, 100)
    assert {url: queries(url) for url in urls} == few
    assert queries("/sitemap-articles.xml?p=3") == few["/sitemap-articles.xml"]
    assert max(few.values()) <= 10
