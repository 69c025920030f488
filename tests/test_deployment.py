"""The reference deployment (docs/deploy.md), brought up from the files in
deploy/: nginx balancing two `masthead serve` instances, a CDN stand-in in
front of it, PostgreSQL, Redis and two `masthead worker`s. An editor works
in the real admin of instance A; readers read through the CDN, the balancer
and each instance.

It runs on PostgreSQL and Redis whichever pass runs it: a database of its own
(mh_deploy_…, dropped at the end) and Redis database 10 (emptied before and
after).
"""

import html
import json
import re
import secrets
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from wagtail.test.utils.form_data import querydict_from_html

from deploy.stack import DEPLOY, NGINX, Stack, flush_redis, get, read_env_file

POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/10"
A, B, BALANCER, CDN = 18101, 18102, 18110, 18111
CDN_SECONDS = 3
FRESH_WITHIN = 1.0  # seconds, everywhere, after the editor's change
GIVE_UP = 30  # seconds more before a page that never turns fresh fails the test
PASSWORD = "deploy-test-" + secrets.token_urlsafe(8)

SETUP = """
import json
from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.models import Site
from masthead.articles.models import ArticlePage
from masthead.comments.models import CommentSettings

call_command("migrate", verbosity=0)
call_command("load_demo", articles=3, verbosity=0)
User.objects.create_superuser("chief", "chief@example.com", PASSWORD)
policy = CommentSettings.for_site(Site.objects.get(is_default_site=True))
policy.per_ip_per_hour = policy.per_email_per_hour = 10_000
policy.save()
story = ArticlePage.objects.live().order_by("pk").first()
draft = story.copy(
    update_attrs={"title": "Draft from the desk", "slug": "draft-from-the-desk"},
    keep_live=False,
    log_action=None,
)
print(json.dumps({"story": story.pk, "url": story.url, "draft": draft.pk}))
"""

SCHEDULE = """
import json
from datetime import timedelta
from django.utils import timezone
from masthead.articles.models import ArticlePage

story = ArticlePage.objects.live().order_by("pk").first()
page = story.copy(
    update_attrs={"title": "Goes live by itself", "slug": "goes-live-by-itself"},
    keep_live=False,
    log_action=None,
)
page.go_live_at = timezone.now() + timedelta(seconds=GO_LIVE_IN)
page.save_revision().publish()
page.refresh_from_db()
print(json.dumps({"id": page.pk, "live": page.live}))
"""


def service_missing() -> str:
    if not Path(NGINX).exists():
        return "nginx is not installed (apt-get install nginx)"
    for port, name in ((5432, "PostgreSQL"), (6379, "Redis")):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        except OSError:
            return f"{name} is not running on 127.0.0.1:{port}"
    return ""


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    # CI installs nginx and starts the services (.ci/run): one missing is a
    # failure to see, not a test to skip.
    if reason := service_missing():
        pytest.fail(reason)
    import psycopg

    name = f"mh_deploy_{secrets.token_hex(4)}"
    root = tmp_path_factory.mktemp("deployment")
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    flush_redis(REDIS)
    # The documented environment file, with this machine's services, ports
    # and folders, a CDN window short enough to wait out, and no limits on
    # how fast the test's reader may comment.
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        **read_env_file(DEPLOY / "masthead.env.example"),
        "MASTHEAD_DATA": str(root / "data"),
        "DATABASE_URL": f"{POSTGRES}/{name}",
        "REDIS_URL": REDIS,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MASTHEAD_BASE_URL": f"http://127.0.0.1:{BALANCER}",
        "MASTHEAD_HTTPS": "false",
        "MASTHEAD_CDN_PURGE": f"http://127.0.0.1:{CDN}",
        "MASTHEAD_CDN_SECONDS": str(CDN_SECONDS),
        "MASTHEAD_SCHEDULER_INTERVAL": "1",
        "MASTHEAD_COMMENT_MIN_SECONDS": "0",
        "MASTHEAD_RATE_LIMIT_COMMENTS": "off",
    }
    stack = Stack(root, env)
    try:
        # Migrations and a small demo newsroom, in one process: it is most of
        # the test's time.
        code = SETUP.replace("PASSWORD", repr(PASSWORD))
        started = time.monotonic()
        # No CDN to purge yet: the demo's few hundred changes would queue
        # purges for the workers to send while the tests run.
        quiet = {k: v for k, v in env.items() if k != "MASTHEAD_CDN_PURGE"}
        output = stack.masthead("manage", "shell", "-v0", "-c", code, env=quiet)
        facts = json.loads(output.splitlines()[-1])
        print(f"set up in {time.monotonic() - started:.0f} s")  # noqa: T201
        for port in (A, B):
            stack.start_instance(port, "--workers", "1")
        stack.start_worker("worker-1")
        stack.start_worker("worker-2")
        for port in (A, B):
            stack.wait_until_up(
                f"http://127.0.0.1:{port}/robots.txt", f"instance-{port}"
            )
        stack.start_nginx(BALANCER, [A, B], cdn_listen=CDN)
        stack.wait_until_up(f"http://127.0.0.1:{CDN}/robots.txt", "nginx")
        print(f"up in {time.monotonic() - started:.0f} s")  # noqa: T201
        yield stack, facts
    finally:
        stack.stop()
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        flush_redis(REDIS)


def query(stack: Stack, sql: str, *params) -> list[tuple]:
    import psycopg

    with psycopg.connect(stack.env["DATABASE_URL"]) as conn:
        return conn.execute(sql, params).fetchall()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Editor:
    """A browser signed in to one instance's admin: cookies, CSRF and all."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect
        )

    def request(self, path: str, data=None) -> tuple[int, str, str]:
        url = self.base + path
        body = None if data is None else urllib.parse.urlencode(data, doseq=True)
        headers = {"Origin": self.base, "Referer": url}
        req = urllib.request.Request(url, body and body.encode(), headers)  # noqa: S310
        try:
            with self.opener.open(req, timeout=60) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    (response.read().decode()),
                )
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def form(self, path: str, form_id: str | None = None) -> dict:
        status, _, page = self.request(path)
        assert status == 200, (path, status)
        data = querydict_from_html(page, form_id=form_id) if form_id else {}
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        data["csrfmiddlewaretoken"] = token.group(1)
        return data

    def sign_in(self) -> None:
        data = self.form("/admin/login/")
        data.update(username="chief", password=PASSWORD)
        status, location, _ = self.request("/admin/login/", data)
        assert status == 302 and "/login/" not in location, (status, location)

    def publish(self, page_id: int, title: str) -> None:
        path = f"/admin/pages/{page_id}/edit/"
        data = self.form(path, "page-edit-form")
        data["body-count"] = data.get("body-count", "0")
        data.update({"title": title, "action-publish": "1"})
        status, location, _ = self.request(path, data)
        assert status == 302 and "/edit/" not in location, (status, location)

    def unpublish(self, page_id: int) -> None:
        path = f"/admin/pages/{page_id}/unpublish/"
        status, location, _ = self.request(path, self.form(path))
        assert status == 302, (status, location)


@pytest.fixture(scope="module")
def editor(deployment):
    editor = Editor(A)
    editor.sign_in()
    return editor


def readers(*ports: int) -> list[str]:
    return [f"http://127.0.0.1:{port}" for port in ports]


def stale_for(pages: dict[str, object], within: float) -> float:
    """Ask for each page (url: fresh(status, body)) again and again until its
    answer is fresh. Returns how long after the start the last request that
    still got an old answer was sent, and fails if that is over `within`."""
    start = time.monotonic()
    pending = dict(pages)
    last_stale = 0.0
    while pending and time.monotonic() - start < within + GIVE_UP:
        for url, fresh in list(pending.items()):
            sent = time.monotonic() - start
            if fresh(*get(url)):
                del pending[url]
            else:
                last_stale = max(last_stale, sent)
        time.sleep(0.02)
    assert not pending, f"never fresh: {', '.join(pending)}"
    assert last_stale <= within, f"stale {last_stale:.2f} s after the change"
    return last_stale


def shows(headline: str):
    return lambda status, page: status == 200 and html.escape(headline) in page


def lacks(headline: str):
    return lambda status, page: status == 200 and html.escape(headline) not in page


def not_found(status: int, page: str) -> bool:
    return status == 404


def everywhere(bases: list[str], checks: dict[str, object]) -> dict[str, object]:
    return {base + path: check for base in bases for path, check in checks.items()}


def article_url(stack: Stack, page_id: int) -> str:
    (url_path,) = query(
        stack, "SELECT url_path FROM wagtailcore_page WHERE id = %s", page_id
    )[0]
    # url_path includes the home page's own slug: /home/world/slug/
    return "/" + url_path.strip("/").split("/", 1)[1] + "/"


def test_a_published_story_is_on_every_instance_within_a_second(deployment, editor):
    stack, facts = deployment
    bases = readers(A, B, BALANCER)
    for base in bases:  # every process has the old front page cached
        assert get(base + "/")[0] == 200
    headline = "Floodgates open at dawn"
    editor.publish(facts["draft"], headline)
    checks = {article_url(stack, facts["draft"]): shows(headline), "/": shows(headline)}
    took = stale_for(everywhere(bases, checks), FRESH_WITHIN)
    print(f"published: stale for {took:.2f} s")  # noqa: T201


def test_a_correction_and_an_unpublish_are_everywhere_within_a_second(
    deployment, editor
):
    stack, facts = deployment
    bases = readers(A, B, BALANCER)
    for base in bases:
        assert get(base + facts["url"])[0] == get(base + "/")[0] == 200
    headline = "Corrected: bridge opens in June"
    editor.publish(facts["story"], headline)
    checks = {facts["url"]: shows(headline), "/": shows(headline)}
    took = stale_for(everywhere(bases, checks), FRESH_WITHIN)
    print(f"corrected: stale for {took:.2f} s")  # noqa: T201

    draft_path = article_url(stack, facts["draft"])
    editor.unpublish(facts["draft"])
    checks = {draft_path: not_found, "/": lacks("Floodgates open at dawn")}
    took = stale_for(everywhere(bases, checks), FRESH_WITHIN)
    print(f"unpublished: stale for {took:.2f} s")  # noqa: T201


def test_the_cdn_is_purged_and_never_stale_past_its_window(deployment, editor):
    """Every page is fresh at the CDN once MASTHEAD_CDN_SECONDS have passed,
    and the changed story is purged (a PURGE reaches the CDN for it)."""
    stack, facts = deployment
    (cdn,) = readers(CDN)
    path = facts["url"]
    pages = [path, "/", "/latest/", "/world/"]
    for page in pages:  # kept by the CDN, then a hit
        assert get(cdn + page)[0] == 200
    with urllib.request.urlopen(cdn + path, timeout=10) as response:  # noqa: S310
        assert response.headers["X-CDN-Cache"] == "HIT"
    log = stack.logs / "cdn-access.log"
    log.write_text("")  # nginx appends: what follows is this change's

    headline = "Bridge opens in July, ministry says"
    editor.publish(facts["story"], headline)
    checks = {cdn + page: shows(headline) for page in pages}
    took = stale_for(checks, CDN_SECONDS + FRESH_WITHIN)
    print(f"CDN: stale for {took:.2f} s")  # noqa: T201
    purged = f'"PURGE {path} HTTP/1.1" 200'
    for _ in range(GIVE_UP * 10):
        if purged in log.read_text():
            break
        time.sleep(0.1)
    assert purged in log.read_text()


def test_a_scheduled_story_is_published_once_with_two_workers(deployment):
    stack, _ = deployment
    code = SCHEDULE.replace("GO_LIVE_IN", "3")
    output = stack.masthead("manage", "shell", "-v0", "-c", code)
    story = json.loads(output.splitlines()[-1])
    assert story["live"] is False
    path = article_url(stack, story["id"])
    stale_for({readers(BALANCER)[0] + path: shows("Goes live by itself")}, within=20)
    time.sleep(3)  # a few more passes of both workers
    actions = query(
        stack,
        "SELECT action FROM wagtailcore_pagelogentry WHERE page_id = %s",
        story["id"],
    )
    assert Counter(action for (action,) in actions)["wagtail.publish.scheduled"] == 1


class Load:
    """Readers through the balancer: GETs from a few threads, and comments
    from one; every answer is written down with when its request was sent."""

    def __init__(self, base: str, story_path: str, pages: list[str]):
        self.base = base
        self.story_path = story_path
        self.pages = pages
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.gets: list[tuple[float, int | str]] = []
        self.posts: list[tuple[float, float, str, int | str]] = []

    def reader(self, offset: int) -> None:
        n = offset
        while not self.stop.is_set():
            self.read(self.pages[n % len(self.pages)])
            n += 1

    def read(self, path: str) -> tuple[int, str]:
        sent = time.monotonic()
        try:
            status, page = get(self.base + path)
        except OSError as error:
            status, page = repr(error), ""
        with self.lock:
            self.gets.append((sent, status))
        return status, page

    def commenter(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            text = f"Load comment {n} {secrets.token_hex(4)}"
            status, page = self.read(self.story_path)
            if status != 200:
                continue  # counted among the GETs' failures
            sent = time.monotonic()
            try:
                outcome = self.comment(page, text)
            except OSError as error:
                outcome = repr(error)
            with self.lock:
                self.posts.append((sent, time.monotonic(), text, outcome))

    def comment(self, page: str, text: str) -> int:
        action = re.search(r'class="comment-form" method="post" action="([^"]+)"', page)
        token = re.search(r'name="token" value="([^"]+)"', page)
        data = urllib.parse.urlencode(
            {
                "name": "Load",
                "email": "reader@example.com",
                "text": text,
                "token": html.unescape(token.group(1)),
            }
        ).encode()
        opener = urllib.request.build_opener(NoRedirect)
        req = urllib.request.Request(  # noqa: S310
            self.base + action.group(1), data, {"Origin": self.base}
        )
        try:
            with opener.open(req, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location", "")
            if error.code == 302 and "?comment=" in location:
                return 302  # "published" or "held": acknowledged to the reader
            return error.code


def test_killing_an_instance_under_load_fails_no_read_and_loses_no_comment(
    deployment,
):
    """nginx notices a dead instance on the first request it sends there (the
    connection is refused or cut) and resends a GET to the other instance,
    so no GET fails at all, before, during or after the kill. A comment B
    may have acted on is not resent: it gets a 502, so the reader is never
    told "published" for a comment that is not stored. Those are the only
    failures allowed, and only for comments sent before the balancer
    answered its first 502: from then on B is out."""
    stack, facts = deployment
    load = Load(
        f"http://127.0.0.1:{BALANCER}",
        facts["url"],
        [facts["url"], "/", "/latest/", "/world/", "/robots.txt"],
    )
    access_log = stack.logs / "masthead-access.log"
    access_log.write_text("")  # nginx appends: what follows is this load's
    threads = [threading.Thread(target=load.reader, args=(n,)) for n in range(3)]
    threads.append(threading.Thread(target=load.commenter))
    for thread in threads:
        thread.start()
    try:
        time.sleep(3)
        killed_at = time.monotonic()
        stack.kill(f"instance-{B}")
        time.sleep(4)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=60)

    served_by = Counter(
        match.group(1)
        for match in re.finditer(r'"127\.0\.0\.1:(\d+)', access_log.read_text())
    )
    assert served_by[str(B)] > 0, f"B got no requests before it died: {served_by}"
    assert [outcome for _, outcome in load.gets if outcome != 200] == []
    after = [sent for sent, _ in load.gets if sent > killed_at]
    assert len(after) >= 20, "too few reads after the kill to tell"

    # The balancer has noticed by the time it answers the first failed
    # request (502): B is then out for every nginx worker (the upstream's
    # shared zone). No request sent after that may fail.
    failed = [(sent, done) for sent, done, _, outcome in load.posts if outcome != 302]
    if failed:
        noticed = min(done for _, done in failed)
        assert all(sent < noticed for sent, _ in failed), failed
        assert killed_at < noticed
    acknowledged = [text for _, _, text, outcome in load.posts if outcome == 302]
    assert any(sent > killed_at for sent, _, _, outcome in load.posts if outcome == 302)
    stored = Counter(
        text
        for (text,) in query(
            stack, "SELECT text FROM comments_comment WHERE name = 'Load'"
        )
    )
    assert [text for text in acknowledged if stored[text] != 1] == []
    assert [text for text, count in stored.items() if count > 1] == []
    print(  # noqa: T201
        f"{len(load.gets)} GETs, 0 failed ({len(after)} after the kill); "
        f"{len(acknowledged)} comments acknowledged, each stored once; "
        f"{len(failed)} cut off inside B; served by {dict(served_by)}"
    )
