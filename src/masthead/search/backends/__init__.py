"""Wagtail's database search backend, with headline matches weighted on SQLite.

On PostgreSQL (and MySQL) Wagtail's backend ranks with the fields' ``boost``
(tsvector weights A-D), so it is used as it is. On SQLite the backend in
sqlite.py takes its place. See docs/search.md.
"""

from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    backend = DatabaseSearchBackend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        # Imported here: the module needs SQLite's FTS model, which Wagtail
        # defines only when the database is SQLite.
        from masthead.search.backends.sqlite import WeightedSQLiteSearchBackend

        return WeightedSQLiteSearchBackend(params)
    return backend
