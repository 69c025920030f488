"""`masthead upgrade` on a data folder a real `masthead serve` is serving: the
readers notice nothing, and two upgrades at once take turns. (An unreachable
database: tests/test_cli.py.)"""

import contextlib
import fcntl
import struct
import subprocess
import threading

import pytest

from masthead.backups.tests.sites import Site
from masthead.core.upgrade import ADVISORY_LOCK_KEY
from tests.test_killed_writes import Server, request


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path / "data")
    try:
        site.masthead("manage", "migrate", "-v0")
        yield site
    finally:
        site.drop()


def generation(site: Site) -> int:
    """The page cache's content generation (masthead/cache/generation.py)."""
    counter = site.data / "cache" / "generation"
    return struct.unpack("<Q", counter.read_bytes())[0] if counter.exists() else 0


@contextlib.contextmanager
def upgrade_lock(site: Site):
    """Hold the lock an upgrade holds, as an upgrade still running would."""
    if site.database:
        import psycopg

        with psycopg.connect(site.url, autocommit=True) as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            yield
        return
    with (site.data / "upgrade.lock").open("a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        yield


def test_upgrade_waits_its_turn_then_upgrades_while_the_old_version_serves(site):
    """Started while another upgrade holds the lock, it waits; then it applies
    the new version's migration, collects static files and rebuilds the index
    while a reader keeps fetching the front page: every answer a 200."""
    server = Server(site)
    server.start()
    answers = []
    stop = threading.Event()

    def read_front_page() -> None:
        while not stop.is_set():
            answers.append(request(server.base + "/")[0])

    reader = threading.Thread(target=read_front_page)
    try:
        # The new version brings a migration the database does not have yet.
        site.masthead("manage", "migrate", "search", "zero", "-v0")
        before = generation(site)
        reader.start()
        with upgrade_lock(site):
            upgrade = site.popen("upgrade", stdout=subprocess.PIPE, text=True)
            assert upgrade.stdout.readline().strip() == (
                "another 'masthead upgrade' is running: waiting for it to finish"
            )
            assert upgrade.poll() is None
        output, _ = upgrade.communicate(timeout=600)
    finally:
        stop.set()
        if reader.is_alive():
            reader.join(timeout=60)
        server.kill()
    assert upgrade.returncode == 0
    lines = output.splitlines()
    # "Database: applied search.0001_search_indexes, search.0002_…"
    assert any(
        line.startswith("Database: applied search.0001_search_indexes")
        for line in lines
    ), lines
    assert "Static files: collected" in lines
    assert "Search index: rebuilt" in lines  # the first upgrade of this folder
    assert generation(site) > before
    assert answers
    assert set(answers) == {200}, answers
