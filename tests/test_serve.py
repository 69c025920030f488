"""`masthead serve` as readers meet it: many browsers hold keep-alive
connections open between clicks, and none of them may lock the others out."""

import fcntl
import http.client
import os
import socket
import subprocess
import sys
import time

import pytest

IDLE_BROWSERS = 48


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    env = {**os.environ, "MASTHEAD_DATA": str(tmp_path / "data")}
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "-m", "masthead", "manage", "migrate", "-v0"],
        env=env,
        check=True,
        timeout=300,
    )
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "masthead",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--no-worker",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    # Start-up collects static files first: seconds on a quiet machine, and
    # 40 s was seen on a busy one.
    deadline = time.monotonic() + 120
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "masthead serve did not start"
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=30)


def get(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def test_idle_keep_alive_connections_do_not_lock_out_new_readers(server):
    browsers = []
    for _ in range(IDLE_BROWSERS):
        connection = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
        assert get(connection, "/robots.txt") == 200
        browsers.append(connection)  # kept open, idle, as a browser does
    newcomer = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    assert get(newcomer, "/robots.txt") == 200
    for connection in [*browsers, newcomer]:
        connection.close()


def test_a_site_loading_while_static_files_are_collected_waits_for_them(tmp_path):
    """Instances on one machine share a data folder; one collecting static
    files while another loads the site made the other die (a file gone
    while WhiteNoise listed them). Loading now waits for the collecting."""
    data = tmp_path / "data"
    data.mkdir()
    env = {**os.environ, "MASTHEAD_DATA": str(data)}
    with (data / "collectstatic.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as `masthead serve` does to collect
        loading = subprocess.Popen(
            [sys.executable, "-c", "import masthead.config.wsgi; print('loaded')"],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)
        assert loading.poll() is None  # still waiting for the lock
    output, _ = loading.communicate(timeout=120)
    assert loading.returncode == 0
    assert output.strip() == "loaded"


def test_a_loaded_site_keeps_its_start_up_out_of_the_garbage_collectors_way(
    tmp_path,
):
    """Every full garbage collection walked everything Django and Wagtail
    loaded: a 70-80 ms pause inside one search in four (bench/search.py).
    The server's application module freezes what start-up made."""
    env = {**os.environ, "MASTHEAD_DATA": str(tmp_path)}
    script = (
        "import gc, masthead.config.wsgi; "
        "print(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    loaded = subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, "-W", "ignore", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, tracked = map(int, loaded.stdout.split())
    assert frozen > 50_000  # Django's, Wagtail's and our modules' objects
    assert tracked < frozen / 10  # what a collection still has to walk
