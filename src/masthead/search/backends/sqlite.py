"""Wagtail's SQLite FTS5 backend, ranking headline matches first, and fast.

Wagtail's SQLite ranking ignores which column matched (plain ``bm25()``), so
a word in the headline counts no more than the same word in the body; here
``bm25()`` gets column weights instead. SQLite's index has two text columns,
headline and everything else, so standfirst, tags, author names and body weigh
the same there.

Wagtail orders by relevance with a correlated subquery that runs the full-text
MATCH again for every matching row (3-14 s for a common word in 10,000
stories). Here SQLite ranks inside the FTS index (``ORDER BY bm25(...)
LIMIT``) and only a page of hits comes back to Python. What costs is touching
a row per hit (an index entry or a page is a lookup in a table of big rows:
30,000 hits of a common word, 120 ms each), so each hit is checked against
the search's filters in the cheapest place:

* a broad search (just live stories, or a whole section): the best hits come
  from the FTS index alone, then only those are checked against the filters;
* a narrow one (at most NARROW stories: a section and a year, an author): the
  filters' stories are listed first, and the FTS query keeps only their hits;
* counting stops at the caller's limit (ranking.MAX_RESULTS).

Table names in the SQL are our constants; the reader's words and every other
value are query parameters. See docs/search.md.
"""

import json
from functools import cached_property

from django.db import connections, router
from django.db.models import FloatField, Func, IntegerField
from modelsearch.conf import get_app_config
from wagtail.search.backends.database.sqlite.query import MatchExpression, normalize
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from wagtail.search.query import And, Or, Phrase, PlainText
from wagtail.search.utils import get_descendants_content_types_pks

from masthead.search.backends import holds_everything, in_rank_order

IndexEntry = get_app_config().get_model("IndexEntry")
FTS_TABLE = SQLiteFTSIndexEntry._meta.db_table
ENTRY_TABLE = IndexEntry._meta.db_table

# FTS5 column weights in the table's column order: autocomplete, body, title.
HEADLINE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
# A queryset of at most this many stories is narrow (see _entries).
NARROW = 5_000
WALK_CHUNK = 200  # stories per step of _in_queryset_order's walk
BM25 = f"bm25({FTS_TABLE}, 0.0, {BODY_WEIGHT}, {HEADLINE_WEIGHT})"


class WeightedBM25(Func):
    """bm25() with per-column weights; like bm25(), lower is more relevant."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        return BM25, []


class HitStory(Func):
    """The story id of the index entry in count()'s join."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return f"CAST({ENTRY_TABLE}.object_id AS INTEGER)", []


def is_positive(query) -> bool:
    """A query of words and phrases only (no NOT, no match-all)."""
    if isinstance(query, (PlainText, Phrase)):
        return True
    if isinstance(query, (And, Or)):
        return all(is_positive(sub) for sub in query.subqueries)
    return False


class WeightedSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        return WeightedBM25()

    def ranks_itself(self) -> bool:
        return is_positive(normalize(self.query))

    def _match(self) -> str:
        """The FTS5 query string for the search's words (Wagtail builds it)."""
        hits = SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS,
                self.build_search_query(normalize(self.query), config=None),
            )
        )
        _sql, params = hits.values("pk").query.sql_with_params()
        return params[0]

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        with connections[router.db_for_read(IndexEntry)].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    @cached_property
    def _entries(self) -> str | None:
        """The index entries of the queryset's stories, as a JSON list, if it
        holds at most NARROW stories (a section and a date range, say); None
        for a broader one. Narrow: each hit is checked against this list
        inside the FTS query. Broad: the best hits are fetched first and
        checked afterwards, as nearly all of them pass."""
        if holds_everything(self.queryset):
            return None
        stories = self.queryset.order_by().values_list("pk")[: NARROW + 1]
        pks = [pk for (pk,) in self._fetch(*stories.query.sql_with_params())]
        if len(pks) > NARROW:
            return None
        content_types = get_descendants_content_types_pks(self.queryset.model)
        entries = IndexEntry.objects.filter(
            content_type_id__in=content_types, object_id__in=[str(pk) for pk in pks]
        ).values_list("pk", flat=True)
        return json.dumps(list(entries))

    @cached_property
    def _narrow_hits(self) -> list[tuple[int, float]]:
        """(entry id, score), best first, of every hit among the narrow
        queryset's entries: at most NARROW, so the count and every page come
        from this one query. ``+rowid`` keeps SQLite from probing the FTS
        index once per entry: the MATCH runs once and each hit is looked up
        in the list."""
        return self._fetch(
            f"SELECT rowid, {BM25} AS score FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s "
            "AND +rowid IN (SELECT value FROM json_each(%s)) "
            "ORDER BY score, rowid DESC",
            [self._match(), self._entries],
        )

    def _stories(self, entry_ids: list[int], check: bool) -> dict[int, int]:
        """{entry id: story id} for these entries of the queryset's stories;
        check: whether the stories still need checking against the queryset."""
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        # By rowid: `+` keeps SQLite from walking the (content type, object)
        # index through every story's entry instead (6.6 → 0.1 ms).
        to_story = dict(
            self._fetch(
                f"SELECT id, CAST(object_id AS INTEGER) FROM {ENTRY_TABLE} "  # noqa: S608
                "WHERE id IN (SELECT value FROM json_each(%s)) "
                f"AND +content_type_id IN ({', '.join(['%s'] * len(content_types))})",
                [json.dumps(entry_ids), *content_types],
            )
        )
        if not check:
            return to_story
        kept = set(
            self.queryset.order_by()
            .filter(pk__in=to_story.values())
            .values_list("pk", flat=True)
        )
        return {entry: pk for entry, pk in to_story.items() if pk in kept}

    def ranked(self, start: int, stop: int | None) -> list[tuple[int, float]]:
        """(story id, score) from start to stop, best first."""
        if self._entries is not None:
            rows = self._narrow_hits[start:stop]
            stories = self._stories([entry for entry, _score in rows], check=False)
            return [(stories[e], score) for e, score in rows if e in stories]
        # Broad: nearly every hit is one of the queryset's stories. Take the
        # best hits from the FTS index alone, keep the queryset's, and go
        # deeper only if too few were kept.
        wanted = None if stop is None else stop + stop // 2 + 10
        while True:
            rows = self._fetch(
                f"SELECT rowid, {BM25} AS score FROM {FTS_TABLE} "  # noqa: S608
                f"WHERE {FTS_TABLE} MATCH %s ORDER BY score, rowid DESC LIMIT %s",
                [self._match(), -1 if wanted is None else wanted],
            )
            stories = self._stories([entry for entry, _score in rows], check=True)
            kept = [(stories[e], score) for e, score in rows if e in stories]
            if wanted is None or len(kept) >= stop or len(rows) < wanted:
                return kept[start:stop]
            wanted *= 4

    def count(self, limit: int | None) -> int:
        """How many of the queryset's stories match, counting up to limit."""
        if self._entries is not None:
            return len(self._narrow_hits[:limit])
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        stories = self.queryset.order_by().filter(pk=HitStory()).values("pk")
        exists_sql, exists_params = stories.query.sql_with_params()
        # CROSS JOIN keeps this order: the MATCH once, then each hit's entry
        # by rowid (SQLite's own choice probed the FTS index per entry).
        hits = (
            f"SELECT 1 FROM {FTS_TABLE} CROSS JOIN {ENTRY_TABLE} "  # noqa: S608
            f"ON {ENTRY_TABLE}.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {ENTRY_TABLE}.content_type_id IN "
            f"({', '.join(['%s'] * len(content_types))}) AND EXISTS ({exists_sql})"
        )
        params = [self._match(), *content_types, *exists_params]
        if limit is not None:
            hits += " LIMIT %s"
            params.append(limit)
        return self._fetch(f"SELECT count(*) FROM ({hits})", params)[0][0]  # noqa: S608

    def _in_queryset_order(self, start: int, stop: int | None) -> list:
        """The queryset's stories among the hits, in its own order (newest
        first, say). Few hits: their stories, sorted by the database. Many (a
        common word): the queryset is walked in order, a chunk at a time,
        until enough of its stories are hits; a third of them are."""
        hits = self._fetch(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
            [self._match()],
        )
        queryset = self.queryset
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        content_types = get_descendants_content_types_pks(self.queryset.model)
        entries = IndexEntry.objects.filter(content_type_id__in=content_types)
        if len(hits) <= NARROW:
            stories = self._stories([entry for (entry,) in hits], check=False)
            return list(queryset.filter(pk__in=stories.values())[start:stop])
        hit_entries = {entry for (entry,) in hits}
        in_order = queryset.values_list("pk", flat=True)
        found, offset = [], 0
        while stop is None or len(found) < stop:
            chunk = [str(pk) for pk in in_order[offset : offset + WALK_CHUNK]]
            if not chunk:
                break
            offset += WALK_CHUNK
            entry_of = dict(
                entries.filter(object_id__in=chunk).values_list("object_id", "pk")
            )
            found += [int(pk) for pk in chunk if entry_of.get(pk) in hit_entries]
        return list(queryset.filter(pk__in=found[start:stop]))

    def search(self, config, start, stop, score_field=None):
        if not self.ranks_itself():
            return super().search(config, start, stop, score_field)
        if not self.order_by_relevance:
            return self._in_queryset_order(start or 0, stop)
        ranked = self.ranked(start or 0, stop)
        return in_rank_order(self.queryset, ranked, score_field)


class WeightedSQLiteSearchResults(SQLiteSearchResults):
    def _do_count(self):
        compiler = self.query_compiler
        if not (
            isinstance(compiler, WeightedSQLiteSearchQueryCompiler)
            and compiler.ranks_itself()
        ):
            return super()._do_count()
        start = self.start or 0
        total = compiler.count(limit=self.stop)
        return max(total - start, 0)


class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteSearchQueryCompiler
    results_class = WeightedSQLiteSearchResults
