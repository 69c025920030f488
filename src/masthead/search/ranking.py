"""Finding stories: a reader's words as a Wagtail search query, the filters,
and a gentle boost for recent stories.

The backend ranks by its own relevance score (headline matches weigh most, see
ArticlePage.search_fields and docs/search.md). Then the top RERANK_WINDOW
results are re-ranked in Python by that score, scaled to the best one, times a
recency factor: a story published today gets up to RECENCY_BOOST more, half of
that a RECENCY_HALF_LIFE later. The boost is small so that it only settles
near-ties; results past the window keep the backend's order. This works the
same on SQLite, PostgreSQL and Elasticsearch, whose scores differ in scale
(and in sign: SQLite's bm25() is negative), which is why scores are compared
as ratios to the best.
"""

import re
from datetime import datetime, timedelta
from functools import cached_property

from django.utils import timezone
from wagtail.search.query import And, Phrase, PlainText, SearchQuery

from masthead.articles.models import (
    LISTING_RELATED,
    ArticleAuthor,
    ArticlePage,
    attach_sections,
    listing_prefetches,
)
from masthead.search.forms import NEWEST

MAX_TERMS = 16  # more than any real search; bounds the cost of one query
RERANK_WINDOW = 100  # five pages of results
RECENCY_BOOST = 0.2
RECENCY_HALF_LIFE = timedelta(days=30)
# The best 1,000 matches are shown (fifty pages), and counted: past that a
# search says "more than 1,000". Nobody reads page 51 of a search; a reader
# with that many results narrows it with a section, an author or dates.
# Elasticsearch does the same (an exact count up to 10,000, no paging past it).
MAX_RESULTS = 1_000

WORD_CHARACTER = re.compile(r"\w")
PUNCTUATION_AROUND = "\"'\u201c\u201d\u2018\u2019()[]{}<>.,;:!?*+-=|&^~`#%$@\\/"


def query_words(text: str) -> list[str]:
    """The words of text, without punctuation around them or tokens that are
    only operators (`-`, `*`, `|`): those would mean nothing or break a
    backend's query syntax."""
    words = (token.strip(PUNCTUATION_AROUND) for token in text.split())
    return [word for word in words if WORD_CHARACTER.search(word)]


def parse_query(text: str) -> SearchQuery | None:
    """Words in double quotes are a phrase; every other word is required.

    Not Wagtail's parse_query_string: it takes `word:value` as a filter and
    would silently drop "covid:19" or a time like "10:30" from the search.
    """
    parts, budget = [], MAX_TERMS
    for position, chunk in enumerate(text.split('"')):
        words = query_words(chunk)[:budget]
        budget -= len(words)
        if not words:
            continue
        in_quotes = position % 2 == 1
        if in_quotes and len(words) > 1:
            parts.append(Phrase(" ".join(words)))
        else:
            parts.append(PlainText(" ".join(words), operator="and"))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def recency_factor(published: datetime | None, now: datetime) -> float:
    if published is None:
        return 1.0
    age = max(now - published, timedelta(0))
    return 1.0 + RECENCY_BOOST * 0.5 ** (age / RECENCY_HALF_LIFE)


def rerank_by_recency(stories: list, now: datetime | None = None) -> list:
    """stories (in the backend order, each with ._score) by relevance and recency."""
    now = now or timezone.now()
    scores = [getattr(story, "_score", None) or 0.0 for story in stories]
    best = max(scores, key=abs, default=0.0)

    def combined(pair) -> float:
        story, score = pair
        relevance = max(score / best, 0.0) if best else 1.0
        return relevance * recency_factor(story.first_published_at, now)

    ranked = sorted(zip(stories, scores, strict=True), key=combined, reverse=True)
    return [story for story, _score in ranked]


def load_stories(pks: list[int]) -> list[ArticlePage]:
    """The stories with these ids, in this order, with what a result shows."""
    by_pk = (
        ArticlePage.objects.select_related(*LISTING_RELATED)
        .prefetch_related(*listing_prefetches())
        .in_bulk(pks)
    )
    stories = [by_pk[pk] for pk in pks if pk in by_pk]
    attach_sections(stories)
    return stories


class StoryResults:
    """What the Paginator pages through: ranked ids, loaded a page at a time."""

    def __init__(self, results, rerank: bool):
        self.results = results  # SearchResults or a QuerySet of light stories
        self.rerank = rerank

    @cached_property
    def _counted(self) -> int:
        """Matches counted up to one past MAX_RESULTS: the cost of a count is
        one check per match, and a very common word matches a third of the
        archive."""
        return self.results[: MAX_RESULTS + 1].count()

    def count(self) -> int:
        return min(self._counted, MAX_RESULTS)

    def __len__(self) -> int:
        return self.count()

    @property
    def more(self) -> bool:
        """Whether more stories match than the MAX_RESULTS shown."""
        return self._counted > MAX_RESULTS

    @cached_property
    def _top(self) -> list[int]:
        head = list(self.results[:RERANK_WINDOW])
        return [story.pk for story in rerank_by_recency(head)]

    def _pks(self, start: int, stop: int) -> list[int]:
        return [story.pk for story in self.results[start:stop]]

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("StoryResults supports slices only")
        start, stop = key.start or 0, key.stop if key.stop is not None else len(self)
        if self.rerank and start < RERANK_WINDOW:
            pks = self._top[start:stop]
            if stop > RERANK_WINDOW:
                pks += self._pks(RERANK_WINDOW, stop)
        else:
            pks = self._pks(start, stop)
        return load_stories(pks)


def find_stories(form, query: SearchQuery | None) -> StoryResults | None:
    """Live stories matching the query and a valid SearchForm's filters; None
    if nothing was asked."""
    cleaned = form.cleaned_data
    stories = ArticlePage.objects.live().only("first_published_at")
    filtered = False
    if cleaned.get("section"):
        stories = stories.in_section(cleaned["section"])
        filtered = True
    if cleaned.get("author"):
        # By id, not a join: search backends filter on indexed fields only.
        stories = stories.filter(
            id__in=ArticleAuthor.objects.filter(author=cleaned["author"]).values(
                "article_id"
            )
        )
        filtered = True
    start, end = form.published_range()
    if start:
        stories = stories.filter(first_published_at__gte=start)
        filtered = True
    if end:
        stories = stories.filter(first_published_at__lt=end)
        filtered = True

    if query is None:
        return StoryResults(stories.recent(), rerank=False) if filtered else None
    if cleaned.get("sort") == NEWEST:
        return StoryResults(
            stories.recent().search(query, order_by_relevance=False), rerank=False
        )
    return StoryResults(stories.search(query).annotate_score("_score"), rerank=True)


def recent_stories(count: int = 5) -> list[ArticlePage]:
    """The latest stories, for a search that found nothing."""
    return load_stories(
        list(ArticlePage.objects.live().recent().values_list("pk", flat=True)[:count])
    )
