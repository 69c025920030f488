"""Wagtail's PostgreSQL full-text backend, made to use an index.

Wagtail's query matches ``(title || body) @@ query``, an expression none of
its GIN indexes (on title, on body) covers, and joins the index entries to
stories on ``page_id::varchar = object_id``, which no index covers either:
PostgreSQL read every entry of the archive for every search. Here the match
uses the GIN index on exactly that expression (migration 0001 of this app),
each hit's story is checked against the search's filters by primary key
(``object_id::integer``), or for a narrow search only the filter's stories'
entries are matched at all, and the database ranks and cuts the page with
``ORDER BY ... LIMIT``. The score is Wagtail's own: ``ts_rank`` with the
fields' weights, the headline's scaled by its length (``title_norm``).

What costs is reading a hit's body vector: it is stored out of line (TOAST),
and both ``title || body`` and ``ts_rank`` read it, so scoring the 21,516 hits
of "prices" read 21,516 of them (0.9 s). Hence the count stops after the
first hits in the GIN index, a narrow search counts and ranks its hits in one
query, and a search with more than MANY hits scores a few hundred candidates
first (the best headline matches, the newest stories' hits, the first hits
the index lists): only a page past those scores the rest. docs/search.md says
what a reader loses.
"""

from functools import cached_property

from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.core.cache import cache
from django.db import connections, router
from django.db.models import Avg, CharField, Exists, F, IntegerField, OuterRef
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Length
from django.db.models.lookups import Lookup
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.conf import get_app_config
from wagtail.search.query import And, Or, Phrase, PlainText
from wagtail.search.utils import get_descendants_content_types_pks

from masthead.search.backends import holds_everything, in_rank_order

IndexEntry = get_app_config().get_model("IndexEntry")
NARROW = 5_000  # stories: at most this many, and a search lists them first
# A search with more hits than MANY scores candidates first (_candidates).
MANY = 1_000
HEADLINE_CANDIDATES = 200
RECENT_CANDIDATES = 100
FIRST_CANDIDATES = 100


class EqualsAny(Lookup):
    """``column = ANY(%s)``, a list sent as one array parameter."""

    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


def for_stories(stories: list[int]) -> EqualsAny:
    """The index entries of these stories, the ids sent as one array: as
    4,118 ``IN`` parameters (a section's year) they cost 9 of the 25 ms the
    ranking query took."""
    return EqualsAny(F("object_id"), [str(pk) for pk in stories])


def is_positive(query) -> bool:
    """A query of words and phrases only (no NOT, no match-all, no fuzzy)."""
    if isinstance(query, (PlainText, Phrase)):
        return True
    if isinstance(query, (And, Or)):
        return all(is_positive(sub) for sub in query.subqueries)
    return False


def words_of(query) -> list[str]:
    """Every word of a positive query, phrases' words included."""
    if isinstance(query, (PlainText, Phrase)):
        return query.query_string.split()
    return [word for sub in query.subqueries for word in words_of(sub)]


class IndexedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def ranks_itself(self) -> bool:
        return self.fields is None and is_positive(self.query)

    def matching(self, config):
        """The index entries of the queryset's model matching the words, with
        the story's id as ``story`` (not yet checked against the queryset)."""
        content_types = get_descendants_content_types_pks(self.queryset.model)
        return (
            IndexEntry.objects.filter(content_type_id__in=content_types)
            .alias(
                vector=CombinedExpression(
                    F("title"), "||", F("body"), output_field=SearchVectorField()
                )
            )
            .filter(vector=self.build_tsquery(self.query, config=config))
            .annotate(story=Cast("object_id", IntegerField()))
        )

    def hits(self, config):
        """The matching entries whose story the queryset holds."""
        entries = self.matching(config)
        stories = self._narrow_stories
        if stories is None:
            in_queryset = self.queryset.order_by().filter(pk=OuterRef("story"))
            return entries.filter(Exists(in_queryset))
        # Each story's entry, found by the entries' unique index, then matched.
        return entries.filter(for_stories(stories))

    @cached_property
    def _narrow_stories(self) -> list[int] | None:
        """The queryset's story ids if it holds at most NARROW stories (a
        section and a year, say), else None. Narrow: only those stories'
        entries are matched and ranked; otherwise PostgreSQL's planner,
        expecting thousands of hits, ranked every entry of the archive and
        checked the filters afterwards (1.2 s)."""
        if holds_everything(self.queryset):
            return None
        pks = list(self.queryset.order_by().values_list("pk", flat=True)[: NARROW + 1])
        return pks if len(pks) <= NARROW else None

    def _narrow_ranked(self, config) -> list[tuple[int, float]]:
        """Every hit of a narrow search, best first (at most NARROW): its count
        and all its pages come from this one query."""
        if "narrow" not in self._memo:
            self._memo["narrow"] = list(self._rank(self.hits(config), config))
        return self._memo["narrow"]

    @cached_property
    def _memo(self) -> dict:
        """What one search computes once for its count and all its pages."""
        return {}

    def count(self, config, limit: int | None) -> int:
        """How many of the queryset's stories match, counting up to limit."""
        if ("count", limit) not in self._memo:
            self._memo["count", limit] = self._count(config, limit)
        return self._memo["count", limit]

    def _count(self, config, limit: int | None) -> int:
        if self._narrow_stories is not None:
            return len(self._narrow_ranked(config)[:limit])
        if limit is None:
            return self.hits(config).count()
        # Broad: the first hits from the GIN index, then those checked against
        # the queryset; nearly all pass, and if not, further hits are read.
        wanted = limit
        while True:
            stories = [story for _entry, story in self._first_hits(config, wanted)]
            kept = self.queryset.order_by().filter(EqualsAny(F("pk"), stories)).count()
            if kept >= limit or len(stories) < wanted:
                return min(kept, limit)
            wanted *= 4

    def _first_hits(self, config, limit: int) -> list[tuple[int, int]]:
        """(entry, story) of the first limit matching entries, in index order.

        A materialised CTE: given a LIMIT, the planner expects a fifth of the
        entries to match and reads the table in order, computing
        ``title || body`` for every row (0.3 s for "prices"); planned
        without the limit, it reads the hits from the GIN index and stops
        after limit of them (6 ms)."""
        if ("first", limit) not in self._memo:
            entries = self.matching(config).values_list("pk", "story")
            sql, params = entries.query.sql_with_params()
            with connections[router.db_for_read(IndexEntry)].cursor() as cursor:
                cursor.execute(
                    f"WITH hits AS MATERIALIZED ({sql}) SELECT * FROM hits LIMIT %s",  # noqa: S608
                    [*params, limit],
                )
                self._memo["first", limit] = cursor.fetchall()
        return self._memo["first", limit]

    def _rank(self, hits, config):
        """hits with Wagtail's score, best first, as (story, score)."""
        rank = self._build_rank_expression(
            [(F("title"), F("title_norm")), (F("body"), 1.0)], config
        )
        return (
            hits.annotate(score=rank)
            .order_by("-score", "-story")
            .values_list("story", "score")
        )

    def _checked(self, ranked, start: int, stop: int | None) -> list[tuple[int, float]]:
        """(story, score) from start to stop of ranked, which holds hits not
        yet checked against the queryset: the best are read and then checked
        in one query, deeper if too few passed. Nearly every hit of a broad
        search passes, and checking each hit inside the ranking query (a
        semi-join per hit) cost more than ranking it."""
        wanted = None if stop is None else stop + stop // 2 + 10
        while True:
            rows = list(ranked if wanted is None else ranked[:wanted])
            stories = [story for story, _score in rows]
            kept = set(
                self.queryset.order_by()
                .filter(EqualsAny(F("pk"), stories))
                .values_list("pk", flat=True)
            )
            passed = [(story, score) for story, score in rows if story in kept]
            if wanted is None or len(passed) >= stop or len(rows) < wanted:
                return passed[start:stop]
            wanted *= 4

    def _candidates(self, config) -> set[int]:
        """Matching index entries worth scoring first: the best
        HEADLINE_CANDIDATES by headline alone (Wagtail's headline score for
        any of the words), those of the queryset's RECENT_CANDIDATES newest
        stories, and the first FIRST_CANDIDATES the index lists, which keep the
        first pages full when few headlines match. Reading them never reads
        more than a few hundred body vectors."""
        matching = self.matching(config)
        any_word = self.build_tsquery(
            Or([PlainText(word) for word in words_of(self.query)]), config=config
        )
        headline_score = SearchRank(F("title"), any_word, weights=self.sql_weights)
        candidates = set(
            matching.filter(title=any_word)
            .annotate(headline_score=headline_score * F("title_norm"))
            .order_by("-headline_score", "-pk")
            .values_list("pk", flat=True)[:HEADLINE_CANDIDATES]
        )
        if hasattr(self.queryset.model, "first_published_at"):
            newest = (
                self.queryset.order_by("-first_published_at", "-pk")
                .annotate(entry_id=Cast("pk", CharField()))
                .values("entry_id")[:RECENT_CANDIDATES]
            )
            recent = matching.filter(object_id__in=newest)
            candidates.update(recent.values_list("pk", flat=True))
        first = self._first_hits(config, MANY + 1)[:FIRST_CANDIDATES]
        candidates.update(entry for entry, _story in first)
        return candidates

    def _ranked_candidates(self, config) -> list[tuple[int, float]]:
        """The candidates whose story the queryset holds, best first; the same
        for every page of the search. They match already: scoring them reads
        each body vector once, without ``title || body``."""
        if "candidates" not in self._memo:
            in_queryset = self.queryset.order_by().filter(pk=OuterRef("story"))
            candidates = (
                IndexEntry.objects.filter(pk__in=self._candidates(config))
                .annotate(story=Cast("object_id", IntegerField()))
                .filter(Exists(in_queryset))
            )
            self._memo["candidates"] = list(self._rank(candidates, config))
        return self._memo["candidates"]

    def _ranked(self, config, start: int, stop: int | None) -> list[tuple[int, float]]:
        """(story, score) from start to stop, best first."""
        if self._narrow_stories is not None:
            return self._narrow_ranked(config)[start:stop]
        if self.count(config, MANY + 1) <= MANY or len(words_of(self.query)) > 1:
            # Few hits, or several words: ts_rank weighs how close together
            # the words stand in the body, which the candidates would miss.
            return self._checked(self._rank(self.matching(config), config), start, stop)
        # Many hits: the candidates, best first, then the other hits, scored
        # only when a page goes past the candidates.
        first = self._ranked_candidates(config)
        if stop is not None and stop <= len(first):
            return first[start:stop]
        rest = self._rank(
            self.hits(config).exclude(object_id__in=[str(s) for s, _ in first]), config
        )
        rest_start = max(start - len(first), 0)
        rest_stop = None if stop is None else stop - len(first)
        return first[start:] + list(rest[rest_start:rest_stop])

    def search(self, config, start, stop, score_field=None, backend=None):
        if not self.ranks_itself():
            return super().search(config, start, stop, score_field, backend)
        if not self.order_by_relevance:
            # In the queryset's own order (newest first, say).
            queryset = self.queryset.filter(pk__in=self.hits(config).values("story"))
            if not queryset.query.order_by:
                queryset = queryset.order_by("-pk")
            return queryset[start:stop]
        ranked = self._ranked(config, start or 0, stop)
        return in_rank_order(self.queryset, ranked, score_field)


class IndexedPostgresSearchResults(PostgresSearchResults):
    def _do_count(self):
        compiler = self.query_compiler
        if not (
            isinstance(compiler, IndexedPostgresSearchQueryCompiler)
            and compiler.ranks_itself()
        ):
            return super()._do_count()
        total = compiler.count(compiler.get_config(self.backend), self.stop)
        return max(total - (self.start or 0), 0)


TITLE_AVERAGE_KEY = "masthead:search:title-average"
TITLE_AVERAGE_SECONDS = 3600
# Entries the average is taken over: the newest, found by the primary key.
# The whole table is a read of every story's row, bodies included since they
# are kept in the row (migration 0003): gigabytes on a million stories.
TITLE_AVERAGE_SAMPLE = 10_000


class EntriesIndex(PostgresIndex):
    """Wagtail's index, without reading every entry each time a story is saved.

    After writing a story's entry, Wagtail sets the headline's weight
    (``title_norm``: the average headline length over this one's) by taking
    the average over the whole table and then looking for the entries still
    at 1.0 with no index: two reads of every entry on every save, 560 of the
    740 ms a save spent in the index on a million-story archive. Here the
    average is that of the newest TITLE_AVERAGE_SAMPLE headlines, kept in the
    cache for an hour (a million headlines' average hardly moves in one), and
    the new entries are found through a partial index (migration 0002). A
    full rebuild still recomputes every entry over the whole table."""

    def _refresh_title_norms(self, full=False):
        if full:
            cache.delete(TITLE_AVERAGE_KEY)
            return super()._refresh_title_norms(full=True)
        average = cache.get(TITLE_AVERAGE_KEY)
        if average is None:
            average = (
                self.entries.annotate(title_length=Length("title"))
                .filter(title_length__gt=0)
                .order_by("-pk")[:TITLE_AVERAGE_SAMPLE]
                .aggregate(Avg("title_length"))["title_length__avg"]
            )
            if average is None:  # no headline has a word in the index
                return
            cache.set(TITLE_AVERAGE_KEY, average, TITLE_AVERAGE_SECONDS)
        self.entries.filter(title_norm=1.0).annotate(
            title_length=Length("title")
        ).filter(title_length__gt=0).update(title_norm=average / F("title_length"))


class IndexedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = IndexedPostgresSearchQueryCompiler
    results_class = IndexedPostgresSearchResults
    index_class = EntriesIndex
