"""PostgreSQL: a partial index on the search entries still to be given their
headline weight (title_norm = 1.0, the value a new entry is written with), so
that saving a story finds its own entry by index instead of reading the whole
table (search/backends/postgres.py, EntriesIndex)."""

from django.db import migrations

NEW_ENTRIES = "search_indexentry_new_entries"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NEW_ENTRIES} ON {table} (id) "
            "WHERE title_norm = 1.0"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NEW_ENTRIES}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_indexes")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
