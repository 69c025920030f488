"""The search page a reader sees: results, snippets, filters, pages, messages."""

import re

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from masthead.articles.tests.factories import AuthorFactory, SectionFactory
from masthead.search.tests.factories import story

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200, response.status_code
    return response.text


def result_titles(html: str) -> list[str]:
    titles = re.findall(r'<h3 class="card-title"><a href="[^"]*">(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def test_the_header_search_form_opens_the_search_page(client):
    story("Power cuts across the city")
    html = client.get("/search/").text
    assert re.search(r'<form[^>]*action="/search/"[^>]*method="get"', html)
    html = search(client, q="power")
    assert "1 result for “power”" in html


def test_a_result_shows_headline_section_byline_date_and_marked_snippet(client):
    section = SectionFactory(title="Business", slug="business")
    author = AuthorFactory(title="Nasrin Akter")
    story(
        "Garment exports climb",
        standfirst="Orders from Europe picked up.",
        body="Factory owners said <b>exports</b> rose in October.",
        parent=section,
        authors=[author],
    )
    html = search(client, q="exports")
    assert result_titles(html) == ["Garment exports climb"]
    assert '<h3 class="card-title"><a href="/business/' in html
    assert ">Business</a>" in html
    assert "Nasrin Akter" in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html)
    assert "Factory owners said <mark>exports</mark> rose" in html


def test_the_snippet_is_escaped_before_it_is_marked(client):
    story("Tags in copy", body="A &lt;script&gt;alert(1)&lt;/script&gt; tiger test.")
    html = search(client, q="tiger")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>tiger</mark>" in html


def test_results_come_a_page_at_a_time_with_a_count(client, settings):
    settings.MASTHEAD_PAGE_SIZE = 2
    section = SectionFactory()
    for n in range(5):
        story(f"Harbour report {n}", days_old=n + 1, parent=section)
    first = search(client, q="harbour")
    assert "5 results for “harbour”" in first
    assert "Page 1 of 3" in first
    assert 'rel="next" href="?q=harbour&amp;page=2"' in first
    last = search(client, q="harbour", page=3)
    assert len(result_titles(last)) == 1
    seen = result_titles(first) + result_titles(search(client, q="harbour", page=2))
    assert len(set(seen + result_titles(last))) == 5


def test_a_page_past_the_end_is_a_friendly_not_found(client):
    story("Harbour report")
    response = client.get("/search/", {"q": "harbour", "page": 99})
    assert response.status_code == 404
    assert "There is no page 99 of these results" in response.text
    assert 'href="?q=harbour"' in response.text


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999999999999999999"])
def test_a_bad_page_number_gets_a_message(client, page):
    story("Harbour report")
    html = search(client, q="harbour", page=page)
    assert "page number" in html.lower()


def test_newest_first_sorts_by_date(client):
    section = SectionFactory()
    story("Tea prices", body="Tea tea tea tea.", days_old=30, parent=section)
    story("Market news", body="Tea was sold.", days_old=1, parent=section)
    assert result_titles(search(client, q="tea")) == ["Tea prices", "Market news"]
    assert result_titles(search(client, q="tea", sort="newest")) == [
        "Market news",
        "Tea prices",
    ]


def test_filters_by_section(client):
    sport = SectionFactory(title="Sport", slug="sport")
    story("Cricket win", body="A win.", parent=sport)
    story("Election win", body="A win.")
    assert result_titles(search(client, q="win", section="sport")) == ["Cricket win"]


def test_filters_by_author(client):
    author = AuthorFactory(title="Karim Uddin", slug="karim-uddin")
    story("Bridge opens", body="Traffic flows.", authors=[author])
    story("Bridge closes", body="Traffic stops.")
    html = search(client, q="bridge", author="karim-uddin")
    assert result_titles(html) == ["Bridge opens"]


def test_filters_by_date_range(client):
    from django.utils import timezone

    story("Budget old", days_old=100)
    story("Budget new", days_old=2)
    today = timezone.localdate()
    since = (today - timezone.timedelta(days=10)).isoformat()
    assert result_titles(search(client, q="budget", since=since)) == ["Budget new"]
    until = (today - timezone.timedelta(days=50)).isoformat()
    assert result_titles(search(client, q="budget", until=until)) == ["Budget old"]


def test_filters_alone_list_the_newest_stories(client):
    sport = SectionFactory(title="Sport", slug="sport")
    story("Cricket", parent=sport, days_old=3)
    story("Football", parent=sport, days_old=1)
    story("Politics")
    assert result_titles(search(client, section="sport")) == ["Football", "Cricket"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": "random"}, "Sort by best match or newest first."),
        ({"section": "no-such"}, "There is no such section."),
        ({"author": "nobody"}, "There is no such author."),
        ({"since": "yesterday"}, "Give the start date as YYYY-MM-DD."),
        ({"until": "2026-13-45"}, "Give the end date as YYYY-MM-DD."),
        ({"since": "9999-12-31"}, "Give a date between"),
        (
            {"since": "2026-05-02", "until": "2026-05-01"},
            "The end date is before the start date.",
        ),
    ],
)
def test_an_invalid_filter_gets_a_clear_message(client, params, message):
    story("Budget")
    html = search(client, q="budget", **params)
    assert message in html


def test_nothing_found_suggests_what_to_do_and_shows_recent_stories(client):
    story("Latest: port strike")
    html = search(client, q="xylophone")
    assert "No results for “xylophone”" in html
    assert "Latest stories" in html
    assert "Latest: port strike" in html


def test_sqlite_uses_the_headline_weighted_ranking():
    backend = get_search_backend()
    if connection.vendor == "sqlite":
        assert type(backend).__name__ == "WeightedSQLiteSearchBackend"
    else:
        assert backend.config == "english"


def test_pagination_links_keep_the_filters(client, settings):
    settings.MASTHEAD_PAGE_SIZE = 1
    sport = SectionFactory(title="Sport", slug="sport")
    story("Cricket final", parent=sport, days_old=2)
    story("Cricket semi-final", parent=sport, days_old=3)
    html = search(client, q="cricket", section="sport", sort="newest")
    assert 'href="?q=cricket&amp;section=sport&amp;sort=newest&amp;page=2"' in html


def test_a_page_of_results_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    section = SectionFactory()
    author = AuthorFactory()
    for n in range(12):
        story(f"Harbour report {n}", parent=section, authors=[author], days_old=n + 1)
    # PostgreSQL's time limit (search/deadline.py) adds one statement, and
    # inside the test's transaction three more: a savepoint, its release and
    # ending the limit before the test goes on.
    time_limit = 4 if connection.vendor == "postgresql" else 0
    with django_assert_max_num_queries(18 + time_limit):
        html = search(client, q="harbour")
    assert "12 results" in html
