"""Fill the PostgreSQL search index of a generated archive in SQL, for benchmarks.

    export MASTHEAD_DATA=… DATABASE_URL=postgres://…   # a generate-corpus archive
    python bench/bulk_index.py --check    # on an archive update_index has indexed
    python bench/bulk_index.py            # fill the index of the stories not in it

`masthead manage update_index` builds each story's entry in Python (the body's
rich text stripped of tags five times over) and manages 25-80 stories a second
here: days for a 1,000,000-story archive. This writes the same rows with one
INSERT … SELECT per batch, with PostgreSQL making the tsvectors from the
story's columns as Wagtail's indexer does (the same fields, weights, order
and search configurations), then sets title_norm for the whole table as
Wagtail's full rebuild does.

Only for archives from `masthead generate-corpus`, whose bodies hold
paragraphs, subheadings and pull quotes only. `--check` proves the two agree:
it computes the entries here for stories Wagtail has indexed and compares
them, vector for vector.
"""

import argparse
import os
import sys
import time

BATCH = 20_000
# The GIN indexes of the entries table: Wagtail's three (its migrations) and
# ours on title || body (masthead/search/migrations/0001).
GIN = {
    "wagtailsear_autocom_476c89_gin": "autocomplete",
    "wagtailsear_title_9caae0_gin": "title",
    "wagtailsear_body_90c85d_gin": "body",
    "search_indexentry_title_body_gin": "(title || body)",
}

BLOCK_TEXT = r"""
    CASE block->>'type'
        WHEN 'paragraph' THEN btrim(replace(replace(replace(replace(replace(replace(
            regexp_replace(
                regexp_replace(block->>'value', '(</(p|h\d|li|blockquote)>)',
                               '\1 ', 'gi'),
                '<[^>]*>', '', 'g'),
            '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#x27;', ''''), '&#39;', ''''),
            '&amp;', '&'))
        WHEN 'subheading' THEN block->>'value'
        WHEN 'pull_quote' THEN concat_ws(', ', block->'value'->>'quote',
                                         block->'value'->>'attribution')
    END
"""

# The columns of one story's entry, from `a` (articles_articlepage) joined to
# `p` (wagtailcore_page): the fields of ArticlePage.search_fields in order.
ENTRY = f"""
WITH texts AS (
    SELECT p.id, p.title,
           a.standfirst, a.dateline,
           (SELECT coalesce(string_agg(ap.title, ' ' ORDER BY aa.sort_order), '')
              FROM articles_articleauthor aa
              JOIN wagtailcore_page ap ON ap.id = aa.author_id
             WHERE aa.article_id = p.id) AS authors,
           (SELECT coalesce(array_agg(t.name ORDER BY t.id), '{{}}')
              FROM articles_articletag at JOIN taggit_tag t ON t.id = at.tag_id
             WHERE at.content_object_id = p.id) AS tags,
           (SELECT coalesce(string_agg({BLOCK_TEXT}, ', ' ORDER BY n), '')
              FROM jsonb_array_elements(a.body) WITH ORDINALITY AS b(block, n)) AS body
      FROM articles_articlepage a JOIN wagtailcore_page p ON p.id = a.page_ptr_id
     WHERE p.id BETWEEN %(first)s AND %(last)s
       AND NOT EXISTS (SELECT 1 FROM wagtailsearch_indexentry w
                        WHERE w.content_type_id = %(content_type)s
                          AND w.object_id = p.id::text)
)
SELECT %(content_type)s AS content_type_id, id::text AS object_id,
       pg_temp.vector(title, 'A', 'english') AS title,
       pg_temp.vector(title, 'D', 'simple') AS autocomplete,
       pg_temp.vector(standfirst, 'B', 'english')
         || pg_temp.vector(authors, 'B', 'english')
         || coalesce((SELECT pg_temp.tsvector_agg(
                                 pg_temp.vector(tag, 'B', 'english') ORDER BY n)
                        FROM unnest(tags) WITH ORDINALITY AS g(tag, n)), '')
         || pg_temp.vector(body, 'D', 'english')
         || pg_temp.vector(dateline, 'D', 'english') AS body,
       trim(title) AS title_text,
       concat_ws(' ', nullif(trim(standfirst), ''), nullif(trim(authors), ''),
                 array_to_string(
                     array(SELECT nullif(trim(x), '') FROM unnest(tags) x), ' '),
                 nullif(trim(body), ''), nullif(trim(dateline), '')) AS body_text
  FROM texts
"""  # noqa: S608 (constant SQL)

FUNCTIONS = """
CREATE OR REPLACE FUNCTION pg_temp.vector(text, "char", regconfig) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN trim($1) = '' THEN ''::tsvector
                   ELSE setweight(to_tsvector($3, $1), $2) END $$;
-- v1 || v2 || … in order, as Wagtail adds one vector per tag.
CREATE OR REPLACE AGGREGATE pg_temp.tsvector_agg(tsvector) (
    SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = ''
);
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with Wagtail's")
    parser.add_argument(
        "--ids",
        metavar="FIRST-LAST",
        help="fill only these page ids and stop (to run several at once); "
        "a run without --ids fills the rest and makes the indexes",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.config.settings")
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from masthead.articles.models import ArticlePage

    if connection.vendor != "postgresql":
        raise SystemExit("bench: set DATABASE_URL to a PostgreSQL archive")
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    with connection.cursor() as cursor:
        cursor.execute(FUNCTIONS)
        cursor.execute(
            "SELECT min(page_ptr_id), max(page_ptr_id) FROM articles_articlepage"
        )
        low, high = cursor.fetchone()
        if args.ids:
            low, high = (int(n) for n in args.ids.split("-"))
        if args.check:
            sys.exit(check(cursor, content_type, low, high))
        # Four GIN indexes updated row by row made the fill crawl (165
        # stories/s); built once at the end they take minutes.
        for name in GIN:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        started = time.monotonic()
        for first in range(low, high + 1, BATCH):
            with transaction.atomic():
                cursor.execute(
                    f"""
                    INSERT INTO wagtailsearch_indexentry
                        (content_type_id, object_id, title, autocomplete, body,
                         title_text, body_text, title_norm)
                    SELECT e.*, 1.0 FROM ({ENTRY}) e
                    ON CONFLICT (content_type_id, object_id) DO NOTHING
                    """,  # noqa: S608
                    {
                        "content_type": content_type,
                        "first": first,
                        "last": first + BATCH - 1,
                    },
                )
            done = min(first + BATCH - 1, high) - low + 1
            rate = done / (time.monotonic() - started)
            print(f"{done:,} of {high - low + 1:,} ids, {rate:,.0f}/s", flush=True)
        if args.ids:
            return
        # Wagtail's full rebuild sets every title_norm from the average title.
        cursor.execute(
            """
            UPDATE wagtailsearch_indexentry SET title_norm =
                (SELECT avg(length(title)) FROM wagtailsearch_indexentry
                  WHERE length(title) > 0) / length(title)
             WHERE length(title) > 0
            """
        )
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, expression in GIN.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} "
                f"ON wagtailsearch_indexentry USING gin ({expression})"
            )
        cursor.execute("ANALYZE wagtailsearch_indexentry")


def check(cursor, content_type: int, low: int, high: int) -> int:
    cursor.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE w.title = e.title
                                  AND w.autocomplete = e.autocomplete
                                  AND w.body = e.body AND w.title_text = e.title_text
                                  AND w.body_text = e.body_text),
               min(e.object_id) FILTER (WHERE w.body <> e.body)
          FROM ({ENTRY}) e
          JOIN wagtailsearch_indexentry w
            ON w.content_type_id = e.content_type_id AND w.object_id = e.object_id
        """,  # noqa: S608
        {"content_type": content_type, "first": low, "last": high},
    )
    total, same, first_different = cursor.fetchone()
    print(f"{same:,} of {total:,} entries identical to Wagtail's", end="")
    print(f"; first different body: story {first_different}" if first_different else "")
    return 0 if total and same == total else 1


if __name__ == "__main__":
    main()
