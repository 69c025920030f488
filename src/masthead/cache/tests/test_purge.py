"""A CDN in front is told what changed: by tag where it purges by tag
(Cloudflare, Fastly), by address through an HTTP PURGE otherwise. The CDN here
is a recorder on loopback standing in for its API."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from masthead.articles.tests.factories import ArticleFactory, SectionFactory
from masthead.comments.tests.factories import CommentFactory
from masthead.discovery.tests.factories import BreakingNewsFactory

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.server.seen.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers),
                "body": self.rfile.read(length),
            }
        )
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_POST = do_PURGE = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def story():
    city = SectionFactory(slug="city", title="City")
    return ArticleFactory(
        parent=city,
        slug="water-rates",
        tags=["water"],
        title="Water rates frozen for a year",
    )


def change(django_capture_on_commit_callbacks, action):
    with django_capture_on_commit_callbacks(execute=True):
        action()


def republish(story, title):
    story.title = title
    story.save_revision().publish()


def test_cloudflare_is_told_the_changed_story_and_listings_by_tag(
    settings, cdn, story, django_capture_on_commit_callbacks
):
    port = cdn.server_address[1]
    settings.MASTHEAD_CDN_PURGE = "cloudflare://zone123"
    settings.MASTHEAD_CDN_API = f"http://127.0.0.1:{port}/zones/{{id}}/purge_cache"
    settings.CLOUDFLARE_API_TOKEN = "test-token"
    change(
        django_capture_on_commit_callbacks,
        lambda: republish(story, "Water rates frozen for two years"),
    )
    assert len(cdn.seen) == 1  # one purge for the whole publish
    call = cdn.seen[0]
    assert call["path"] == "/zones/zone123/purge_cache"
    assert call["headers"]["Authorization"] == "Bearer test-token"
    tags = set(json.loads(call["body"])["tags"])
    assert {f"article-{story.pk}", "tag-water", "listing"} <= tags

    cdn.seen.clear()
    change(django_capture_on_commit_callbacks, lambda: CommentFactory(article=story))
    assert json.loads(cdn.seen[0]["body"]) == {"tags": [f"article-{story.pk}"]}

    cdn.seen.clear()
    change(django_capture_on_commit_callbacks, BreakingNewsFactory)
    assert json.loads(cdn.seen[0]["body"]) == {"purge_everything": True}


def test_fastly_is_told_by_surrogate_key(
    settings, cdn, story, django_capture_on_commit_callbacks
):
    port = cdn.server_address[1]
    settings.MASTHEAD_CDN_PURGE = "fastly://svc9"
    settings.MASTHEAD_CDN_API = f"http://127.0.0.1:{port}/service/{{id}}/purge"
    settings.FASTLY_API_TOKEN = "fastly-token"
    change(django_capture_on_commit_callbacks, story.unpublish)
    call = cdn.seen[0]
    assert call["path"] == "/service/svc9/purge"
    assert call["headers"]["Fastly-Key"] == "fastly-token"
    assert f"article-{story.pk}" in call["headers"]["Surrogate-Key"].split()
    assert "listing" in call["headers"]["Surrogate-Key"].split()


def test_an_http_cache_gets_a_purge_for_each_page_showing_the_story(
    settings, cdn, story, django_capture_on_commit_callbacks
):
    port = cdn.server_address[1]
    settings.MASTHEAD_CDN_PURGE = f"http://127.0.0.1:{port}"
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": settings.MASTHEAD_CDN_PURGE,
        }
    }
    change(
        django_capture_on_commit_callbacks,
        lambda: republish(story, "Water rates frozen, council confirms"),
    )
    purged = {call["path"] for call in cdn.seen if call["method"] == "PURGE"}
    assert {"/city/water-rates/", "/", "/latest/", "/feed/", "/tags/water/"} <= purged


def test_an_unreachable_cdn_does_not_stop_the_newsroom(
    settings, story, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_CDN_PURGE = "cloudflare://zone123"
    settings.MASTHEAD_CDN_API = "http://127.0.0.1:9/zones/{id}/purge_cache"
    change(
        django_capture_on_commit_callbacks,
        lambda: republish(story, "Water rates frozen again"),
    )
    story.refresh_from_db()
    assert story.title == "Water rates frozen again"
