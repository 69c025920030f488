"""A search past its time limit stops, and the reader is asked to narrow it."""

import time

import pytest
from django.db import connection

from masthead.search.deadline import TooSlow, time_limit
from masthead.search.tests.factories import story

pytestmark = pytest.mark.django_db


def slow_sql(scale: int) -> str:
    """A statement that runs for about scale seconds (for millions of years
    at 10**10) unless stopped."""
    if connection.vendor == "postgresql":
        return f"SELECT pg_sleep({scale})"
    return (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "  # noqa: S608 (an int of ours)
        f"WHERE i < {scale} * 10000000) SELECT count(*) FROM n"
    )


def test_a_statement_running_past_the_limit_is_stopped_and_the_connection_lives():
    started = time.monotonic()
    with (
        pytest.raises(TooSlow),
        time_limit(0.3, connection.alias),
        connection.cursor() as cursor,
    ):
        cursor.execute(slow_sql(10**10))
    assert time.monotonic() - started < 10
    with connection.cursor() as cursor:  # the next statement runs as usual
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
        cursor.execute(slow_sql(0))


def test_within_the_limit_nothing_changes():
    with time_limit(5, connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_search_out_of_time_asks_the_reader_to_narrow_it(client, settings):
    story("Ferry strike ends", body="The ferries sail again.")
    settings.MASTHEAD_SEARCH_TIMEOUT_SECONDS = 1e-9  # over before it starts
    response = client.get("/search/", {"q": "ferry <b>strike</b>"})
    assert response.status_code == 503
    html = response.text
    assert "This search took too long: “ferry &lt;b&gt;strike&lt;/b&gt;”" in html
    assert "Narrow it to a section, an author or dates" in html
    assert 'value="ferry &lt;b&gt;strike&lt;/b&gt;"' in html  # kept in the box
    assert "Latest stories" in html and "Ferry strike ends" in html
    data = client.get("/search.json", {"q": "ferry"}).json()
    assert data["errors"]["q"][0]["code"] == "too_slow"

    settings.MASTHEAD_SEARCH_TIMEOUT_SECONDS = 3
    assert "1 result for" in client.get("/search/", {"q": "ferry"}).text
