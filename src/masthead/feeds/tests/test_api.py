"""The read-only API at /api/v2/: pages, images and their filters."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from masthead.articles.tests.factories import (
    ArticleFactory,
    SectionFactory,
    make_image,
)

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v2/pages/?type=articles.ArticlePage"


def titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


@pytest.fixture
def stories():
    world = SectionFactory(title="World", slug="world")
    sport = SectionFactory(title="Sport", slug="sport")
    old = ArticleFactory(parent=world, title="Old summit", tags=["Climate"])
    Page.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(days=30)
    )
    return {
        "world": world,
        "sport": sport,
        "old": old,
        "new": ArticleFactory(parent=world, title="New summit", tags=["Climate"]),
        "match": ArticleFactory(
            parent=sport, title="Cup final", featured_image=make_image("Goal")
        ),
    }


def test_articles_filter_by_type_section_tag_and_date(client, stories):
    assert titles(client, ARTICLES) == ["Cup final", "New summit", "Old summit"]
    world = stories["world"].pk
    assert titles(client, f"{ARTICLES}&child_of={world}") == [
        "New summit",
        "Old summit",
    ]
    assert titles(client, f"{ARTICLES}&tags=Climate") == ["New summit", "Old summit"]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert titles(client, f"{ARTICLES}&published_after={since}") == [
        "Cup final",
        "New summit",
    ]
    assert titles(client, f"{ARTICLES}&published_before={since}") == ["Old summit"]
    assert client.get(f"{ARTICLES}&published_after=soon").status_code == 400


def test_article_detail_has_the_story_fields(client, stories):
    match = stories["match"]
    data = client.get(f"/api/v2/pages/{match.pk}/").json()
    assert data["title"] == "Cup final"
    assert data["standfirst"] == match.standfirst
    assert data["meta"]["html_url"] == f"http://localhost{match.url}"
    assert data["meta"]["type"] == "articles.ArticlePage"
    assert data["featured_image_thumbnail"]["width"] == 800
    assert data["body"][0]["type"] == "paragraph"


def test_unpublished_story_and_its_edits_reach_the_api(client, stories):
    new = stories["new"]
    new.title = "New summit ends"
    new.save_revision().publish()
    assert "New summit ends" in titles(client, ARTICLES)
    new.unpublish()
    assert "New summit ends" not in titles(client, ARTICLES)
    assert client.get(f"/api/v2/pages/{new.pk}/").status_code == 404


def test_images_are_listed_without_private_details(client, stories):
    response = client.get("/api/v2/images/")
    assert response.status_code == 200
    (image,) = response.json()["items"]
    assert image["title"] == "Goal"
    assert "email" not in response.content.decode()
