"""The breaking-news banner shows on every page while it runs, then goes by itself."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from masthead.articles.tests.factories import ArticleFactory, SectionFactory
from masthead.discovery.tests.factories import BreakingNewsFactory

pytestmark = pytest.mark.django_db


def banner_in(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(
        '[role="region"][aria-label="Breaking news"]'
    )


@pytest.fixture
def pages():
    section = SectionFactory(slug="national")
    story = ArticleFactory(parent=section)
    return {"home": "/", "section": "/national/", "article": story.url}


@pytest.mark.parametrize("kind", ["home", "section", "article"])
def test_banner_shows_at_the_top_of_every_page(client, pages, kind):
    BreakingNewsFactory(headline="Cyclone Remal makes landfall")
    banner = banner_in(client, pages[kind])
    assert banner is not None
    assert "Cyclone Remal makes landfall" in banner.get_text()
    assert banner.a["href"] == "https://example.org/live"
    body = banner.find_parent("body")
    first = body.find(True)
    assert "skip-link" in first["class"]
    assert first.find_next_sibling(True) is banner


def test_banner_links_to_a_chosen_story(client, pages):
    story = ArticleFactory(title="Landfall: what we know")
    BreakingNewsFactory(link_page=story, link_url="")
    assert banner_in(client, "/").a["href"] == story.url


def test_banner_disappears_by_itself_when_it_expires(client, pages, monkeypatch):
    now = timezone.now()
    BreakingNewsFactory(expires_at=now + timedelta(minutes=10))
    assert banner_in(client, pages["article"]) is not None  # and now cached

    later = now + timedelta(minutes=10, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert banner_in(client, pages["article"]) is None


def test_banner_waits_for_its_start_time(client, pages, monkeypatch):
    now = timezone.now()
    BreakingNewsFactory(headline="Polls close", starts_at=now + timedelta(minutes=5))
    assert banner_in(client, "/") is None  # and the empty answer is cached

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=6))
    assert "Polls close" in banner_in(client, "/").get_text()


def test_taking_a_banner_down_shows_at_once(client, pages):
    banner = BreakingNewsFactory()
    assert banner_in(client, "/") is not None
    banner.active = False
    banner.save()
    assert banner_in(client, "/") is None
    banner.delete()
    BreakingNewsFactory(headline="Second alert")
    assert "Second alert" in banner_in(client, "/").get_text()


def test_banner_costs_no_query_once_cached(client, pages, django_assert_num_queries):
    from masthead.discovery.breaking import current_banner

    BreakingNewsFactory()
    assert current_banner() is not None
    with django_assert_num_queries(0):
        assert current_banner() is not None
