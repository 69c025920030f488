"""Scheduled publishing that fires on time with no traffic and no cron job.

`masthead serve` starts `masthead worker` beside the web server; production may
run `masthead worker` on its own. Each pass publishes the revisions whose go-live
time has come and unpublishes what has expired (Wagtail's `publish_scheduled`).
A lock makes sure only one worker works at a time, however many are started.
"""

import contextlib
import fcntl
import logging
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, close_old_connections, connection
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

ADVISORY_LOCK_KEY = 0x4D535448  # "MSTH": any fixed number, the same everywhere


def publish_due() -> None:
    """Publish what is due and unpublish what has expired, now."""
    call_command("publish_scheduled")


def run_worker_jobs() -> None:
    """The other apps' periodic jobs (MASTHEAD_WORKER_JOBS), e.g. writing read
    counts; one failing does not stop the others."""
    for job in settings.MASTHEAD_WORKER_JOBS:
        try:
            import_string(job)()
        except Exception:
            logger.exception("worker job %s failed; retrying", job)


@contextlib.contextmanager
def only_worker() -> Iterator[bool]:
    """Yields True for the one worker that holds the scheduler lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        return
    lock_path = Path(settings.DATA_DIR) / "scheduler.lock"
    with lock_path.open("a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def run_forever(
    interval: float,
    stop: threading.Event | None = None,
    parent_pid: int | None = None,
) -> None:
    """Publish due stories every `interval` seconds until stopped.

    With parent_pid (the server that started this worker) it also stops when
    that server is gone, so a killed server leaves no orphan behind.
    """
    stop = stop or threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if parent_pid is not None:
        threading.Thread(
            target=_stop_when_orphaned, args=(parent_pid, stop), daemon=True
        ).start()
    while not stop.is_set():
        try:
            close_old_connections()
            with only_worker() as mine:
                while mine and not stop.is_set():
                    publish_due_or_log()
                    run_worker_jobs()
                    close_old_connections()
                    stop.wait(interval)
        except OperationalError as exc:
            # The database is down or restarting: wait for it like the web
            # server does, and publish what fell due meanwhile once it is back.
            logger.warning(
                "the database is not answering; trying again in %s s: %s",
                interval,
                exc,
            )
        stop.wait(interval)  # another worker had the lock, or no database


def publish_due_or_log() -> None:
    try:
        publish_due()
    except OperationalError:
        raise  # the database is unreachable: run_forever waits for it
    except Exception:
        # A bad revision must not stop every later story going out.
        logger.exception("scheduled publishing failed; retrying")


def _stop_when_orphaned(parent_pid: int, stop: threading.Event) -> None:
    while not stop.wait(1):
        if os.getppid() != parent_pid:
            stop.set()
