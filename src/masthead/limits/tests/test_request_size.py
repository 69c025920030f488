"""Oversized requests are refused up front with a page that says why, never a
500: public POST bodies, public query strings, and forms too large for
DATA_UPLOAD_MAX_MEMORY_SIZE anywhere (the admin's included)."""

import pytest

from masthead.articles.tests.factories import ArticleFactory
from masthead.comments.models import Comment
from masthead.comments.tests.factories import post

pytestmark = pytest.mark.django_db


def assert_private(response):
    assert "public" not in response["Cache-Control"]


def test_a_comment_body_over_64_kb_is_refused_with_a_clear_413(client):
    article = ArticleFactory()
    response = post(client, article, text="word " * 14_000)  # 70 KB
    assert response.status_code == 413
    html = response.content.decode()
    assert "That was more than we accept" in html
    assert "larger than this site accepts (64.0\xa0KB)" in html
    assert "If you were posting a comment, go back, shorten it" in html
    assert_private(response)
    assert not Comment.objects.exists()


def test_a_long_comment_within_the_cap_is_posted(client):
    article = ArticleFactory()
    response = post(client, article, text="A considered letter. " * 230)  # 4,830
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_the_post_cap_is_a_setting(client, settings):
    settings.MASTHEAD_MAX_POST_KB = 1
    article = ArticleFactory()
    response = post(client, article, text="A considered letter. " * 60)  # 1,260
    assert response.status_code == 413
    assert "(1.0\xa0KB)" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_query_string_over_the_cap_is_refused_with_a_clear_414(client):
    ArticleFactory()
    response = client.get("/latest/?page=1&q=" + "a" * 2100)
    assert response.status_code == 414
    html = response.content.decode()
    assert "That address is too long" in html
    assert "longer than this site accepts (2,048 characters after the ?)" in html
    assert_private(response)
    assert client.get("/latest/?page=1&q=" + "a" * 1500).status_code == 200


def test_the_query_string_cap_is_a_setting(client, settings):
    settings.MASTHEAD_MAX_QUERY_STRING = 300
    assert client.get("/latest/?utm_source=" + "x" * 301).status_code == 414
    assert client.get("/latest/?utm_source=" + "x" * 280).status_code == 200


def test_search_says_what_is_wrong_with_a_long_query_on_its_own_page(client):
    """Search validates its own parameters: a pasted essay gets its message,
    not the 414 page."""
    response = client.get("/search/", {"q": "flood " * 1_000})
    assert response.status_code == 200
    assert "Searches can be at most 200 characters long" in response.text


def test_the_admin_keeps_its_long_addresses(client):
    """Filters and return addresses in the admin may be long; it is staff-only."""
    response = client.get("/admin/login/?next=/admin/pages/" + "x" * 3000)
    assert response.status_code == 200


def test_a_form_over_data_upload_max_memory_size_gets_a_friendly_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "x" * 3_000}
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "The form you sent is larger than this site accepts (2.0\xa0KB)" in html
    assert_private(response)


def test_a_form_with_too_many_fields_gets_a_friendly_413(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = {f"field{n}": "x" for n in range(20)}
    response = client.post("/admin/login/", fields)
    assert response.status_code == 413
    assert "more fields than this site accepts" in response.content.decode()


def test_a_request_django_cannot_trust_gets_a_friendly_400(client):
    response = client.get("/search/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not read that request" in html
    assert "Go back and try again." in html


@pytest.mark.parametrize(
    "path", ["/tags/%00/", "/feeds/tag/a%00b/", "/national%00/", "/%1b[31m/"]
)
def test_a_path_with_a_control_character_is_a_friendly_404(client, path):
    """PostgreSQL text cannot hold NUL: such a path never reaches a query."""
    response = client.get(path)
    assert response.status_code == 404
    assert "Sorry, we can\u2019t find that page" in response.content.decode()
