"""Search, comments and sign-in are limited per reader's address: the request
over the limit gets a friendly 429 with Retry-After, other readers carry on,
the count starts again after the window, and a limit set to off is off."""

import threading
import time

import pytest
import redis
from django.core.cache import cache, caches
from django.test import RequestFactory

from masthead.articles.tests.factories import ArticleFactory
from masthead.cache.tests.wsgi_client import fetch
from masthead.comments.models import Comment
from masthead.comments.tests.factories import post
from masthead.limits.ratelimit import seconds_to_wait, wait_words

pytestmark = pytest.mark.django_db

READER, OTHER = "198.51.100.10", "198.51.100.20"
REDIS_URL = "redis://127.0.0.1:6379/2"


def within_one_window(period: int, attempt):
    """Runs attempt() so that all its requests fall in one window of the
    limit. Windows start on multiples of the period; a run that crosses a
    boundary is run again from an empty count."""
    for _ in range(3):
        cache.clear()
        start = int(time.time() // period)
        result = attempt()
        if int(time.time() // period) == start:
            return result
    raise AssertionError("three runs in a row crossed a window boundary")


def search(client, ip=READER, path="/search/?q=river"):
    return client.get(path, REMOTE_ADDR=ip)


def assert_refusal_not_cacheable(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_search_over_the_limit_gets_a_friendly_429_and_others_carry_on(
    client, settings
):
    settings.MASTHEAD_RATE_LIMIT_SEARCH = "3/m"

    def attempt():
        return [search(client) for _ in range(4)]

    responses = within_one_window(60, attempt)
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    refused = responses[-1]
    assert_refusal_not_cacheable(refused)
    html = refused.content.decode()
    assert "Please slow down a little" in html
    assert "You have searched many times in a short while" in html
    # The wait in words matches Retry-After ("1 second" near a window's end).
    wait = wait_words(int(refused["Retry-After"]))
    assert f"Please wait {wait} and search again" in html
    assert search(client, ip=OTHER).status_code == 200


def test_search_json_over_the_limit_gets_a_json_429(client, settings):
    settings.MASTHEAD_RATE_LIMIT_SEARCH = "2/m"

    def attempt():
        return [search(client, path="/search.json?q=river") for _ in range(3)]

    responses = within_one_window(60, attempt)
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert_refusal_not_cacheable(responses[-1])
    assert responses[-1]["Content-Type"] == "application/json"
    error = responses[-1].json()["errors"]["__all__"][0]
    assert error["code"] == "rate_limited"
    assert "You have searched many times" in error["message"]


def test_the_page_and_json_share_one_search_count(client, settings):
    settings.MASTHEAD_RATE_LIMIT_SEARCH = "2/m"

    def attempt():
        return [
            search(client).status_code,
            search(client, path="/search.json?q=flood").status_code,
            search(client, path="/search/?q=flood").status_code,
        ]

    assert within_one_window(60, attempt) == [200, 200, 429]


def test_limit_starts_again_after_the_window(client, settings):
    settings.MASTHEAD_RATE_LIMIT_SEARCH = "2/1s"

    def attempt():
        return [search(client) for _ in range(3)]

    responses = within_one_window(1, attempt)
    assert [r.status_code for r in responses] == [200, 200, 429]
    wait = int(responses[-1]["Retry-After"])
    assert wait == 1
    time.sleep(wait)
    assert search(client).status_code == 200


@pytest.mark.parametrize("off", ["off", "0"])
def test_a_limit_set_off_never_refuses(client, settings, off):
    settings.MASTHEAD_RATE_LIMIT_SEARCH = off
    statuses = {search(client, path="/search/").status_code for _ in range(12)}
    assert statuses == {200}


def test_readers_behind_our_proxy_are_counted_by_their_own_address(client, settings):
    settings.MASTHEAD_RATE_LIMIT_SEARCH = "1/m"
    settings.MASTHEAD_TRUSTED_PROXIES = 1
    proxy = "10.0.0.5"

    def attempt():
        return [
            client.get(
                "/search/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=reader
            ).status_code
            for reader in (READER, OTHER, READER)
        ]

    assert within_one_window(60, attempt) == [200, 200, 429]


def test_an_ipv6_reader_is_counted_by_their_slash_64(client, settings):
    """A phone or home gets a whole /64: changing the last bits is the same reader."""
    settings.MASTHEAD_RATE_LIMIT_SEARCH = "1/m"

    def attempt():
        return [
            search(client, ip=ip).status_code
            for ip in ("2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:3::1")
        ]

    assert within_one_window(60, attempt) == [200, 429, 200]


def test_comment_over_the_limit_is_refused_and_keeps_what_was_typed(client, settings):
    settings.MASTHEAD_RATE_LIMIT_COMMENTS = "2/m"
    article = ArticleFactory()

    def attempt():
        Comment.objects.all().delete()
        return [
            post(client, article, ip=READER, text=f"Comment number {n}, typed out.")
            for n in range(3)
        ]

    responses = within_one_window(60, attempt)
    assert [r.status_code for r in responses] == [302, 302, 429]
    refused = responses[-1]
    assert_refusal_not_cacheable(refused)
    html = refused.content.decode()
    assert "Your comment was not posted." in html
    assert "You have posted several comments in a short while." in html
    assert "what you wrote is kept below" in html
    assert "Comment number 2, typed out." in html
    assert 'value="Nasrin Haque"' in html
    assert '<details class="comment-toggle" id="comment-form" open>' in html
    assert Comment.objects.count() == 2

    another = post(client, article, ip=OTHER, text="A different reader speaks.")
    assert another.status_code == 302
    assert Comment.objects.count() == 3


def test_comment_limit_set_off_never_refuses(client, settings):
    settings.MASTHEAD_RATE_LIMIT_COMMENTS = "off"
    article = ArticleFactory()
    for n in range(7):
        response = post(
            client,
            article,
            ip=READER,
            email=f"reader{n}@example.org",
            text=f"Comment {n} of seven.",
        )
        assert response.status_code == 302
    assert Comment.objects.count() == 7


def test_posting_to_the_admin_sign_in_is_limited_but_showing_it_is_not(
    client, settings
):
    settings.MASTHEAD_RATE_LIMIT_LOGIN = "2/m"

    def attempt():
        shown = [client.get("/admin/login/", REMOTE_ADDR=READER) for _ in range(3)]
        # An empty form never reaches the password check (nor the lock-out).
        posted = [
            client.post("/admin/login/", {}, REMOTE_ADDR=READER) for _ in range(3)
        ]
        return shown, posted

    shown, posted = within_one_window(60, attempt)
    assert [r.status_code for r in shown] == [200, 200, 200]
    assert [r.status_code for r in posted] == [200, 200, 429]
    assert_refusal_not_cacheable(posted[-1])
    assert "too many attempts to sign in from your network" in (
        posted[-1].content.decode()
    )
    other = client.post("/admin/login/", {}, REMOTE_ADDR=OTHER)
    assert other.status_code == 200


def test_a_refused_search_is_never_kept_by_the_page_cache(settings):
    """Through the WSGI application a server runs, page cache in front: the
    429 is not stored, so asking again is refused again, not served as a hit."""
    settings.MASTHEAD_RATE_LIMIT_SEARCH = "1/m"

    def attempt():
        return fetch("/search/?q=first"), fetch("/search/?q=second")

    first, refused = within_one_window(60, attempt)
    assert first.status == 200
    assert refused.status == 429
    again = fetch("/search/?q=second")
    assert again.status == 429
    assert again.cache != "HIT"
    assert "public" not in again.headers["cache-control"]


@pytest.mark.parametrize("backend", ["diskcache", "redis"])
def test_every_cache_client_adds_to_the_same_count(client, settings, tmp_path, backend):
    """Worker processes each have their own cache client: the count is shared.
    Two threads (each with its own Django cache client and connection) count
    two searches each; the fifth search, from the test's own client, is over."""
    settings.CACHES = {
        "default": {
            "diskcache": {
                "BACKEND": "masthead.cache.backends.DiskCache",
                "LOCATION": str(tmp_path / "shared-cache"),
            },
            "redis": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
            },
        }[backend]
    }
    settings.MASTHEAD_RATE_LIMIT_SEARCH = "4/m"
    request = RequestFactory().get("/search/?q=river", REMOTE_ADDR=READER)
    clients, waits = [], []

    def worker():
        clients.append(caches["default"])
        waits.extend(seconds_to_wait(request, "search") for _ in range(2))
        caches["default"].close()

    def attempt():
        clients.clear()
        waits.clear()
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return search(client)

    refused = within_one_window(60, attempt)
    assert len({id(c) for c in clients}) == 2
    assert waits == [0, 0, 0, 0]
    assert refused.status_code == 429
    assert search(client, ip=OTHER).status_code == 200
    if backend == "redis":
        server = redis.Redis.from_url(REDIS_URL)
        keys = server.keys("*masthead:rate:search:*")
        assert keys
        assert all(0 < server.ttl(key) <= 70 for key in keys)
    cache.clear()
