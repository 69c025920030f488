"""Indexes the search's queries need, on tables Wagtail owns.

PostgreSQL: a GIN index on (title || body) of Wagtail's search index entries.
Wagtail's backend matches that expression, and only an index on the same
expression lets PostgreSQL use an index for it (search/backends/postgres.py).

SQLite: an index on the pages' (first_published_at, live, depth, path), so a
search narrowed to a section and dates reads the candidate stories from the
index alone instead of looking up every story of the date range (100 → 48 ms
for a year of one section, 4,000 of 100,000 stories; docs/search.md).
"""

from django.db import migrations

TITLE_BODY = "search_indexentry_title_body_gin"
PUBLISHED = "search_page_published_section"


def create_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TITLE_BODY} "
            f"ON {table} USING gin ((title || body))"
        )
    elif vendor == "sqlite":
        table = apps.get_model("wagtailcore", "Page")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PUBLISHED} "
            f"ON {table} (first_published_at, live, depth, path)"
        )


def drop_indexes(apps, schema_editor):
    for name in (TITLE_BODY, PUBLISHED):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
