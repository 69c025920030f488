"""Killing the server in the middle of publishing or posting a comment leaves
the whole change or none of it.

A real `masthead serve` is sent an editor's "Publish" (the admin's own edit
form, posted as a browser would) and a reader's comment at the same time,
and is killed with SIGKILL, workers and all, while they are under way: after
random delays, and on PostgreSQL also while a table the change writes to is
locked, so the kill lands inside the transaction for certain. After each kill
the server starts again and the database must hold no half-made change.
"""

import contextlib
import html
import json
import os
import random
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from http.cookies import SimpleCookie

import pytest
from wagtail.test.utils.form_data import querydict_from_html

from masthead.backups.tests.sites import ON_POSTGRES, Site

ROUNDS = 6
SEED = 11

SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from wagtail.models import Site
from masthead.articles.models import ArticlePage
from masthead.comments.models import CommentSettings

chief = User.objects.create_superuser("chief", "chief@example.com", "x-long-pass-1")
session = SessionStore()
session[SESSION_KEY] = str(chief.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = chief.get_session_auth_hash()
session.create()
policy = CommentSettings.for_site(Site.objects.get(is_default_site=True))
policy.per_ip_per_hour = policy.per_email_per_hour = 10_000
policy.save()
story = ArticlePage.objects.live().order_by("pk").first()
print(json.dumps({"session": session.session_key, "id": story.pk, "url": story.url}))
"""

# What no half-made change may break, printed as a list of broken rules.
INVARIANTS = """
import json
from django.db import connection
from wagtail.models import Page, PageLogEntry, Revision
from masthead.comments.models import Comment

broken = []
for page in Page.objects.all():
    children = Page.objects.filter(
        path__startswith=page.path, depth=page.depth + 1
    ).count()
    if page.numchild != children:
        broken.append(f"page {page.pk} counts {page.numchild} children, has {children}")
    if page.live and page.latest_revision_id and page.live_revision_id is None:
        broken.append(f"live page {page.pk} has no live revision")
    if page.live_revision_id:
        live = Revision.objects.filter(pk=page.live_revision_id).first()
        if live is None:
            broken.append(f"page {page.pk}: its live revision is gone")
        elif live.content["title"] != page.title:
            broken.append(f"page {page.pk} shows {page.title!r}, live is "
                          f"{live.content['title']!r}")
    if page.latest_revision_id and page.latest_revision_id != page.live_revision_id:
        broken.append(f"page {page.pk} has a draft nobody saved as one")
for revision in Revision.objects.all():
    if revision.content.get("title", "").startswith("Round "):
        if not PageLogEntry.objects.filter(
            revision=revision, action="wagtail.publish"
        ).exists():
            broken.append(f"{revision.content['title']!r} half-published")
for comment in Comment.objects.all():
    if comment.is_published and comment.approved_at is None:
        broken.append(f"comment {comment.pk} approved without a time")
    if comment.parent_id and comment.depth != comment.parent.depth + 1:
        broken.append(f"comment {comment.pk} at the wrong depth")
texts = list(Comment.objects.filter(name="Killer").values_list("text", flat=True))
if len(texts) != len(set(texts)):
    broken.append("a comment was stored twice")
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        verdict = cursor.fetchone()[0]
        cursor.execute("PRAGMA foreign_key_check")
        orphans = cursor.fetchall()
    if verdict != "ok":
        broken.append(f"integrity_check: {verdict}")
    if orphans:
        broken.append(f"rows pointing at nothing: {orphans[:3]}")
from masthead.articles.models import ArticlePage
story = ArticlePage.objects.live().order_by("pk").first()
print(json.dumps({
    "broken": broken,
    "title": story.title,
    "rounds": Revision.objects.filter(content__title__startswith="Round ").count(),
    "comments": len(texts),
}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`masthead serve` in a process group of its own, to be killed whole."""

    def __init__(self, site: Site):
        self.site = site
        self.base = ""
        self.process = None

    def start(self) -> None:
        # A new port each time: the killed server's connections linger in
        # TIME_WAIT on the old one.
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        log = self.site.data / "serve.log"
        self.process = self.site.popen(
            *("serve", "--port", str(port), "--workers", "1", "--no-worker"),
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
            start_new_session=True,
        )
        deadline = time.monotonic() + 300  # a busy machine starts slowly
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(OSError):
                if request(self.base + "/robots.txt")[0] == 200:
                    return
            time.sleep(0.2)
        raise AssertionError(f"masthead serve did not start: {log.read_text()}")

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def request(url, data=None, headers=None) -> tuple[int, Message, str]:
    body = None if data is None else urllib.parse.urlencode(data, doseq=True).encode()
    req = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Newsroom:
    """An editor signed in to the admin, and a reader with a comment."""

    def __init__(self, server: Server, facts: dict):
        self.server = server
        self.session = facts["session"]
        self.story_id = facts["id"]
        self.story_url = facts["url"]

    def publish_request(self, title: str):
        """The story's edit form as the admin serves it, filled in to publish."""
        url = f"{self.server.base}/admin/pages/{self.story_id}/edit/"
        status, headers, page = request(url, headers={"Cookie": self.cookie()})
        assert status == 200, status
        cookies = SimpleCookie()
        for value in headers.get_all("Set-Cookie") or []:
            cookies.load(value)
        token = cookies["csrftoken"].value if "csrftoken" in cookies else ""
        data = querydict_from_html(page, form_id="page-edit-form")
        # Wagtail's helper leaves the CSRF field out; a browser sends it.
        field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        data["csrfmiddlewaretoken"] = field.group(1)
        data["body-count"] = data.get("body-count", "0")
        data["title"] = title
        data["action-publish"] = "1"
        cookie = self.cookie(csrftoken=token)
        return url, data, {"Cookie": cookie, "Referer": url, "Origin": self.server.base}

    def comment_request(self, text: str):
        status, _, page = request(self.server.base + self.story_url)
        assert status == 200, status
        action = re.search(r'class="comment-form" method="post" action="([^"]+)"', page)
        token = re.search(r'name="token" value="([^"]+)"', page)
        data = {
            "name": "Killer",
            "email": "reader@example.com",
            "text": text,
            "token": html.unescape(token.group(1)),
        }
        headers = {"Origin": self.server.base}
        return self.server.base + action.group(1), data, headers

    def cookie(self, **more) -> str:
        values = {"sessionid": self.session, **more}
        return "; ".join(f"{k}={v}" for k, v in values.items() if v)


def in_background(*requests_) -> list[threading.Thread]:
    """Send each request from a thread of its own; the server's death cuts
    them off, so their answers do not matter."""
    threads = [
        threading.Thread(target=send_quietly, args=args, daemon=True)
        for args in requests_
    ]
    for thread in threads:
        thread.start()
    return threads


def send_quietly(url, data, headers) -> None:
    with contextlib.suppress(OSError):
        request(url, data, headers)


def lock_table(site: Site, table: str):
    """Hold a lock that stops writes to `table` until released: the server's
    transaction waits there, half done, to be killed."""
    import psycopg

    conn = psycopg.connect(site.url)
    conn.execute(f"LOCK TABLE {table} IN SHARE MODE")
    return conn


def wait_for_lock_waiter(site: Site) -> bool:
    import psycopg

    with psycopg.connect(site.url, autocommit=True) as conn:
        for _ in range(1200):  # a busy machine takes its time to get there
            waiting = conn.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()[0]
            if waiting:
                return True
            time.sleep(0.05)
    return False


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path / "data")
    site.env["MASTHEAD_COMMENT_MIN_SECONDS"] = "0"
    site.env["MASTHEAD_RATE_LIMIT_COMMENTS"] = "10000/m"
    site.masthead("manage", "migrate", "-v0")
    site.masthead("manage", "load_demo", "--articles", "3", "-v0")
    facts = json.loads(site.shell(SETUP).strip().splitlines()[-1])
    yield site, facts
    site.drop()


def test_a_killed_server_leaves_whole_changes_or_none(site):
    site, facts = site
    server = Server(site)
    newsroom = Newsroom(server, facts)
    chance = random.Random(SEED)
    # Writes that land inside the publish, between Wagtail's own steps (our
    # reactions to publishing), and inside the comment's transaction.
    locks = [
        "wagtailcore_pagelogentry",
        "discovery_relatedstory",
        "comments_comment",
        None,
    ]
    if not ON_POSTGRES:  # SQLite has no table locks to wait on
        locks = [None]
    before = json.loads(site.shell(INVARIANTS).strip().splitlines()[-1])
    assert before["broken"] == []
    server.start()
    try:
        # Unkilled, both go through: the rounds below send real work.
        url, data, headers = newsroom.publish_request("Round 0")
        status, answer, _ = request(url, data, headers)
        assert status == 302  # published, on to the section's listing
        assert answer["Location"].startswith("/admin/pages/")
        url, data, headers = newsroom.comment_request("Comment of round 0")
        assert request(url, data, headers)[0] == 302
        for round_ in range(1, ROUNDS + 1):
            publish = newsroom.publish_request(f"Round {round_}")
            comment = newsroom.comment_request(f"Comment of round {round_}")
            table = locks[round_ % len(locks)]
            lock = lock_table(site, table) if table else None
            threads = in_background(publish, comment)
            if lock is not None:
                assert wait_for_lock_waiter(site), f"nothing waited on {table}"
            else:
                time.sleep(chance.uniform(0.0, 0.8))
            server.kill()
            if lock is not None:
                lock.close()
            for thread in threads:
                thread.join(timeout=60)
            server.start()
        facts_after = json.loads(site.shell(INVARIANTS).strip().splitlines()[-1])
        assert facts_after["broken"] == []
        # The site serves, and shows the story as it was last published.
        status, _, page = request(server.base + newsroom.story_url)
        assert status == 200
        assert html.escape(facts_after["title"]) in page
        assert facts_after["rounds"] >= 1
        assert facts_after["comments"] >= 1
    finally:
        server.kill()
