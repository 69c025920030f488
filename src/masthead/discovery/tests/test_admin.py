"""Editors manage banners and pin related stories in Wagtail's admin."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from masthead.articles.tests.factories import ArticleFactory
from masthead.discovery.models import BreakingNews

pytestmark = pytest.mark.django_db


def test_an_editor_posts_a_banner_and_readers_see_it(admin_client, client):
    ArticleFactory()
    add = "/admin/snippets/discovery/breakingnews/add/"
    assert admin_client.get(add).status_code == 200
    now = timezone.localtime()
    response = admin_client.post(
        add,
        {
            "headline": "Metro service suspended",
            "link_url": "https://example.org/metro",
            "starts_at": (now - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M"),
            "expires_at": (now + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert BreakingNews.objects.get().headline == "Metro service suspended"
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert "Metro service suspended" in soup.select_one(".breaking-news").get_text()


def test_the_article_editor_offers_pinned_related_stories(admin_client):
    story = ArticleFactory()
    response = admin_client.get(f"/admin/pages/{story.pk}/edit/")
    assert response.status_code == 200
    assert b"pinned_related-TOTAL_FORMS" in response.content
    assert b"You may also like" in response.content
