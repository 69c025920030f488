"""Wagtail's PostgreSQL full-text backend, made to use an index.

Wagtail's query matches ``(title || body) @@ query``, an expression none of
its GIN indexes (on title, on body) covers, and joins the index entries to
stories on ``page_id::varchar = object_id``, which no index covers either:
PostgreSQL read every entry of the archive for every search. Here the match
uses the GIN index on exactly that expression (migration 0001 of this app),
each hit's story is checked against the search's filters by primary key
(``object_id::integer``) in an EXISTS, or for a narrow search only the
filter's stories' entries are matched at all, and the database ranks and
cuts the page with ``ORDER BY ... LIMIT``. The score is Wagtail's own: ``ts_rank`` with
the fields' weights, the headline's scaled by its length (``title_norm``).
"""

from functools import cached_property

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Exists, F, IntegerField, OuterRef
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.conf import get_app_config
from wagtail.search.query import And, Or, Phrase, PlainText
from wagtail.search.utils import get_descendants_content_types_pks

from masthead.search.backends import in_rank_order

IndexEntry = get_app_config().get_model("IndexEntry")
NARROW = 5_000  # stories: at most this many, and a search lists them first


def is_positive(query) -> bool:
    """A query of words and phrases only (no NOT, no match-all, no fuzzy)."""
    if isinstance(query, (PlainText, Phrase)):
        return True
    if isinstance(query, (And, Or)):
        return all(is_positive(sub) for sub in query.subqueries)
    return False


class IndexedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def ranks_itself(self) -> bool:
        return self.fields is None and is_positive(self.query)

    def hits(self, config):
        """The index entries matching the words whose story the queryset holds,
        with the story's id as ``story``."""
        content_types = get_descendants_content_types_pks(self.queryset.model)
        words = self.build_tsquery(self.query, config=config)
        entries = (
            IndexEntry.objects.filter(content_type_id__in=content_types)
            .alias(
                vector=CombinedExpression(
                    F("title"), "||", F("body"), output_field=SearchVectorField()
                )
            )
            .filter(vector=words)
            .annotate(story=Cast("object_id", IntegerField()))
        )
        if self._narrow_stories is not None:
            return entries.filter(object_id__in=self._narrow_stories)
        in_queryset = self.queryset.order_by().filter(pk=OuterRef("story"))
        return entries.filter(Exists(in_queryset))

    @cached_property
    def _narrow_stories(self) -> list[str] | None:
        """The queryset's story ids (as index entries spell them) if it holds
        at most NARROW stories (a section and a year, say), else None. Narrow:
        only those stories' entries are matched and ranked, found by the
        entries' unique index; otherwise PostgreSQL's planner, expecting
        thousands of hits, ranked every entry of the archive and checked the
        filters afterwards (1.2 s)."""
        pks = list(self.queryset.order_by().values_list("pk", flat=True)[: NARROW + 1])
        return [str(pk) for pk in pks] if len(pks) <= NARROW else None

    def search(self, config, start, stop, score_field=None, backend=None):
        if not self.ranks_itself():
            return super().search(config, start, stop, score_field, backend)
        hits = self.hits(config)
        if not self.order_by_relevance:
            # In the queryset's own order (newest first, say).
            queryset = self.queryset.filter(pk__in=hits.values("story"))
            if not queryset.query.order_by:
                queryset = queryset.order_by("-pk")
            return queryset[start:stop]

        rank = self._build_rank_expression(
            [(F("title"), F("title_norm")), (F("body"), 1.0)], config
        )
        ranked = list(
            hits.annotate(score=rank)
            .order_by("-score", "-story")
            .values_list("story", "score")[start:stop]
        )
        return in_rank_order(self.queryset, ranked, score_field)


class IndexedPostgresSearchResults(PostgresSearchResults):
    def _do_count(self):
        compiler = self.query_compiler
        if not (
            isinstance(compiler, IndexedPostgresSearchQueryCompiler)
            and compiler.ranks_itself()
        ):
            return super()._do_count()
        hits = compiler.hits(compiler.get_config(self.backend))
        if self.stop is not None:
            hits = hits[: self.stop]  # count up to the caller's limit only
        return max(hits.count() - (self.start or 0), 0)


class IndexedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = IndexedPostgresSearchQueryCompiler
    results_class = IndexedPostgresSearchResults
