"""Keeping the index: the rebuild command, and searches past the count limit
or over broad filters (the paths a 100,000-story archive takes)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import SectionFactory
from masthead.search import ranking
from masthead.search.tests.factories import story

pytestmark = pytest.mark.django_db


def test_update_index_rebuilds_with_a_progress_bar(client, capsys):
    headlines = [f"Tannery pollution fined in ward {n}" for n in range(5)]
    for headline in headlines:
        story(headline)
    # Chunks of two: every story is indexed once, across chunk boundaries.
    call_command("update_index", chunk_size=2, stdout=io.StringIO())
    assert "articles.ArticlePage: 100%" in capsys.readouterr().err
    response = client.get("/search.json", {"q": "tannery"})
    assert sorted(r["headline"] for r in response.json()["results"]) == headlines


def test_past_the_limit_a_search_says_more_and_pages_stop(
    client, settings, monkeypatch
):
    monkeypatch.setattr(ranking, "MAX_RESULTS", 3)
    settings.MASTHEAD_PAGE_SIZE = 2
    for n in range(5):
        story(f"Brickfield report {n}", days_old=n + 1)
    html = client.get("/search/", {"q": "brickfield"}).text
    assert "More than 3 results for “brickfield”" in html
    assert "Page 1 of 2" in html
    assert client.get("/search/", {"q": "brickfield", "page": 3}).status_code == 404
    data = client.get("/search.json", {"q": "brickfield"}).json()
    assert (data["count"], data["more"]) == (3, True)
    exact = client.get("/search.json", {"q": "brickfield report 4"}).json()
    assert (exact["count"], exact["more"]) == (1, False)


@pytest.fixture(params=["narrow", "broad"])
def filter_path(request, monkeypatch):
    """A search over few stories lists them first; one over many (a whole
    archive) matches first and checks the filters afterwards. A limit of one
    story sends these small tests down the broad path."""
    if request.param == "broad":
        if connection.vendor == "sqlite":
            from masthead.search.backends import sqlite as backend
        else:
            from masthead.search.backends import postgres as backend
        monkeypatch.setattr(backend, "NARROW", 1)
    return request.param


def test_ranking_filters_and_newest_agree_on_either_path(client, filter_path):
    sport = SectionFactory(title="Sport", slug="sport")
    story("Jute mill strike", body="Workers walk out.", days_old=3)
    story("Cricket final", body="A jute bat broke.", parent=sport, days_old=2)
    story("Jute farmers cheer", body="Prices rise today.", parent=sport, days_old=40)
    story("Market day", body="Jute and rice.", days_old=1)

    def headlines(**params):
        return [
            r["headline"] for r in client.get("/search.json", params).json()["results"]
        ]

    best_first = headlines(q="jute")  # headline matches first
    assert set(best_first[:2]) == {"Jute mill strike", "Jute farmers cheer"}
    assert set(best_first[2:]) == {"Cricket final", "Market day"}
    assert headlines(q="jute", section="sport") == [
        "Jute farmers cheer",
        "Cricket final",
    ]
    assert headlines(q="jute", sort="newest") == [
        "Market day",
        "Cricket final",
        "Jute mill strike",
        "Jute farmers cheer",
    ]
    assert headlines(q="jute", section="sport", sort="newest") == [
        "Cricket final",
        "Jute farmers cheer",
    ]
    ArticlePage.objects.get(title="Market day").unpublish()
    assert "Market day" not in headlines(q="jute")
    assert client.get("/search.json", {"q": "jute"}).json()["count"] == 3


def test_unpublished_stories_ranked_first_never_take_a_live_storys_place(
    client, settings, monkeypatch
):
    """A broad search ranks the index's hits first and checks only the best
    against live stories, reading deeper when too few pass: fifteen stories
    taken down, each a better match than any live one, still leave page
    one full of live stories and page two with the rest."""
    monkeypatch.setattr(ranking, "RERANK_WINDOW", 2)
    settings.MASTHEAD_PAGE_SIZE = 2
    taken_down = [story(f"Jute scandal retracted {n}").pk for n in range(15)]
    ArticlePage.objects.filter(pk__in=taken_down).update(live=False)
    live = {
        story(f"Harbour report {n}", body="Jute bales wait.", days_old=n + 1).title
        for n in range(3)
    }

    def headlines(page):
        html = client.get("/search/", {"q": "jute", "page": page}).text
        return {headline for headline in live if headline in html}, html

    first, html = headlines(1)
    assert len(first) == 2
    assert "3 results" in html
    assert "retracted" not in html
    second, html = headlines(2)
    assert second == live - first
    assert "retracted" not in html


def test_with_many_hits_candidates_come_first_and_every_hit_is_listed(
    client, monkeypatch
):
    """Past MANY hits of one word PostgreSQL scores a few candidates (the
    best headline matches, the newest stories' hits, the index's first hits)
    before the rest: here limits of one or two stand in for the real
    hundreds. SQLite ranks every hit; the order a reader sees is the same."""
    from masthead.search.backends import postgres

    monkeypatch.setattr(postgres, "NARROW", 1)
    monkeypatch.setattr(postgres, "MANY", 2)
    monkeypatch.setattr(postgres, "HEADLINE_CANDIDATES", 2)
    monkeypatch.setattr(postgres, "RECENT_CANDIDATES", 1)
    monkeypatch.setattr(postgres, "FIRST_CANDIDATES", 1)
    headline_matches = [f"Jute exports rise {n}" for n in range(3)]
    body_matches = [f"Mill report {n}" for n in range(4)]
    for n, headline in enumerate(headline_matches):
        story(headline, body="Mills are busy.", days_old=10 + n)
    for n, headline in enumerate(body_matches):
        story(headline, body="The jute harvest was late.", days_old=20 + n)

    data = client.get("/search.json", {"q": "jute"}).json()
    found = [result["headline"] for result in data["results"]]
    assert data["count"] == 7
    assert set(found[:3]) == set(headline_matches)
    assert set(found[3:]) == set(body_matches)
    # Slices inside the candidates and past them agree with the whole list.
    results = ArticlePage.objects.live().search(ranking.parse_query("jute"))
    whole = [article.pk for article in results[0:7]]
    pieces = [article.pk for n in range(0, 7, 2) for article in results[n : n + 2]]
    assert pieces == whole
    assert len(set(whole)) == 7


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="title_norm is PostgreSQL's: SQLite's FTS5 weighs headlines itself",
)
def test_saving_a_story_weighs_its_headline_without_reading_every_entry():
    """Wagtail read the whole index twice on every save (740 ms a story on a
    million-story archive); the average headline length is now that of the
    newest entries (bodies are in the entries' rows: reading every entry
    would read every story), kept an hour."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.db.models.functions import Length
    from django.test.utils import CaptureQueriesContext
    from modelsearch.conf import get_app_config

    from masthead.search.backends import postgres

    IndexEntry = get_app_config().get_model("IndexEntry")
    cache.delete(postgres.TITLE_AVERAGE_KEY)
    with CaptureQueriesContext(connection) as queries:
        story("Ferry strike ends at dawn", days_old=1)
    averages = [q["sql"] for q in queries if "AVG(" in q["sql"].upper()]
    assert averages  # taken once, over the newest entries only
    assert all(f"LIMIT {postgres.TITLE_AVERAGE_SAMPLE}" in sql for sql in averages)
    average = cache.get(postgres.TITLE_AVERAGE_KEY)
    assert average > 0
    with CaptureQueriesContext(connection) as queries:
        second = story("Ferry timetable changes", days_old=3)
    assert not [q for q in queries if "AVG(" in q["sql"].upper()]
    entry = IndexEntry.objects.annotate(words=Length("title")).get(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        object_id=str(second.pk),
    )
    assert entry.title_norm == pytest.approx(average / entry.words)
    # The weight counts: the shorter headline ranks first, though older.
    response = Client().get("/search.json", {"q": "ferry"})
    assert [r["headline"] for r in response.json()["results"]] == [
        "Ferry timetable changes",
        "Ferry strike ends at dawn",
    ]
