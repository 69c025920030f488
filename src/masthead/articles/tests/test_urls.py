"""An article's address never breaks: old URLs redirect permanently."""

import pytest
from wagtail.models import Page

from masthead.articles.tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_article_url_is_section_then_slug(client):
    national = SectionFactory(title="National", slug="national")
    article = ArticleFactory(parent=national, slug="river-embankment-approved")
    assert article.url == "/national/river-embankment-approved/"
    assert client.get(article.url).status_code == 200


def test_changing_the_slug_leaves_a_permanent_redirect(
    client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(slug="first-slug")
    old_url = article.url
    article.slug = "better-slug"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    article.refresh_from_db()

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)
    assert article.url.endswith("/better-slug/")
    assert client.get(article.url).status_code == 200


def test_moving_to_another_section_leaves_a_permanent_redirect(client):
    national = SectionFactory(title="National", slug="national")
    business = SectionFactory(title="Business", slug="business")
    article = ArticleFactory(parent=national, slug="jute-exports-rise")
    old_url = article.url

    article.move(business, pos="last-child")
    moved = Page.objects.get(pk=article.pk)

    assert moved.url == "/business/jute-exports-rise/"
    response = client.get(old_url, follow=True)
    assert response.redirect_chain == [("/business/jute-exports-rise/", 301)]
    assert response.status_code == 200


def test_two_sections_may_use_the_same_slug(client):
    a = ArticleFactory(parent=SectionFactory(slug="world"), slug="election-day")
    b = ArticleFactory(parent=SectionFactory(slug="sports"), slug="election-day")
    assert a.url != b.url
    assert a.title.encode() in client.get(a.url).content
    assert b.title.encode() in client.get(b.url).content
