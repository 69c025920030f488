"""Test-wide setup. `make test` points MASTHEAD_DATA at a scratch folder."""

import pytest
from django.core.cache import caches

from masthead.cache.store import store


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a folder of the test's own, and static files need no
    collectstatic manifest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise looks there
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: the test database reuses row ids, so
    a rendition or site cached by an earlier test would point at the wrong row."""
    for cache in caches.all():
        cache.clear()
    store().clear()
    yield
    for cache in caches.all():
        cache.clear()
    store().clear()
