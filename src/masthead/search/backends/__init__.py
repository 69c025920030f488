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


def holds_everything(queryset) -> bool:
    """Whether the queryset is every row of its model, or every live page:
    a broad search, known without listing its stories (which took 6-9 ms
    for 5,000 stories on SQLite)."""
    where = queryset.query.where
    if not where.children:
        return True
    live = getattr(queryset.model._default_manager, "live", None)
    return live is not None and where == live().query.where


def in_rank_order(queryset, ranked, score_field=None) -> list:
    """The stories of (pk, score) pairs, in that order, loaded in one query;
    a story the queryset no longer holds is left out. Both of our backends
    rank ids inside the index and load the page's stories with this."""
    objects = queryset.order_by().in_bulk([pk for pk, _score in ranked])
    results = []
    for pk, score in ranked:
        if pk in objects:
            if score_field:
                setattr(objects[pk], score_field, score)
            results.append(objects[pk])
    return results
