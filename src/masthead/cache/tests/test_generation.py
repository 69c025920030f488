"""The content generation is shared by every process: the embedded one through
a mapped file, the Redis one through a counter that each process reads at most
a few times a second."""

import multiprocessing
import time

import pytest
from django.core.cache.backends.redis import RedisCache

from masthead.articles.tests.factories import ArticleFactory
from masthead.cache import generation as gen
from masthead.cache.tests import bumper
from masthead.cache.tests.wsgi_client import fetch

REDIS = "redis://127.0.0.1:6379/15"


def test_a_change_in_another_process_is_seen_at_once(tmp_path):
    path = tmp_path / "generation"
    here = gen.FileGeneration(path)
    before = here.current()
    workers = [
        multiprocessing.get_context("spawn").Process(
            target=bumper.bump, args=(path, 50)
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert here.current() == before + 100  # no bump lost between processes


def test_with_redis_every_server_sees_a_change_within_a_second():
    cache = RedisCache(REDIS, {})
    cache.delete(gen.REDIS_KEY)
    server_a, server_b = gen.SharedGeneration(cache), gen.SharedGeneration(cache)
    seen_by_b = server_b.current()
    server_a.bump()
    assert server_a.current() != seen_by_b  # the server that changed it: at once
    deadline = time.monotonic() + 1.0
    while server_b.current() == seen_by_b:
        assert time.monotonic() < deadline, "not seen within a second"
        time.sleep(0.05)
    cache.delete(gen.REDIS_KEY)


@pytest.mark.django_db
def test_the_page_cache_works_on_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": "page-cache-test",
        }
    }
    gen._generation = None
    try:
        story = ArticleFactory(title="Tea auction prices steady")
        assert fetch(story.url).cache == "MISS"
        assert fetch(story.url).cache == "HIT"
        story.title = "Tea auction prices climb"
        story.save_revision().publish()
        assert "Tea auction prices climb" in fetch(story.url).text
    finally:
        from django.core.cache import caches

        caches["default"].clear()
        gen._generation = None
