"""Error pages help a lost reader on, and the 500 page needs no database."""

import re
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.urls import get_resolver
from django.utils import timezone

from masthead.articles.tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

SEARCH_FORM = re.compile(r'<form class="search-form" role="search" action="/search/"')


def test_missing_page_offers_search_and_the_latest_stories(client):
    section = SectionFactory(title="National", slug="national")
    now = timezone.now()
    stories = []
    for n in range(7):
        story = ArticleFactory(parent=section, title=f"Story number {n}")
        story.first_published_at = now - timedelta(hours=n)
        story.save()
        stories.append(story)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "find that page" in html
    assert SEARCH_FORM.search(html)
    latest = html.split('id="latest-title"', 1)[1]
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', latest)
    assert links == [(s.url, s.title) for s in stories[:5]]


def test_missing_page_on_an_empty_site_still_offers_search(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert SEARCH_FORM.search(html)
    assert "Latest stories" not in html


def database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_server_error_page_renders_while_the_database_is_down(rf):
    """A bug (not the database) fails a request while the database is down too."""
    handler = get_resolver().resolve_error_handler(500)
    request = rf.get("/national/ferry-service-resumes/")

    # Every query fails, so the error page must need none.
    with connection.execute_wrapper(database_down):
        try:
            raise RuntimeError("a template tag has a bug")
        except RuntimeError:
            response = handler(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html
    assert SEARCH_FORM.search(html)
    assert '<a href="/">Go to the front page</a>' in html
    assert "template tag has a bug" not in html
