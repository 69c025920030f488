"""Wagtail's database search backend, made fast and (on SQLite) headline-weighted.

On SQLite the backend in sqlite.py takes Wagtail's place, on PostgreSQL the one
in postgres.py; MySQL gets Wagtail's as it is. See docs/search.md.
"""

from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    backend = DatabaseSearchBackend(params)
    # Imported here: each module needs its database's index models, which
    # Wagtail defines only when that database is in use.
    if type(backend).__name__ == "SQLiteSearchBackend":
        from masthead.search.backends.sqlite import WeightedSQLiteSearchBackend

        return WeightedSQLiteSearchBackend(params)
    if type(backend).__name__ == "PostgresSearchBackend":
        from masthead.search.backends.postgres import IndexedPostgresSearchBackend

        return IndexedPostgresSearchBackend(params)
    return backend
