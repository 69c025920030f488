"""Wagtail's SQLite FTS5 backend, ranking headline matches first, and fast.

Wagtail's SQLite ranking ignores which column matched (plain ``bm25()``), so
a word in the headline counts no more than the same word in the body; here
``bm25()`` gets column weights instead. SQLite's index has two text columns,
headline and everything else, so standfirst, tags, author names and body weigh
the same there.

Wagtail orders by relevance with a correlated subquery that runs the full-text
MATCH again for every matching row: 3-14 s for a common word in 10,000
stories. Here the MATCH runs once for the scores and once for the matching
ids, and the ranking is a sort in Python. See docs/search.md.
"""

from functools import cached_property

from django.db.models import FloatField, Func
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

IndexEntry = get_app_config().get_model("IndexEntry")
CHUNK = 5_000  # ids per IN (...): well under SQLite's 32,766 variables

# FTS5 column weights in the table's column order: autocomplete, body, title.
HEADLINE_WEIGHT = 10.0
BODY_WEIGHT = 1.0


class WeightedBM25(Func):
    """bm25() with per-column weights; like bm25(), lower is more relevant."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        table = SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 0.0, {BODY_WEIGHT}, {HEADLINE_WEIGHT})", []


def chunks(items: list) -> list[list]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


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

    @cached_property
    def ranked(self) -> tuple[list[int], dict[int, float]]:
        """(matching ids, best first or in the queryset's order; their scores)."""
        # The MATCH alone, without a join: joined to the entries table SQLite
        # probes the FTS index row by row (1 ms alone, 3 s joined).
        hits = SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS,
                self.build_search_query(normalize(self.query), config=None),
            )
        )
        by_entry = dict(hits.annotate(score=WeightedBM25()).values_list("pk", "score"))
        content_types = get_descendants_content_types_pks(self.queryset.model)
        to_pk = self.queryset.model._meta.pk.to_python
        scores = {}
        for entries in chunks(list(by_entry)):
            for entry, object_id in IndexEntry.objects.filter(
                pk__in=entries, content_type_id__in=content_types
            ).values_list("pk", "object_id"):
                scores[to_pk(object_id)] = by_entry[entry]
        if not self.order_by_relevance:
            # In the queryset's own order (newest first, say): one indexed walk.
            queryset = self.queryset
            if not queryset.query.order_by:
                queryset = queryset.order_by("-pk")
            pks = queryset.values_list("pk", flat=True)
            return [pk for pk in pks.iterator() if pk in scores], scores
        matching = [
            pk
            for ids in chunks(list(scores))
            for pk in self.queryset.filter(pk__in=ids).values_list("pk", flat=True)
        ]
        ranked = sorted(matching, key=lambda pk: (scores[pk], -pk))
        return ranked, scores

    def search(self, config, start, stop, score_field=None):
        if not self.ranks_itself():
            return super().search(config, start, stop, score_field)
        ranked, scores = self.ranked
        pks = ranked[start:stop]
        objects = self.queryset.order_by().in_bulk(pks)
        results = []
        for pk in pks:
            if pk in objects:
                if score_field:
                    setattr(objects[pk], score_field, scores.get(pk))
                results.append(objects[pk])
        return results


class WeightedSQLiteSearchResults(SQLiteSearchResults):
    def _do_count(self):
        compiler = self.query_compiler
        if isinstance(compiler, WeightedSQLiteSearchQueryCompiler) and (
            compiler.ranks_itself()
        ):
            ranked, _scores = compiler.ranked
            return len(ranked[self.start : self.stop])
        return super()._do_count()


class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteSearchQueryCompiler
    results_class = WeightedSQLiteSearchResults
