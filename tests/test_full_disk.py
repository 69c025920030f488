"""A full disk gives a clear error, not corruption, and everything works again
once space is freed.

The data folder is a small tmpfs mounted in a mount namespace of the test's
own (unshare), filled to the last byte with a ballast file while a real
`masthead serve` runs on it. On SQLite the database lives there too; on
PostgreSQL the media, cache and backups do.
"""

import contextlib
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from masthead.backups.tests.sites import ON_POSTGRES, Site
from tests.test_killed_writes import free_port, request

ROOM = 4 * 1024 * 1024  # what the server may write before the disk is filled

SETUP = """
from wagtail.models import Site
from masthead.comments.models import CommentSettings
policy = CommentSettings.for_site(Site.objects.get(is_default_site=True))
policy.per_ip_per_hour = policy.per_email_per_hour = 10_000
policy.save()
"""


class TinyDisk:
    """A tmpfs of `size` bytes at `folder`, seen only by the processes run
    through it: a mount namespace kept open by a sleeping process."""

    def __init__(self, folder: Path, size: int):
        self.folder = folder
        self.holder = subprocess.Popen(  # noqa: S603
            [
                "/usr/bin/unshare",
                "--mount",
                "--propagation=private",
                "sh",
                "-c",
                f"mount -t tmpfs -o size={size} tmpfs {folder} && echo ready "
                "&& exec sleep 1800",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.holder.stdout.readline().strip() == "ready"

    def command(self, *args: str) -> list[str]:
        return [
            "/usr/bin/nsenter",
            f"--target={self.holder.pid}",
            "--mount",
            "--",
            *args,
        ]

    def run(self, *args: str, env=None, check=True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            self.command(*args),
            env=env,
            check=check,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def fill(self) -> None:
        """Write a ballast file until the disk refuses another byte."""
        ballast = self.folder / "ballast"
        done = self.run("sh", "-c", f"cat /dev/zero > {ballast}", check=False)
        assert "No space left" in done.stderr

    def free(self) -> None:
        self.run("rm", "-f", str(self.folder / "ballast"))

    def close(self) -> None:
        self.holder.kill()
        self.holder.wait()


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def site_on_a_small_disk(tmp_path):
    site = Site(tmp_path / "build")
    site.env["MASTHEAD_COMMENT_MIN_SECONDS"] = "0"
    site.env["MASTHEAD_RATE_LIMIT_COMMENTS"] = "10000/m"
    site.masthead("manage", "migrate", "-v0")
    site.masthead("manage", "load_demo", "--articles", "2", "-v0")
    site.shell(SETUP)
    site.masthead("manage", "collectstatic", "--noinput", "-v0")
    disk_folder = tmp_path / "disk"
    disk_folder.mkdir()
    # Room for the site twice over (a backup once space is back), and then some.
    disk = TinyDisk(disk_folder, 2 * folder_size(site.data) + ROOM)
    disk.run("cp", "-a", f"{site.data}/.", str(disk_folder))
    site.data = disk_folder
    site.env["MASTHEAD_DATA"] = str(disk_folder)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        disk.command(
            sys.executable,
            *("-m", "masthead", "serve", "--port", str(port), "--workers", "1"),
            "--no-worker",
        ),
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(OSError):
            if request(base + "/robots.txt")[0] == 200:
                break
        time.sleep(0.2)
    else:
        pytest.fail(f"masthead serve did not start: {server.stderr.read()}")
    yield site, disk, base
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()
    disk.close()
    site.drop()


def comment_form(base: str) -> tuple[str, dict]:
    status, _, home = request(base + "/")
    assert status == 200
    story = re.search(r'class="card-title"><a href="([^"]+)"', home).group(1)
    status, _, page = request(base + story)
    assert status == 200
    action = re.search(r'class="comment-form" method="post" action="([^"]+)"', page)
    token = re.search(r'name="token" value="([^"]+)"', page)
    return base + action.group(1), {
        "name": "Reader",
        "email": "reader@example.com",
        "token": html.unescape(token.group(1)),
    }


def integrity(site: Site, disk: TinyDisk) -> str:
    if ON_POSTGRES:
        return "ok"  # the database is not on the small disk
    check = (
        "import sqlite3, sys; print(sqlite3.connect(sys.argv[1])"
        ".execute('PRAGMA integrity_check').fetchone()[0])"
    )
    path = str(site.data / "masthead.sqlite3")
    done = disk.run(sys.executable, "-c", check, path, check=False)
    return (done.stdout + done.stderr).strip()


def test_a_full_disk_gives_clear_errors_and_recovers(site_on_a_small_disk):
    site, disk, base = site_on_a_small_disk
    url, comment = comment_form(base)
    headers = {"Origin": base}
    backups = site.data / "backups"

    disk.fill()

    done = disk.run(
        sys.executable, "-m", "masthead", "backup", env=site.env, check=False
    )
    assert done.returncode == 2
    assert "is full" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    listing = disk.run("sh", "-c", f"ls -A {backups} 2>/dev/null || true").stdout
    assert listing.strip() == ""  # not even a partial archive left behind

    statuses = []
    for n in range(3):
        status, _, page = request(url, {**comment, "text": f"Full disk {n}"}, headers)
        statuses.append(status)
        assert status in (302, 503), status
        assert "Traceback" not in page
        if status == 503:
            assert "back in a moment" in page

    disk.free()

    # Checked once space is back: while the disk is full, SQLite cannot even
    # open a new connection ("disk I/O error"), which is itself no damage.
    assert integrity(site, disk) == "ok"

    done = disk.run(
        sys.executable, "-m", "masthead", "backup", env=site.env, check=False
    )
    assert "Backed up" in done.stdout, done.stderr
    status, headers_, _ = request(url, {**comment, "text": "Space again"}, headers)
    assert status == 302
    status, _, page = request(base + headers_["Location"].split("?")[0])
    assert status == 200
    assert integrity(site, disk) == "ok"
    # What the full disk refused is gone; what it took is there once.
    code = (
        "import json\nfrom masthead.comments.models import Comment\n"
        "print(json.dumps(list(Comment.objects.filter(name='Reader')"
        ".values_list('text', flat=True))))"
    )
    shell = ("-m", "masthead", "manage", "shell", "-v0", "-c", code)
    stored = json.loads(disk.run(sys.executable, *shell, env=site.env).stdout)
    assert "Space again" in stored
    assert len(stored) == len(set(stored))
