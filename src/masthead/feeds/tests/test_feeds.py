"""RSS and Atom feeds, read by a real feed parser as a reader's app would."""

from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    make_image,
)
from masthead.feeds import feeds
from masthead.feeds.models import FeedSettings

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200, response.status_code
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def age(*articles, hours: int = 1) -> None:
    """Move stories' dates back, so a later change is in a later second."""
    when = timezone.now() - timedelta(hours=hours)
    Page.objects.filter(pk__in=[a.pk for a in articles]).update(
        first_published_at=when, last_published_at=when
    )


@pytest.fixture
def story():
    author = AuthorFactory(title="Rahima Akter", slug="rahima-akter")
    section = SectionFactory(title="National", slug="national")
    return ArticleFactory(
        parent=section,
        title="Rice & fish prices rise",
        standfirst="Markets in Dhaka saw the steepest rise this year.",
        authors=[author],
        tags=["Prices", "Markets"],
        featured_image=make_image("Market stall"),
    )


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_site_feed_carries_each_story_with_its_details(client, story, url):
    parsed = parse(client.get(url))
    assert parsed.feed.title == "The Daily Masthead"
    (entry,) = parsed.entries
    assert entry.title == "Rice & fish prices rise"
    assert entry.link == f"http://localhost{story.url}"
    assert entry.id == f"urn:masthead:article:{story.pk}"
    assert entry.guidislink is False
    assert entry.author == "Rahima Akter"
    assert entry.summary == "Markets in Dhaka saw the steepest rise this year."
    assert [t.term for t in entry.tags] == ["National", "Prices", "Markets"]
    assert entry.published_parsed[:6] == story.first_published_at.utctimetuple()[:6]
    if "atom" in url:  # RSS 2.0 has no element for it
        assert entry.updated_parsed[:6] == story.last_published_at.utctimetuple()[:6]
    (enclosure,) = entry.enclosures
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0
    assert enclosure.href.startswith("http://localhost/media/images/")
    assert "content" not in entry  # standfirst only, by default


def test_feed_lists_newest_first_and_at_most_the_limit(client, monkeypatch):
    section = SectionFactory()
    stories = [ArticleFactory(parent=section) for _ in range(4)]
    monkeypatch.setattr(feeds, "MAX_ITEMS", 3)
    parsed = parse(client.get("/feed/"))
    assert [e.title for e in parsed.entries] == [s.title for s in stories[:0:-1]]


def test_full_content_setting_puts_the_story_in_the_feed(client, story):
    settings = FeedSettings.for_site(Site.objects.get(is_default_site=True))
    settings.full_content = True
    settings.save()
    for url in ("/feed/", "/feed/atom/"):
        (entry,) = parse(client.get(url)).entries
        assert "The council met on Tuesday." in entry.content[0].value


def test_section_tag_and_author_feeds_hold_only_their_stories(client, story):
    other = ArticleFactory(title="Elsewhere entirely")
    for url in (
        "/feeds/section/national/",
        "/feeds/tag/prices/atom/",
        "/feeds/author/rahima-akter/",
    ):
        parsed = parse(client.get(url))
        assert [e.title for e in parsed.entries] == [story.title], url
    assert other.title in {e.title for e in parse(client.get("/feed/")).entries}
    section = parse(client.get("/feeds/section/national/atom/")).feed
    assert section.title == "National | The Daily Masthead"
    assert section.link == "http://localhost/national/"


@pytest.mark.parametrize(
    "url", ["/feeds/section/nowhere/", "/feeds/tag/nothing/", "/feeds/author/nobody/"]
)
def test_unknown_scope_is_not_found(client, url):
    ArticleFactory()
    assert client.get(url).status_code == 404


def test_feed_answers_conditional_get_with_not_modified(client, story):
    age(story)
    first = client.get("/feed/")
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/feed/", headers={"if-none-match": etag}).status_code == 304
    assert (
        client.get("/feed/", headers={"if-modified-since": modified}).status_code == 304
    )


def test_edited_headline_shows_and_changes_the_etag(client, story):
    first = client.get("/feed/atom/")
    story.title = "Rice and fish prices rise again"
    story.save_revision().publish()
    second = client.get("/feed/atom/", headers={"if-none-match": first["ETag"]})
    (entry,) = parse(second).entries
    assert entry.title == "Rice and fish prices rise again"
    assert entry.id == f"urn:masthead:article:{story.pk}"  # same GUID after edit


def test_unpublished_story_leaves_the_feed_and_is_not_a_304(client, story):
    kept = ArticleFactory(parent=story.get_parent())
    age(story, kept)
    modified = client.get("/feed/")["Last-Modified"]
    story.unpublish()
    response = client.get("/feed/", headers={"if-modified-since": modified})
    assert [e.title for e in parse(response).entries] == [kept.title]


def test_feed_queries_do_not_grow_with_items(client):
    section = SectionFactory()
    author = AuthorFactory()

    def add_stories(n):
        for i in range(n):
            ArticleFactory(
                parent=section,
                authors=[author],
                tags=[f"tag{i}", "common"],
                featured_image=make_image(f"photo {i}"),
            )

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            parse(client.get(url))
        return len(captured)

    add_stories(2)
    urls = ["/feed/", "/feed/atom/", f"/feeds/section/{section.slug}/"]
    for url in urls:
        queries(url)  # renditions are made on the first request
    few = {url: queries(url) for url in urls}
    add_stories(6)
    for url in urls:
        queries(url)
    assert {url: queries(url) for url in urls} == few
    assert max(few.values()) <= 16
    assert ArticlePage.objects.live().count() == 8
