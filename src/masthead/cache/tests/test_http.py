"""What the page cache sends: compressed bytes, 304s, cache headers and tags."""

import gzip
import threading

import brotli
import pytest

from masthead.articles.tests.factories import ArticleFactory, AuthorFactory
from masthead.cache.tests.wsgi_client import connections_kept_open, fetch

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    author = AuthorFactory(title="Mita Chowdhury", slug="mita-chowdhury")
    return ArticleFactory(
        title="Night markets return to the old town",
        tags=["markets"],
        authors=[author],
    )


def test_each_reader_gets_the_encoding_their_browser_accepts(story):
    plain = fetch(story.url)
    assert "content-encoding" not in plain.headers
    assert "Night markets return" in plain.text
    zipped = fetch(story.url, accept_encoding="gzip, deflate")
    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == plain.body
    squeezed = fetch(story.url, accept_encoding="gzip, deflate, br")
    assert squeezed.headers["content-encoding"] == "br"
    assert brotli.decompress(squeezed.body) == plain.body
    assert len(squeezed.body) < len(zipped.body) < len(plain.body) / 3
    refused = fetch(story.url, accept_encoding="br;q=0, gzip")
    assert refused.headers["content-encoding"] == "gzip"
    for answer in (plain, zipped, squeezed):
        assert answer.headers["vary"] == "Accept-Encoding"
        assert int(answer.headers["content-length"]) == len(answer.body)


def test_a_reader_with_a_current_copy_gets_304(story):
    first = fetch(story.url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = fetch(story.url, if_none_match=etag)
    assert again.status == 304
    assert again.body == b""
    assert again.headers["etag"] == etag
    assert fetch(story.url, if_modified_since=modified).status == 304
    assert fetch(story.url, if_none_match='W/"something-else"').status == 200

    story.title = "Night markets return to the old town for good"
    story.save_revision().publish()
    changed = fetch(story.url, if_none_match=etag)
    assert changed.status == 200
    assert changed.headers["etag"] != etag
    assert "for good" in changed.text


def test_head_is_answered_without_a_body(story):
    fetch(story.url)
    head = fetch(story.url, method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert head.cache == "HIT"
    assert int(head.headers["content-length"]) > 1000


def test_pages_carry_cache_tags_and_cdn_directives(story):
    page = fetch(story.url)
    tags = page.headers["cache-tag"].split(",")
    assert f"article-{story.pk}" in tags
    assert "tag-markets" in tags
    assert any(tag.startswith("author-") for tag in tags)
    assert any(tag.startswith("section-") for tag in tags)
    assert page.headers["surrogate-key"] == " ".join(tags)
    control = page.headers["cache-control"]
    for directive in (
        "public",
        "s-maxage=",
        "stale-while-revalidate=",
        "stale-if-error=",
    ):
        assert directive in control
    home = fetch("/")
    assert "listing" in home.headers["cache-tag"].split(",")


def test_feeds_keep_their_own_validators(story):
    feed = fetch("/feed/")
    assert feed.status == 200
    again = fetch("/feed/", if_none_match=feed.headers["etag"])
    assert again.status == 304
    zipped = fetch("/feed/", accept_encoding="gzip")
    assert zipped.headers["content-encoding"] == "gzip"
    assert b"Night markets return" in gzip.decompress(zipped.body)


@pytest.mark.django_db(transaction=True)
def test_readers_arriving_together_wait_for_one_render():
    """Twelve readers ask for a page nobody has yet: one renders it."""
    story = ArticleFactory(title="Ferry capsizes near the ghat; all rescued")
    barrier = threading.Barrier(12)
    answers = []

    def reader():
        barrier.wait()
        answers.append(fetch(story.url, accept_encoding="gzip").cache)

    with connections_kept_open():
        threads = [threading.Thread(target=reader) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(answers) == ["HIT"] * 11 + ["MISS"]
