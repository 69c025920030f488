"""Property-based fuzzing of everything a reader can send: the comment form,
the search page and /search.json, and every query parameter and path slug of
the public pages. For any text at all (NUL bytes and other control
characters, astral and right-to-left characters, SQL and markup, very long
strings) the answer is never a server error, and markup typed in never comes
back as markup.

Examples are kept modest so the suite stays quick; the database of found
examples is off, so nothing is written to a .hypothesis folder.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
)
from masthead.comments.models import Comment
from masthead.comments.tests.factories import ORIGIN, form_data

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Typed in anywhere, it must never come back as a live tag.
SCRIPT = "<script>fuzz()</script>"

NASTY = [
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\r\nSet-Cookie: x=1",
    "' OR '1'='1' --",
    "1; DROP TABLE wagtailcore_page; --",
    '"><img src=x onerror=alert(1)>',
    "{{ settings.SECRET_KEY }}{% debug %}",
    "../../../../etc/passwd",
    "%00%27%22%3C",
    "\u202egnp.exe",
    "\U0001d573\U0001d58a\U0001d586\U0001d589 \U0001f600",
    "বাজেট",
    "²",
    "١٢",
    "-1",
    "0",
    "1e9",
    "9" * 40,
    "2026-02-30",
    "99999-01-01",
    " ",
    "",
]

hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(NASTY),
    st.builds(
        lambda part, times: part * times,
        st.text(min_size=1, max_size=8),
        st.integers(200, 4_000),
    ),
    st.builds(
        lambda before, after: before + SCRIPT + after,
        st.text(max_size=20),
        st.text(max_size=20),
    ),
)


def assert_answered(response) -> None:
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith("text/html"):
        assert SCRIPT not in response.content.decode()


@pytest.fixture
def newsroom():
    """A section, an author, a tag and a story with a published comment."""
    section = SectionFactory(slug="national")
    author = AuthorFactory(slug="rahim-uddin")
    article = ArticleFactory(parent=section, authors=[author], tags=["floods"])
    Comment.objects.create(
        article=article,
        name="Reader",
        email="reader@example.org",
        text="First!",
        status=Comment.APPROVED,
    )
    return {"section": section, "author": author, "article": article}


@pytest.fixture
def no_rate_limits(settings):
    """Fuzzing sends hundreds of requests from one address."""
    settings.MASTHEAD_RATE_LIMIT_SEARCH = "off"
    settings.MASTHEAD_RATE_LIMIT_COMMENTS = "off"
    settings.MASTHEAD_RATE_LIMIT_LOGIN = "off"


SEARCH_PARAMS = ["q", "sort", "section", "author", "since", "until", "page"]
search_query = st.dictionaries(st.sampled_from(SEARCH_PARAMS), hostile_text, max_size=4)


@FUZZ
@given(params=search_query)
def test_the_search_page_answers_any_query(client, newsroom, no_rate_limits, params):
    assert_answered(client.get("/search/", params))


@FUZZ
@given(params=search_query)
def test_search_json_answers_any_query_with_json(
    client, newsroom, no_rate_limits, params
):
    response = client.get("/search.json", params)
    assert response.status_code < 500
    if response.status_code in (200, 400, 404):
        assert isinstance(response.json(), dict)


COMMENT_FIELDS = ["name", "email", "website", "text", "parent", "token", "homepage"]


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(COMMENT_FIELDS), hostile_text))
def test_the_comment_form_answers_any_post(client, newsroom, no_rate_limits, fields):
    article = newsroom["article"]
    response = client.post(
        f"/comments/post/{article.pk}/",
        form_data(article, **fields),
        HTTP_ORIGIN=ORIGIN,
    )
    assert_answered(response)
    for comment in Comment.objects.all():
        assert "\x00" not in comment.name + comment.email + comment.text


# Every public page and the query parameters its code reads (grep GET in the
# views): pagination, WordPress's old addresses, comment notices and replies,
# sitemap pages, the API's filters. Unknown parameters are sent too.
PUBLIC_PAGES = {
    "/": ["page", "p", "page_id", "attachment_id", "cat", "tag", "author", "feed", "s"],
    "/national/": ["page"],
    "/authors/rahim-uddin/": ["page"],
    "/tags/floods/": ["page"],
    "/latest/": ["page"],
    "/corrections/": ["page"],
    "ARTICLE": ["reply_to", "comment"],
    "/feed/": ["page", "format"],
    "/feed/atom/": ["page"],
    "/feeds/section/national/": ["page"],
    "/feeds/tag/floods/atom/": ["page"],
    "/feeds/author/rahim-uddin/": ["page"],
    "/sitemap.xml": ["p", "page"],
    "/sitemap-national.xml": ["p"],
    "/sitemap-news.xml": ["p"],
    "/robots.txt": ["x"],
    "/opensearch.xml": ["x"],
    "/api/v2/pages/": [
        "type",
        "fields",
        "order",
        "limit",
        "offset",
        "search",
        "search_operator",
        "child_of",
        "descendant_of",
        "published_after",
        "published_before",
        "slug",
        "locale",
    ],
    "/api/v2/images/": ["fields", "order", "limit", "offset", "search", "title"],
}


@pytest.mark.parametrize("path", sorted(PUBLIC_PAGES))
@settings(FUZZ, max_examples=25)  # for each page
@given(data=st.data())
def test_every_public_query_parameter_answers_any_value(
    client, newsroom, no_rate_limits, path, data
):
    names = [*PUBLIC_PAGES[path], "utm_source", "x"]
    params = data.draw(
        st.dictionaries(st.sampled_from(names), hostile_text, min_size=1, max_size=3),
        label="params",
    )
    if path == "ARTICLE":
        path = newsroom["article"].url
    assert_answered(client.get(path, params))


SLUGGED = [
    "/tags/{}/",
    "/feeds/section/{}/",
    "/feeds/tag/{}/atom/",
    "/feeds/author/{}/",
    "/sitemap-{}.xml",
    "/national/{}/",
    "/discovery/seen/{}.gif",
    "/comments/post/{}/",
]


@FUZZ
@given(pattern=st.sampled_from(SLUGGED), slug=hostile_text)
def test_every_public_path_answers_any_slug(
    client, newsroom, no_rate_limits, pattern, slug
):
    assert_answered(client.get(pattern.format(quote(slug, safe=""))))


# What the fuzzing found, kept as plain cases so that they are always tried.
FOUND = [
    ("/search/", {"page": "²"}),  # a digit to str.isdigit, not to int()
    ("/national/", {"page": "²"}),
    ("/sitemap-national.xml", {"p": "²"}),
    ("/api/v2/pages/", {"search": "\x00"}),
    ("/api/v2/pages/", {"search": '{title body} : (""")'}),
    ("/api/v2/pages/", {"search": 'a"b', "search_operator": "or"}),
    ("/api/v2/pages/", {"search": "flood", "search_operator": "nor"}),
    ("/api/v2/pages/", {"offset": "9" * 23}),
    ("/api/v2/images/", {"search": "\x00"}),
    ("/tags/%00/", {}),
    ("/feeds/tag/%00/", {}),
]


@pytest.mark.parametrize(("path", "params"), FOUND)
def test_inputs_the_fuzzing_found_are_answered_without_error(
    client, newsroom, no_rate_limits, path, params
):
    response = client.get(path, params)
    assert 200 <= response.status_code < 500
