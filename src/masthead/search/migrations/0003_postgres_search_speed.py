"""PostgreSQL: two changes for the search's speed (docs/performance.md,
"Search at 100,000 articles").

A story's body vector stays in the entries table's own row. By default
PostgreSQL moves any value that makes a row larger than about 2 kB into a
separate TOAST table, and a story's body vector is 3-6 kB: ranking a hit
(``ts_rank``) then cost a lookup in the TOAST table's index and the joining
of its chunks, 30 ms for the 6,521 hits of a two-word search on 100,000
stories, against 6 ms kept in the row (storage MAIN, rows up to a page).
Entries written from now on are stored so; older ones move when they are
written again (``masthead manage update_index``), or at once with
``VACUUM FULL wagtailsearch_indexentry`` (docs/operations.md).

An index on pages' publication time that also holds (live, depth, path, id),
so a search narrowed to a section and dates lists its stories from the index
alone (17 → 6 ms for a year of one section). Partial (published pages only):
complete, it also covered "which of these pages are live", and the planner
chose to read all of it for that instead of looking up the pages asked for.
"""

from django.db import migrations

PUBLISHED = "search_page_published_covering"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(f"ALTER TABLE {entries} SET (toast_tuple_target = 8160)")
    schema_editor.execute(f"ALTER TABLE {entries} ALTER COLUMN body SET STORAGE MAIN")
    pages = apps.get_model("wagtailcore", "Page")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PUBLISHED} ON {pages} (first_published_at) "
        "INCLUDE (live, depth, path, id) WHERE first_published_at IS NOT NULL"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(f"ALTER TABLE {entries} RESET (toast_tuple_target)")
    schema_editor.execute(
        f"ALTER TABLE {entries} ALTER COLUMN body SET STORAGE EXTENDED"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {PUBLISHED}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_new_entries_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
