"""`masthead upgrade`: bring the database, static files and search index up to
the installed version, while the old instances keep serving.

One upgrade runs at a time: a PostgreSQL advisory lock (every machine sees
it), or a file lock in the data folder on SQLite; a second one waits for the
first and then finds nothing left to do. Migrations must be expand-then-
contract for the old code to keep working meanwhile (docs/operations.md,
"Upgrading without downtime"). Static files are added beside the old ones
(never --clear), so old instances keep their own. The search index is rebuilt
only when what is indexed changed (or with --reindex): a rebuild takes
minutes on a large archive and, on SQLite, holds the write lock throughout.
"""

import contextlib
import fcntl
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from masthead.core import staticfiles

ADVISORY_LOCK_KEY = 0x4D535455  # "MSTU"; the scheduler's is "MSTH"
FINGERPRINT_FILE = "search-index.fingerprint"


@contextlib.contextmanager
def one_at_a_time(waiting: Callable[[], None]) -> Iterator[None]:
    """Hold the upgrade lock, calling `waiting` first if another holds it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            if not cursor.fetchone()[0]:
                waiting()
                cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        return
    with (Path(settings.DATA_DIR) / "upgrade.lock").open("a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def upgrade(reindex: bool = False) -> None:
    """Each step says what it did, on one line."""

    def waiting() -> None:
        say("another 'masthead upgrade' is running: waiting for it to finish")

    with one_at_a_time(waiting):
        pending = pending_migrations()
        call_command("migrate", interactive=False, verbosity=0)
        say(
            f"Database: applied {', '.join(pending)}"
            if pending
            else "Database: already up to date"
        )
        staticfiles.collect()  # under the lock `masthead serve` takes too
        say("Static files: collected")
        fingerprint = search_fingerprint()
        stored = Path(settings.DATA_DIR) / FINGERPRINT_FILE
        if reindex or not stored.exists() or stored.read_text() != fingerprint:
            call_command("update_index", verbosity=0)
            stored.write_text(fingerprint)
            say("Search index: rebuilt")
        else:
            say("Search index: what is indexed has not changed, kept")
        from masthead.cache.generation import generation

        generation().bump()
        say("Page cache: emptied (pages render afresh with the new version)")


def search_fingerprint() -> str:
    """A digest of the search backend and every indexed model's fields: when
    it changes, the index must be rebuilt."""
    from modelsearch.index import get_indexed_models

    def describe(field) -> list:
        return [
            type(field).__name__,
            field.field_name,
            getattr(field, "boost", None),
            sorted((k, repr(v)) for k, v in getattr(field, "kwargs", {}).items()),
            [describe(f) for f in getattr(field, "fields", [])],
        ]

    models = {
        model._meta.label: [describe(f) for f in model.get_search_fields()]
        for model in get_indexed_models()
    }
    backends = settings.WAGTAILSEARCH_BACKENDS
    text = json.dumps([backends, models], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def say(line: str) -> None:
    print(line, file=sys.stdout, flush=True)  # noqa: T201
