"""Stale is better than down: with the database gone, a real `masthead serve`
keeps serving the pages it has cached and answers the rest with a friendly 503.

On SQLite the database file is moved away; on PostgreSQL the server reaches
the database through a small TCP relay here, which is then shut, as if the
database server had stopped (stopping the shared one would stop the tests)."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from email.message import Message
from urllib.parse import urlsplit

import pytest


class Relay:
    """Forwards TCP connections to the database until closed."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
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
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def site(tmp_path):
    """A demo site served by `masthead serve`, and a way to take its database away."""
    env = {
        **os.environ,
        "MASTHEAD_DATA": str(tmp_path / "data"),
        "MASTHEAD_PAGE_CACHE_SECONDS": "2",
    }
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    relay = database = None
    main_url = os.environ.get("DATABASE_URL", "")
    if main_url.startswith("postgres"):
        import psycopg

        parts = urlsplit(main_url)
        database = f"masthead_down_{uuid.uuid4().hex[:8]}"
        admin = main_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        relay = Relay(parts.hostname, parts.port or 5432)
        credentials = parts.netloc.rsplit("@", 1)[0]
        env["DATABASE_URL"] = (
            f"postgres://{credentials}@127.0.0.1:{relay.port}/{database}"
        )
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
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if get(base + "/robots.txt")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail(server.stderr.read().decode())

    def take_database_away():
        if relay is not None:
            relay.close()
        else:
            db = tmp_path / "data" / "masthead.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                path = db.with_name(db.name + suffix)
                if path.exists():
                    path.rename(tmp_path / (path.name + ".away"))
            db.mkdir()  # where the database was, nothing SQLite can open

    yield base, take_database_away
    server.terminate()
    server.wait(timeout=30)
    if database is not None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


def test_cached_pages_are_served_and_the_rest_get_a_friendly_503(site):
    base, take_database_away = site
    status, _, home = get(base + "/")
    assert status == 200
    article = base + re.search(r'class="card-title"><a href="([^"]+)"', home).group(1)
    status, _, page = get(article)
    assert status == 200
    headline = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1).strip()
    assert get(article)[1]["X-Cache"] == "HIT"

    take_database_away()

    status, headers, page = get(article)
    assert status == 200
    assert headline in page
    assert headers["X-Cache"] in ("HIT", "STALE")

    time.sleep(2.5)  # past its freshness: Django is asked, fails, the copy is kept
    status, headers, page = get(article)
    assert status == 200
    assert headers["X-Cache"] == "STALE"
    assert headline in page

    status, headers, page = get(base + "/search/?q=never-cached")
    assert status == 503
    assert headers["Retry-After"] == "60"
    assert "back in a moment" in page
    assert "Traceback" not in page
    assert 'role="search"' in page
    assert "Latest stories" in page
