"""A time limit on one search's database work.

Most searches take tens of milliseconds, but on a big archive a few can take
seconds (a common word filtered to a section's year on a million stories takes
8 s on PostgreSQL: docs/performance.md). Each holds a server thread and a
database connection all that time, and a reader, or a bot, could send many.
Past MASTHEAD_SEARCH_TIMEOUT_MS the search stops and the reader is asked to
narrow it (search/views.py).

Two guards: no statement starts once the time is up (checked before each
one), and a statement running past it is stopped by the database itself:
PostgreSQL's ``statement_timeout`` for this transaction only, SQLite's
progress handler, which SQLite calls every few thousand steps of a query.
"""

import time
from contextlib import contextmanager

from django.db import OperationalError, connections, transaction

SQLITE_STEPS = 10_000  # between two looks at the clock: well under a millisecond


class TooSlow(Exception):
    """The search ran out of time."""


@contextmanager
def time_limit(seconds: float | None, using: str):
    """Raise TooSlow if the database work inside takes longer than seconds
    (None or 0: no limit)."""
    if not seconds:
        yield
        return
    deadline = time.monotonic() + seconds
    connection = connections[using]

    def before_each_statement(execute, sql, params, many, context):
        if time.monotonic() >= deadline:
            raise TooSlow
        return execute(sql, params, many, context)

    try:
        with (
            _database_limit(connection, seconds, deadline),
            connection.execute_wrapper(before_each_statement),
        ):
            yield
    except OperationalError as exc:
        if _stopped_for_time(connection, exc):
            raise TooSlow from exc
        raise


@contextmanager
def _database_limit(connection, seconds: float, deadline: float):
    if connection.vendor == "postgresql":
        nested = connection.in_atomic_block
        # Its own transaction (a savepoint if nested), so that the setting
        # ends with it: safe behind a transaction-pooling PgBouncer too.
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                milliseconds = max(int(seconds * 1000), 1)
                cursor.execute(f"SET LOCAL statement_timeout = {milliseconds}")
            yield
            if nested:  # else the commit ends it; a rollback undoes it too
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        database = connection.connection
        database.set_progress_handler(
            lambda: time.monotonic() >= deadline, SQLITE_STEPS
        )
        try:
            yield
        finally:
            database.set_progress_handler(None, 0)
    else:
        yield


def _stopped_for_time(connection, exc: OperationalError) -> bool:
    if connection.vendor == "postgresql":
        from psycopg.errors import QueryCanceled

        return isinstance(exc.__cause__, QueryCanceled)
    return connection.vendor == "sqlite" and str(exc) == "interrupted"
