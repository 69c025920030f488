"""Read counts: kept per story per day, nothing about the reader, written in batches."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.articles.tests.factories import ArticleFactory, SectionFactory
from masthead.discovery.counting import counter_key, flush_view_counts
from masthead.discovery.models import DailyViewCount
from masthead.newsroom.scheduler import run_worker_jobs

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Android 14; Mobile) Firefox/133.0"


def beacon_url(client, story) -> str:
    """The beacon is an image with empty alternative text, hidden from screen
    readers (not a style attribute, which the Content-Security-Policy refuses)."""
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    beacon = soup.select_one(".beacon")
    assert beacon.name == "img" and beacon["aria-hidden"] == "true"
    assert beacon["alt"] == ""
    assert not beacon.has_attr("style")
    return beacon["src"]


def test_two_views_make_one_row_of_two_after_one_flush(client):
    story = ArticleFactory()
    url = beacon_url(client, story)
    with CaptureQueriesContext(connection) as captured:
        for _ in range(2):
            response = client.get(url, HTTP_USER_AGENT=BROWSER)
            assert response.status_code == 200
            assert response["Content-Type"] == "image/gif"
            assert response["Cache-Control"] == "no-store"
            assert not response.cookies
    assert len(captured) == 0  # a view writes nothing to the database
    assert not DailyViewCount.objects.exists()

    assert flush_view_counts() == 2
    row = DailyViewCount.objects.get()
    assert (row.article_id, row.day, row.views) == (story.pk, timezone.localdate(), 2)

    assert flush_view_counts() == 0  # nothing counted twice
    client.get(url, HTTP_USER_AGENT=BROWSER)
    call_command("flush_view_counts", verbosity=0)
    assert DailyViewCount.objects.get().views == 3


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
        " Preview",
        "Mozilla/5.0 (compatible; Yahoo! Slurp)",
        "Screaming Frog SEO Spider/19.0",
        "ia_archiver crawler",
    ],
)
def test_bots_and_empty_agents_are_not_counted(client, agent):
    story = ArticleFactory()
    response = client.get(f"/discovery/seen/{story.pk}.gif", HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    assert flush_view_counts() == 0
    assert not DailyViewCount.objects.exists()


def test_counts_keep_nothing_about_the_reader(client):
    fields = {f.name for f in DailyViewCount._meta.get_fields()}
    assert fields == {"id", "article", "day", "views"}
    story = ArticleFactory()
    client.get(
        f"/discovery/seen/{story.pk}.gif",
        HTTP_USER_AGENT=BROWSER,
        REMOTE_ADDR="203.0.113.7",
    )
    flush_view_counts()
    row = DailyViewCount.objects.values().get()
    assert "203.0.113.7" not in str(row) and "Mozilla" not in str(row)


def test_views_of_a_story_that_does_not_exist_are_dropped(client):
    client.get("/discovery/seen/999999.gif", HTTP_USER_AGENT=BROWSER)
    assert flush_view_counts() == 0
    assert not DailyViewCount.objects.exists()


def test_most_read_lists_the_most_viewed_stories(client):
    section = SectionFactory(slug="national")
    quiet = ArticleFactory(parent=section, title="A quiet story")
    popular = ArticleFactory(parent=section, title="Everyone reads this")
    for story, views in ((quiet, 1), (popular, 3)):
        for _ in range(views):
            client.get(f"/discovery/seen/{story.pk}.gif", HTTP_USER_AGENT=BROWSER)
    flush_view_counts()

    for url in ("/", quiet.url):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        items = soup.select(".most-read li a")
        assert [a.get_text() for a in items] == ["Everyone reads this", "A quiet story"]
        assert items[0]["href"] == popular.url

    popular.unpublish()
    cache.clear()  # the list is cached for a minute
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert [a.get_text() for a in soup.select(".most-read li a")] == ["A quiet story"]


def test_the_worker_writes_the_counts_on_its_rounds(client):
    story = ArticleFactory()
    client.get(f"/discovery/seen/{story.pk}.gif", HTTP_USER_AGENT=BROWSER)
    run_worker_jobs()
    assert DailyViewCount.objects.get().views == 1


def test_counting_carries_on_when_the_cache_evicts_its_bookkeeping(client):
    story = ArticleFactory()
    url = f"/discovery/seen/{story.pk}.gif"
    for _ in range(3):
        client.get(url, HTTP_USER_AGENT=BROWSER)
    assert flush_view_counts() == 3
    cache.delete("discovery:views:slots")  # the slot numbering starts again
    client.get(url, HTTP_USER_AGENT=BROWSER)
    assert flush_view_counts() == 1
    assert DailyViewCount.objects.get().views == 4


def test_a_view_whose_slot_is_written_after_a_flush_is_counted_by_the_next(client):
    """A view in another process may number its slot just before a flush and
    write it just after: the next flush still counts it."""
    story = ArticleFactory()
    key = counter_key(story.pk, timezone.localdate())
    cache.add("discovery:views:slots", 0, None)
    slot = cache.incr("discovery:views:slots")  # numbered, not yet written
    cache.add(key, 1)
    assert flush_view_counts() == 0
    cache.set(f"discovery:views:slot:{slot}", key)
    assert flush_view_counts() == 1
    assert DailyViewCount.objects.get().views == 1
