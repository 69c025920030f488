"""Background jobs through Redis: real `masthead worker` processes, a real
`masthead serve`, Redis (db 12) and the database the tests run on.

A job asked for by a web request waits in Redis until a worker runs it; with
two workers every job is done once; a worker killed mid-job loses nothing:
another runs the job again, and it finishes once.
"""

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import time

import pytest
import redis

from masthead.backups.tests.sites import Site
from masthead.jobs.queue import ALIVE_SECONDS, QUEUE, WORKERS, running_key
from masthead.jobs.tests.tasks import CREATE_TABLE, TABLE
from tests.test_killed_writes import SETUP, Newsroom, Server, request

REDIS_URL = "redis://127.0.0.1:6379/12"
WAIT = 90  # seconds: generous, for a busy machine


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One demo site for the module (setting one up takes half a minute)."""
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    site = Site(tmp_path_factory.mktemp("jobs") / "data")
    site.env["REDIS_URL"] = REDIS_URL
    try:
        site.masthead("manage", "migrate", "-v0")
        site.masthead("manage", "load_demo", "--articles", "3", "-v0")
        sql(site, CREATE_TABLE)
        yield site
    finally:
        site.drop()
        store.flushdb()


@pytest.fixture
def queue(site):
    """Redis with no jobs and no workers, the runs table empty; the workers
    started by the test are killed at its end."""
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    sql(site, f"DELETE FROM {TABLE}")  # noqa: S608
    workers = []

    def start_worker() -> subprocess.Popen:
        log = site.data / f"worker-{len(workers)}.log"
        process = site.popen(
            "worker",
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
            start_new_session=True,
        )
        workers.append(process)
        return process

    yield store, start_worker
    for process in workers:
        kill(process)


def kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def enqueue(site: Site, *calls: str) -> None:
    code = "from masthead.jobs.tests.tasks import record_run\n" + "\n".join(calls)
    site.shell(code)


def sql(site: Site, statement: str) -> list[tuple]:
    """Straight to the site's database: quicker than a Django shell."""
    if site.database:
        import psycopg

        with psycopg.connect(site.url, autocommit=True) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else []
    with sqlite3.connect(site.data / "masthead.sqlite3", timeout=20) as conn:
        return conn.execute(statement).fetchall()


def runs(site: Site) -> list[tuple[int, str, int]]:
    return sql(site, f"SELECT job, event, pid FROM {TABLE}")  # noqa: S608


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def test_a_job_asked_for_by_a_web_request_runs_in_a_worker(site, queue):
    """Publishing through the admin of a real server asks for the story's
    related list; it is computed by the worker, not in the request."""
    store, start_worker = queue
    facts = json.loads(site.shell(SETUP).strip().splitlines()[-1])
    related = f"FROM discovery_relatedstory WHERE article_id = {facts['id']}"
    sql(site, f"DELETE {related}")
    server = Server(site)
    server.start()
    try:
        newsroom = Newsroom(server, facts)
        url, data, headers = newsroom.publish_request("Published for the worker")
        assert request(url, data, headers)[0] == 302
    finally:
        server.kill()
    assert store.llen(QUEUE) >= 1  # waiting in Redis, not run in the request
    assert sql(site, f"SELECT count(*) {related}") == [(0,)]

    start_worker()
    wait_for(lambda: store.llen(QUEUE) == 0, "the worker to take the jobs")
    wait_for(
        lambda: sql(site, f"SELECT count(*) {related}")[0][0],
        "the related list",
    )


def test_two_workers_do_each_job_once(site, queue):
    store, start_worker = queue
    jobs = 30
    enqueue(site, f"for n in range({jobs}):\n    record_run.enqueue(n, 0.05)")
    assert store.llen(QUEUE) == jobs
    first, second = start_worker(), start_worker()

    def finished():
        done = [row for row in runs(site) if row[1] == "finished"]
        return len(done) >= jobs

    wait_for(finished, f"{jobs} jobs to finish")
    wait_for(lambda: store.llen(QUEUE) == 0, "an empty queue")
    assert_each_done_once(runs(site), range(jobs))
    for worker in store.smembers(WORKERS):
        assert store.llen(running_key(worker.decode())) == 0
    assert first.poll() is None and second.poll() is None


def test_a_job_whose_worker_is_killed_runs_again_elsewhere_once(site, queue):
    store, start_worker = queue
    doomed = start_worker()
    enqueue(site, "record_run.enqueue(7, 5)")
    started = wait_for(
        lambda: [row for row in runs(site) if row[1] == "started"],
        "the job to start",
    )
    kill(doomed)  # SIGKILL, mid-job: nothing gets to tidy up
    killed_pid = started[0][2]
    assert not any(row[1] == "finished" for row in runs(site))

    start_worker()
    wait_for(
        lambda: any(row[1] == "finished" for row in runs(site)),
        f"another worker to run it (after {ALIVE_SECONDS} s without a heartbeat)",
    )
    wait_for(lambda: store.llen(QUEUE) == 0, "an empty queue")
    rows = runs(site)
    finished = [row for row in rows if row[1] == "finished"]
    assert len(finished) == 1
    assert finished[0][2] != killed_pid
    assert sorted(row[2] for row in rows if row[1] == "started") == sorted(
        [killed_pid, finished[0][2]]
    )
    for worker in store.smembers(WORKERS):
        assert store.llen(running_key(worker.decode())) == 0


def assert_each_done_once(rows, jobs) -> None:
    for event in ("started", "finished"):
        done = sorted(job for job, what, _ in rows if what == event)
        assert done == list(jobs), f"{event}: {done}"
