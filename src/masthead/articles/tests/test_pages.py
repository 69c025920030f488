"""What readers see on article, section, author and tag pages."""

import re

import pytest
from django.conf import settings

from masthead.articles.tests.factories import (
    AgencyFactory,
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    add_correction,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_article_shows_headline_standfirst_byline_dateline_and_body(client):
    author = AuthorFactory(title="Rahima Akter", slug="rahima-akter")
    article = ArticleFactory(
        title="Embankment repairs begin before monsoon",
        standfirst="Crews started work on the weakest stretch.",
        dateline="SIRAJGANJ",
        authors=[author],
        body=[("paragraph", "<p>Work began at dawn on Sunday.</p>")],
        tags=["Monsoon"],
    )
    html = text_of(client.get(article.url))
    assert "<h1" in html and "Embankment repairs begin before monsoon" in html
    assert "Crews started work on the weakest stretch." in html
    assert 'href="/authors/rahima-akter/"' in html
    assert "SIRAJGANJ" in html
    assert "Work began at dawn on Sunday." in html
    assert 'href="/tags/monsoon/"' in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html)


def test_wire_story_credits_its_agency(client):
    agency = AgencyFactory(name="Continental Press", short_name="CP")
    article = ArticleFactory(agency=agency, byline_credit="")
    assert "CP" in text_of(client.get(article.url))


def test_published_correction_is_shown_with_its_date(client):
    article = ArticleFactory()
    add_correction(article, "An earlier version misspelt the minister's name.")
    html = text_of(client.get(article.url))
    assert "An earlier version misspelt the minister" in html
    assert "Correction" in html


def test_section_lists_its_stories_newest_first_and_paginates(client):
    section = SectionFactory(slug="business")
    stories = [
        ArticleFactory(parent=section) for _ in range(settings.MASTHEAD_PAGE_SIZE + 2)
    ]
    first = text_of(client.get("/business/"))
    assert stories[-1].title in first
    assert stories[0].title not in first
    second = text_of(client.get("/business/?page=2"))
    assert stories[0].title in second


def test_a_long_section_pages_back_to_the_limit_then_points_to_search(
    client, settings, monkeypatch
):
    # A section of 200,000 stories is not counted to the end (820 ms on a
    # million-story archive): listings page back MAX_PAGES, search finds older.
    from masthead.core import pagination

    monkeypatch.setattr(pagination, "MAX_PAGES", 2)
    settings.MASTHEAD_PAGE_SIZE = 2
    section = SectionFactory(slug="business")
    stories = [ArticleFactory(parent=section) for _ in range(5)]
    first = text_of(client.get("/business/"))
    assert "Page 1 of 2+" in first
    last = text_of(client.get("/business/?page=2"))
    assert "Page 2 of 2+" in last
    assert stories[1].title in last
    assert stories[0].title not in last
    assert "Older stories: search the archive" in last
    assert client.get("/business/?page=3").status_code == 404


def test_a_section_within_the_limit_shows_its_exact_page_count(client, settings):
    settings.MASTHEAD_PAGE_SIZE = 2
    section = SectionFactory(slug="business")
    for _ in range(5):
        ArticleFactory(parent=section)
    html = text_of(client.get("/business/?page=3"))
    assert "Page 3 of 3" in html
    assert "Page 3 of 3+" not in html
    assert "search the archive" not in html


@pytest.mark.parametrize("page", ["0", "99", "abc", "1'--", "%00"])
def test_bad_page_numbers_give_a_friendly_not_found(client, page):
    SectionFactory(slug="sports")
    response = client.get(f"/sports/?page={page}")
    assert response.status_code == 404
    assert b"<h1" in response.content


def test_unpublished_story_leaves_the_listings(client):
    section = SectionFactory(slug="world")
    kept = ArticleFactory(parent=section, tags=["climate"])
    gone = ArticleFactory(parent=section, tags=["climate"])
    gone.unpublish()
    for url in ("/", "/world/", "/tags/climate/"):
        html = text_of(client.get(url))
        assert kept.title in html
        assert gone.title not in html
    assert client.get(gone.url).status_code == 404


def test_author_page_lists_only_their_stories(client):
    author = AuthorFactory(
        title="Tanvir Hossain", slug="tanvir-hossain", role="Sports Editor"
    )
    theirs = ArticleFactory(authors=[author])
    other = ArticleFactory()
    html = text_of(client.get("/authors/tanvir-hossain/"))
    assert "Tanvir Hossain" in html and "Sports Editor" in html
    assert theirs.title in html
    assert other.title not in html


def test_unknown_tag_is_not_found(client):
    assert client.get("/tags/no-such-tag/").status_code == 404
