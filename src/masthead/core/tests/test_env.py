"""Configuration from the environment fails loudly on a bad value."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from masthead.config import env


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("Off", False)])
def test_env_bool_accepts_true_and_false_words(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env.env_bool("FLAG") is expected


def test_env_bool_refuses_anything_else_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        env.env_bool("DEBUG")


def test_unknown_time_zone_is_refused_with_an_example(monkeypatch):
    monkeypatch.setenv("TIME_ZONE", "Mars/Olympus")
    with pytest.raises(ImproperlyConfigured, match="Asia/Dhaka"):
        env.env_timezone("TIME_ZONE", "Asia/Dhaka")


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.secret_key(tmp_path)
    assert len(first) >= 50
    assert env.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_the_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert env.secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("", "masthead.cache.backends.DiskCache"),
        ("file:///tmp/masthead-cache", "masthead.cache.backends.DiskCache"),
    ],
)
def test_cache_url_picks_the_backend(tmp_path, url, backend):
    assert env.cache_config(url, tmp_path)["BACKEND"] == backend


def test_unknown_cache_scheme_says_what_is_accepted(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        env.cache_config("memcached://x", tmp_path)


def test_jobs_run_inline_without_redis_and_queue_in_redis_with_it():
    inline = env.task_backends("")["default"]["BACKEND"]
    assert inline == "django_tasks.backends.immediate.ImmediateBackend"
    queued = env.task_backends("redis://127.0.0.1:6379/3")["default"]
    assert queued["BACKEND"] == "masthead.jobs.queue.RedisBackend"
    assert queued["OPTIONS"] == {"url": "redis://127.0.0.1:6379/3"}


def test_a_redis_url_that_is_not_redis_is_refused():
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL='amqp://x'"):
        env.task_backends("amqp://x")
