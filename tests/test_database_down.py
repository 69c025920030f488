"""Stale is better than down, and back by itself: with the database gone, a
real `masthead serve` keeps serving the pages it has cached and answers the
rest with a friendly 503 (a comment being posted is handed back, not lost);
when the database returns, the same server and `masthead worker` carry on,
with no restart.

On SQLite the database file is moved away and back; on PostgreSQL the server
reaches the database through a small TCP relay here, which is shut and then
opened again on the same port, as if the database server had stopped and
started again (stopping the shared one would stop the other tests)."""

import contextlib
import html
import http.cookiejar
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from urllib.parse import urlsplit

import pytest

EDITOR_PASSWORD = "outage-Editor-9rt"
SERVER_THREADS = 8  # masthead serve's threads per worker process (cli.py)


class Relay:
    """Forwards TCP connections to the database until closed."""

    def __init__(self, host: str, port: int, listen_port: int = 0):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", listen_port))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.open = True
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while self.open:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(a, b), daemon=True).start()

    @staticmethod
    def pump(source, sink):
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self):
        self.open = False
        # shutdown() wakes the thread blocked in accept(); close() alone would
        # leave it accepting new connections.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def masthead(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "masthead", *args],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
        **kwargs,
    )


def get(url: str, **headers) -> tuple[int, Message, str]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    return fetch(urllib.request.urlopen, request)


def fetch(open_url, request) -> tuple[int, Message, str]:
    try:
        with open_url(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(url: str, fields: dict, opener=None, **headers) -> tuple[int, Message, str]:
    """A form posted as a browser posts it (with its Origin), redirects not
    followed unless the opener follows them."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    request = urllib.request.Request(  # noqa: S310 (loopback)
        url,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Origin": origin, **headers},
    )
    opener = opener or urllib.request.build_opener(NoRedirect)
    return fetch(opener.open, request)


def form_fields(page: str, action: str) -> dict[str, str]:
    """The named fields of the form posting to `action`, as a browser sends them."""
    form = re.search(
        rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S
    )
    assert form, f"no form posting to {action}"
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form.group(1)):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, text in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form.group(1), re.S
    ):
        fields[name] = html.unescape(text.removeprefix("\n"))
    return fields


class Site:
    """A demo site served by `masthead serve`, whose database can be taken
    away and brought back, and read directly (not through the server)."""

    def __init__(self, tmp_path, env, relay, direct_url):
        self.tmp_path = tmp_path
        self.env = env
        self.relay = relay
        self.direct_url = direct_url
        self.base = ""

    @property
    def sqlite_file(self):
        return self.tmp_path / "data" / "masthead.sqlite3"

    def take_database_away(self):
        if self.relay is not None:
            self.relay.close()
            return
        db = self.sqlite_file
        for suffix in ("", "-wal", "-shm"):
            path = db.with_name(db.name + suffix)
            if path.exists():
                path.rename(self.tmp_path / (path.name + ".away"))
        db.mkdir()  # where the database was, nothing SQLite can open

    def bring_database_back(self):
        if self.relay is not None:
            target, port = self.relay.target, self.relay.port
            self.relay = Relay(*target, listen_port=port)
            return
        db = self.sqlite_file
        db.rmdir()
        for suffix in ("", "-wal", "-shm"):
            away = self.tmp_path / (db.name + suffix + ".away")
            if away.exists():
                away.rename(db.with_name(db.name + suffix))

    def query(self, sql: str, *params):
        """Rows straight from the database, as the server left them."""
        if self.direct_url is None:
            with contextlib.closing(sqlite3.connect(self.sqlite_file)) as conn:
                return conn.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(self.direct_url) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()

    def shell(self, code: str) -> str:
        """Run Python in the site's Django (as `masthead manage shell`); the
        last line it printed."""
        out = masthead(self.env, "manage", "shell", "-c", code, text=True).stdout
        return (out.strip().splitlines() or [""])[-1]


@pytest.fixture
def site(tmp_path):
    """A demo site served by `masthead serve`, and a way to take its database away."""
    env = {
        **os.environ,
        "MASTHEAD_DATA": str(tmp_path / "data"),
        "MASTHEAD_PAGE_CACHE_SECONDS": "2",
        "MASTHEAD_COMMENT_MIN_SECONDS": "0",
        "MASTHEAD_SCHEDULER_INTERVAL": "1",
    }
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    relay = database = direct_url = None
    main_url = os.environ.get("DATABASE_URL", "")
    if main_url.startswith("postgres"):
        import psycopg

        parts = urlsplit(main_url)
        database = f"masthead_down_{uuid.uuid4().hex[:8]}"
        admin = main_url.rsplit("/", 1)[0] + "/postgres"
        direct_url = main_url.rsplit("/", 1)[0] + f"/{database}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        relay = Relay(parts.hostname, parts.port or 5432)
        credentials = parts.netloc.rsplit("@", 1)[0]
        env["DATABASE_URL"] = (
            f"postgres://{credentials}@127.0.0.1:{relay.port}/{database}"
        )
    site = Site(tmp_path, env, relay, direct_url)
    masthead(env, "manage", "migrate", "-v0")
    masthead(env, "manage", "load_demo", "--articles", "4", "-v0")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "masthead",
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--no-worker",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    site.base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if get(site.base + "/robots.txt")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail(server.stderr.read().decode())

    yield site
    server.terminate()
    server.wait(timeout=30)
    if site.relay is not None:
        site.relay.close()
    if database is not None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


@pytest.fixture
def worker(site):
    """`masthead worker` as production runs it, beside the server."""
    process = subprocess.Popen(
        [sys.executable, "-m", "masthead", "worker"],
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)


def first_article(site) -> str:
    status, _, home = get(site.base + "/")
    assert status == 200
    return re.search(r'class="card-title"><a href="([^"]+)"', home).group(1)


def uncached(site, path: str) -> str:
    """The address of `path` that no cache has seen."""
    return f"{site.base}{path}?visit={uuid.uuid4().hex}"


def test_cached_pages_are_served_and_the_rest_get_a_friendly_503(site):
    article = site.base + first_article(site)
    status, _, page = get(article)
    assert status == 200
    headline = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1).strip()
    assert get(article)[1]["X-Cache"] == "HIT"

    site.take_database_away()

    status, headers, page = get(article)
    assert status == 200
    assert headline in page
    assert headers["X-Cache"] in ("HIT", "STALE")

    time.sleep(2.5)  # past its freshness: Django is asked, fails, the copy is kept
    status, headers, page = get(article)
    assert status == 200
    assert headers["X-Cache"] == "STALE"
    assert headline in page

    status, headers, page = get(site.base + "/search/?q=never-cached")
    assert status == 503
    assert headers["Retry-After"] == "60"
    assert "back in a moment" in page
    assert "Traceback" not in page
    assert 'role="search"' in page
    assert "Latest stories" in page


def sign_in(site, username: str) -> urllib.request.OpenerDirector:
    """An editor's browser, signed in to the newsroom."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect
    )
    _, _, page = fetch(browser.open, site.base + "/admin/login/")
    fields = form_fields(page, "/admin/login/")
    fields.update(username=username, password=EDITOR_PASSWORD)
    assert post(site.base + "/admin/login/", fields, opener=browser)[0] == 302
    status, _, page = fetch(browser.open, site.base + "/admin/")
    assert status == 200
    assert 'name="password"' not in page
    return browser


def publish_in_admin(site, browser, page_id: int) -> tuple[int, str]:
    """What the editor's Publish button in the page explorer does."""
    action = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}"
    status, _, page = fetch(browser.open, site.base + action)
    assert status == 200, page
    fields = form_fields(page, html.escape(action))
    return post(site.base + action, fields, opener=browser)[::2]


def test_the_site_recovers_by_itself_when_the_database_returns(site):
    """Readers, commenters and editors are back as soon as the database is,
    and a comment typed during the outage was handed back, ready to post."""
    article_path = first_article(site)
    article = site.base + article_path
    status, _, page = get(article)
    assert status == 200
    action = re.search(r'action="(/comments/post/\d+/)"', page).group(1)
    comment = form_fields(page, action)
    marker = uuid.uuid4().hex
    comment.update(
        name="Rafiq Islam",
        email="rafiq@example.com",
        text=f"Typed while the database was away, every word kept. {marker}",
    )
    site.shell(
        "from django.contrib.auth.models import User;"
        "from masthead.articles.models import ArticlePage, SectionPage;"
        "User.objects.create_superuser('editor', 'ed@example.com',"
        f" '{EDITOR_PASSWORD}');"
        "draft = ArticlePage(title='Power returns to the presses', slug='presses',"
        " live=False);"
        "SectionPage.objects.first().add_child(instance=draft);"
        "draft.save_revision()"
    )
    draft_id, draft_url = site.shell(
        "from masthead.articles.models import ArticlePage;"
        "d = ArticlePage.objects.get(slug='presses'); print(d.pk, d.url)"
    ).split()
    browser = sign_in(site, "editor")
    # Every thread of the server holds a database connection of its own.
    pages = [uncached(site, "/") for _ in range(2 * SERVER_THREADS)]
    with ThreadPoolExecutor(2 * SERVER_THREADS) as pool:
        assert {s for s, _, _ in pool.map(get, pages)} == {200}

    site.take_database_away()

    status, headers, page = post(site.base + action, comment)
    assert status == 503
    assert headers["Retry-After"] == "60"
    assert "Traceback" not in page
    assert "Your comment has not been posted yet" in page
    kept = form_fields(page, action)
    for field in ("name", "email", "text", "token"):
        assert kept[field] == comment[field], field
    assert get(uncached(site, article_path))[0] == 503
    assert fetch(browser.open, site.base + "/admin/")[0] == 503

    site.bring_database_back()

    pages = [uncached(site, "/") for _ in range(2 * SERVER_THREADS)]
    with ThreadPoolExecutor(2 * SERVER_THREADS) as pool:
        assert [s for s, _, _ in pool.map(get, pages)] == [200] * len(pages)
    status, _, page = get(uncached(site, article_path))
    assert status == 200
    assert "comment-form" in page

    status, headers, _ = post(site.base + action, kept)
    assert status == 302
    assert "comment=" in headers["Location"]
    stored = "SELECT count(*) FROM comments_comment WHERE text LIKE ?"
    assert site.query(stored, f"%{marker}") == [(1,)]

    status, page = publish_in_admin(site, browser, int(draft_id))
    assert status == 302
    status, _, page = get(site.base + draft_url)
    assert status == 200
    assert "Power returns to the presses" in page


def test_the_worker_keeps_running_and_publishes_what_fell_due_meanwhile(site, worker):
    story_url = site.shell(
        "from datetime import timedelta;"
        "from django.utils import timezone;"
        "from masthead.articles.models import ArticlePage, SectionPage;"
        "story = ArticlePage(title='Scheduled through the outage', slug='due');"
        "SectionPage.objects.first().add_child(instance=story);"
        "story.go_live_at = timezone.now() + timedelta(seconds=3);"
        "story.save_revision().publish();"
        "print(story.url)"
    ).strip()
    assert get(site.base + story_url)[0] == 404

    site.take_database_away()
    time.sleep(6)  # the story falls due; the worker tries several times and fails
    assert worker.poll() is None, worker.stderr.read()
    site.bring_database_back()

    for _ in range(60):
        status, _, page = get(uncached(site, story_url))
        if status == 200:
            break
        time.sleep(0.5)
    assert status == 200
    assert "Scheduled through the outage" in page
    assert worker.poll() is None
