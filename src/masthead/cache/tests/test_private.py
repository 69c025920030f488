"""Nothing private is ever cached or served to someone else: not a logged-in
editor's view, not an error, not a response that sets a cookie, not what a
commenter typed."""

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client, RequestFactory

from masthead.articles.tests.factories import ArticleFactory
from masthead.cache.middleware import CacheHeadersMiddleware
from masthead.cache.tests.wsgi_client import fetch
from masthead.comments.tests.factories import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(title="Bridge tolls to rise in spring")


@pytest.fixture
def editor_cookie(story):
    editor = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "a long pass phrase"
    )
    client = Client()
    client.force_login(editor)
    return f"sessionid={client.cookies['sessionid'].value}"


def test_a_logged_in_reader_never_gets_the_cached_page_nor_fills_it(
    story, editor_cookie
):
    fetch(story.url)
    assert fetch(story.url).cache == "HIT"
    as_editor = fetch(story.url, cookie=editor_cookie)
    assert as_editor.cache == ""  # not through the cache at all
    assert "private" in as_editor.headers["cache-control"]
    assert "public" not in as_editor.headers["cache-control"]

    story.title = "Bridge tolls to rise in spring, council says"
    story.save_revision().publish()
    fetch(story.url, cookie=editor_cookie)  # rendered for the editor first
    anonymous = fetch(story.url)
    assert anonymous.cache == "MISS"  # the editor's page was not kept


def test_previews_are_never_cached(story, editor_cookie):
    preview = f"/admin/pages/{story.pk}/view_draft/"
    assert fetch(preview).status == 302  # to the login page
    as_editor = fetch(preview, cookie=editor_cookie)
    assert as_editor.status == 200
    assert "public" not in as_editor.headers.get("cache-control", "")
    again = fetch(preview)
    assert again.status == 302
    assert again.cache == ""


def test_error_pages_are_not_cached():
    first = fetch("/no-such-story/")
    assert first.status == 404
    assert "public" not in first.headers["cache-control"]
    second = fetch("/no-such-story/")
    assert second.cache == ""


def test_a_response_setting_a_cookie_is_never_public():
    def view(request):
        response = HttpResponse("<p>hello</p>")
        response.set_cookie("flavour", "lime")
        return response

    response = CacheHeadersMiddleware(view)(RequestFactory().get("/any/"))
    assert "public" not in response["Cache-Control"]
    assert "Cache-Tag" not in response


def test_what_a_commenter_typed_is_never_cached_or_shown_to_others(story, client):
    fetch(story.url)
    refused = client.post(
        f"/comments/post/{story.pk}/",
        form_data(story, name="Secret Name Here", email="", text="My typed words"),
        HTTP_ORIGIN="http://testserver",
    )
    assert refused.status_code == 400
    assert "My typed words" in refused.content.decode()
    assert "public" not in refused["Cache-Control"]
    for answer in (fetch(story.url), fetch(story.url, accept_encoding="identity")):
        assert "My typed words" not in answer.text
        assert "Secret Name Here" not in answer.text
