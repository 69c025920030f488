"""Related stories: computed when a story is published, stored, read in one query.

A story's candidates are the most recent stories sharing one of its tags or its
section (never the whole archive). Each is scored on shared tags (rarer tags
weigh more), the same section, shared significant words in headline and
standfirst, and closeness in time; near-duplicates (two versions of the same
wire story) are dropped. Pinned stories come first.
"""

import math
import re
from datetime import timedelta
from difflib import SequenceMatcher

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.html import strip_tags

from masthead.articles.models import ArticlePage, ArticleTag
from masthead.cache.signals import bump as refresh_pages
from masthead.discovery.models import PinnedRelatedStory, RelatedStory

GENERATION_KEY = "discovery:related:generation"
CANDIDATES = 500  # per source (tags, section): bounds the work on any archive
DUPLICATE_RATIO = 0.9  # share of headline words in common that makes one story
WINDOW = timedelta(days=365)  # candidates come from a year either side
HALF_LIFE_DAYS = 30  # a story this much older or newer scores half for recency
WEIGHTS = {"tags": 3.0, "section": 1.0, "words": 3.0, "recency": 1.0}
# When a story is published it is offered to the lists of its closest
# stories, so an older story picks up a newer one without being republished.
# Relevance is nearly symmetric: a story that belongs in Y's list ranks Y
# among its own best candidates. Twice the list's length, re-scored one pair
# each, keeps the cost of a publish near that of one computation.
NEIGHBOURS_PER_STORY = 2
# Words too common to say two stories are about the same thing.
STOPWORDS = frozenset(
    [
        "and",
        "are",
        "but",
        "for",
        "from",
        "had",
        "has",
        "have",
        "her",
        "his",
        "its",
        "not",
        "our",
        "out",
        "over",
        "said",
        "says",
        "she",
        "than",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "was",
        "were",
        "who",
        "will",
        "with",
        "after",
        "new",
        "into",
        "about",
        "more",
    ]
)
WORD = re.compile(r"[^\W\d_]{3,}")
SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def related_count() -> int:
    return settings.MASTHEAD_RELATED_COUNT


def significant_words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOPWORDS}


def normalised_headline(title: str) -> tuple[str, ...]:
    return tuple(WORD.findall(title.lower()))


def near_duplicate(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two headlines are one story if nearly all their words match in order:
    "Floods kill 12" and "UPDATE 1-Floods kill 14", not "Bridge near Feni
    closed" and "Bridge near Narail closed"."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (  # the cheap upper bounds first
        matcher.real_quick_ratio() >= DUPLICATE_RATIO
        and matcher.quick_ratio() >= DUPLICATE_RATIO
        and matcher.ratio() >= DUPLICATE_RATIO
    )


def excerpt(story: ArticlePage) -> str:
    """The standfirst, else the first sentence of the body."""
    if story.standfirst:
        return story.standfirst
    for block in story.body:
        if block.block_type == "paragraph":
            text = " ".join(strip_tags(str(block.value.source)).split())
            if text:
                return SENTENCE_END.split(text, maxsplit=1)[0]
    return ""


def candidates(article: ArticlePage, tag_ids: list[int], now) -> list[dict]:
    """The most recent stories sharing a tag or the section, as plain rows.

    Only stories within WINDOW of the story's own date: news is related to news
    of its time, and the window bounds how many stories with a common tag the
    database sorts, however many years the archive holds.
    """
    published = article.first_published_at or now
    base = (
        ArticlePage.objects.live()
        .filter(
            first_published_at__lte=min(now, published + WINDOW),
            first_published_at__gte=published - WINDOW,
        )
        .exclude(pk=article.pk)
        .order_by("-first_published_at")
    )
    fields = ("pk", "title", "standfirst", "first_published_at", "path")
    rows = {
        row["pk"]: row
        for row in base.filter(
            path__startswith=article.path[: -article.steplen], depth=article.depth
        ).values(*fields)[:CANDIDATES]
    }
    if tag_ids:
        tagged = base.filter(
            pk__in=ArticleTag.objects.filter(tag_id__in=tag_ids).values(
                "content_object_id"
            )
        )
        rows.update((row["pk"], row) for row in tagged.values(*fields)[:CANDIDATES])
    return list(rows.values())


class Scorer:
    """How related a candidate row is to one article (higher is closer)."""

    def __init__(self, article: ArticlePage, frequency: dict[int, int], tag_ids):
        # Rarer tags say more: a shared "Dhaka" matters less than "dengue".
        self.weight = {t: 1 / math.log(2 + frequency.get(t, 0)) for t in tag_ids}
        self.best_tags = sum(self.weight.values()) or 1.0
        self.words = significant_words(f"{article.title} {article.standfirst}")
        self.headline = normalised_headline(article.title)
        self.section_path = article.path[: -article.steplen]
        self.published = article.first_published_at or timezone.now()

    def score(self, row: dict, shared_tags) -> float | None:
        """The row's score, or None if it is a version of the article itself.
        Sets row["headline_key"] for the near-duplicate checks that follow."""
        headline = normalised_headline(row["title"])
        if near_duplicate(self.headline, headline):
            return None
        words = significant_words(f"{row['title']} {row['standfirst']}")
        overlap = len(self.words & words) / (
            math.sqrt(len(self.words) * len(words)) or 1.0
        )
        days = abs((self.published - row["first_published_at"]).total_seconds())
        parts = {
            "tags": sum(self.weight[t] for t in shared_tags) / self.best_tags,
            "section": float(row["path"].startswith(self.section_path)),
            "words": overlap,
            "recency": 0.5 ** (days / 86400 / HALF_LIFE_DAYS),
        }
        row["headline_key"] = headline
        return sum(WEIGHTS[k] * v for k, v in parts.items())


def tag_frequency(tag_ids) -> dict[int, int]:
    """How many stories carry each tag."""
    if not tag_ids:
        return {}
    return dict(
        ArticleTag.objects.filter(tag_id__in=tag_ids)
        .values_list("tag_id")
        .annotate(n=Count("id"))
    )


def score_candidates(article: ArticlePage, tag_ids: list[int], rows: list[dict]):
    """(score, row) for each candidate that is not a version of the article."""
    shared_tags: dict[int, list[int]] = {}
    frequency: dict[int, int] = {}
    if tag_ids and rows:
        for story_id, tag_id in ArticleTag.objects.filter(
            tag_id__in=tag_ids, content_object_id__in=[r["pk"] for r in rows]
        ).values_list("content_object_id", "tag_id"):
            shared_tags.setdefault(story_id, []).append(tag_id)
        frequency = tag_frequency(tag_ids)
    scorer = Scorer(article, frequency, tag_ids)
    scored = []
    for row in rows:
        score = scorer.score(row, shared_tags.get(row["pk"], ()))
        if score is not None:
            scored.append((score, row))
    scored.sort(key=lambda pair: (-pair[0], -pair[1]["first_published_at"].timestamp()))
    return scored


def compute_related(article_id: int) -> list[int]:
    """Store the article's related list; returns the related story ids in order."""
    return _store_related(article_id)[0]


def refresh_related(article_id: int) -> list[int]:
    """On publish: store the story's list, then offer the story to the lists
    of its closest stories (and of those already showing it). Returns the ids
    of the lists that changed."""
    _chosen, ranked = _store_related(article_id)
    return offer_to_neighbours(
        article_id, ranked[: NEIGHBOURS_PER_STORY * related_count()]
    )


STORY_FIELDS = ("pk", "title", "standfirst", "first_published_at", "path")
# A story edited after it went out may sit in more lists than its neighbours;
# this many of them are re-scored with it (the rest keep it until recomputed).
MAX_LISTS_SHOWING = 50


def offer_to_neighbours(article_id: int, neighbour_ids: list[int]) -> list[int]:
    """Re-score one story against each neighbour's stored list and put it in
    its place there, or take it out: the neighbour's list as compute_related
    would make it, at the cost of one pair score instead of a recomputation.

    A neighbour keeps what is already in its list: a story that is a version
    of one of them is not added beside it. A list the story leaves is
    recomputed in full so that it stays full.
    """
    now = timezone.now()
    story = (
        ArticlePage.objects.live()
        .filter(pk=article_id, first_published_at__lte=now)
        .values(*STORY_FIELDS)
        .first()
    )
    if story is None:
        return []
    showing = RelatedStory.objects.filter(related_id=article_id, pinned=False)
    ids = set(neighbour_ids) | set(
        showing.values_list("article_id", flat=True)[:MAX_LISTS_SHOWING]
    )
    ids.discard(article_id)
    neighbours = list(
        ArticlePage.objects.live()
        .filter(pk__in=ids)
        .only("pk", "title", "standfirst", "path", "depth", "first_published_at")
    )
    if not neighbours:
        return []
    tags: dict[int, set[int]] = {}
    for story_id, tag_id in ArticleTag.objects.filter(
        content_object_id__in=[*ids, article_id]
    ).values_list("content_object_id", "tag_id"):
        tags.setdefault(story_id, set()).add(tag_id)
    frequency = tag_frequency({t for ts in tags.values() for t in ts})
    lists: dict[int, list[dict]] = {}
    for row in (
        RelatedStory.objects.filter(article_id__in=ids)
        .order_by("rank")
        .values("article_id", "related_id", "score", "pinned", "related__title")
    ):
        lists.setdefault(row["article_id"], []).append(row)

    count = related_count()
    changed, emptied = [], []
    replacement = []
    for neighbour in neighbours:
        current = lists.get(neighbour.pk, [])
        if any(r["pinned"] and r["related_id"] == article_id for r in current):
            continue  # an editor put it there
        others = [row for row in current if row["related_id"] != article_id]
        score = _score_for(neighbour, story, tags, frequency, others)
        pinned = [row for row in others if row["pinned"]]
        computed = [row for row in others if not row["pinned"]]
        if score is not None:
            computed.append({"related_id": article_id, "score": score, "pinned": False})
            computed.sort(key=lambda row: -row["score"])
        new = (pinned + computed)[:count]
        if [r["related_id"] for r in new] == [r["related_id"] for r in current]:
            continue
        if len(new) < min(count, len(current)):
            emptied.append(neighbour.pk)  # it lost the story: refill from scratch
            continue
        changed.append(neighbour.pk)
        replacement += [
            RelatedStory(
                article_id=neighbour.pk,
                related_id=row["related_id"],
                score=row["score"],
                rank=rank,
                pinned=row["pinned"],
            )
            for rank, row in enumerate(new)
        ]
    if replacement:
        with transaction.atomic():
            RelatedStory.objects.filter(article_id__in=changed).delete()
            RelatedStory.objects.bulk_create(replacement)
        forget_rendered_lists()
    for pk in emptied:
        compute_related(pk)
    return changed + emptied


def _score_for(neighbour, story: dict, tags, frequency, others) -> float | None:
    """The story's score in the neighbour's list, or None if compute_related
    would not list it there: not a candidate (no shared tag or section, or
    more than WINDOW apart), a version of the neighbour, or of a story the
    list already shows."""
    own_tags = tags.get(neighbour.pk, set())
    shared = own_tags & tags.get(story["pk"], set())
    same_section = story["path"].startswith(neighbour.path[: -neighbour.steplen])
    apart = abs(story["first_published_at"] - neighbour.first_published_at)
    if not (shared or same_section) or apart > WINDOW:
        return None
    score = Scorer(neighbour, frequency, own_tags).score(dict(story), shared)
    headline = normalised_headline(story["title"])
    if score is None or any(
        near_duplicate(headline, normalised_headline(row["related__title"]))
        for row in others
    ):
        return None
    return score


def _store_related(article_id: int) -> tuple[list[int], list[int]]:
    """(the stored list, every candidate from most to least related)."""
    now = timezone.now()
    article = (
        ArticlePage.objects.live()
        .filter(pk=article_id)
        .only("pk", "title", "standfirst", "path", "depth", "first_published_at")
        .first()
    )
    if article is None:
        RelatedStory.objects.filter(article_id=article_id).delete()
        return [], []

    count = related_count()
    pinned = list(
        PinnedRelatedStory.objects.filter(
            article_id=article_id, story__live=True, story__first_published_at__lte=now
        )
        .exclude(story_id=article_id)
        .order_by("sort_order")
        .values_list("story_id", flat=True)
    )
    chosen = [
        RelatedStory(
            article_id=article_id, related_id=pk, score=0, rank=rank, pinned=True
        )
        for rank, pk in enumerate(dict.fromkeys(pinned))
    ]
    tag_ids = list(
        ArticleTag.objects.filter(content_object_id=article_id).values_list(
            "tag_id", flat=True
        )
    )
    scored = score_candidates(article, tag_ids, candidates(article, tag_ids, now))
    taken = set(pinned)
    kept_headlines: list[tuple[str, ...]] = []
    for score, row in scored:
        if len(chosen) >= count:
            break
        if row["pk"] in taken or any(
            near_duplicate(row["headline_key"], h) for h in kept_headlines
        ):
            continue
        kept_headlines.append(row["headline_key"])
        chosen.append(
            RelatedStory(
                article_id=article_id,
                related_id=row["pk"],
                score=score,
                rank=len(chosen),
            )
        )

    with transaction.atomic():
        RelatedStory.objects.filter(article_id=article_id).delete()
        RelatedStory.objects.bulk_create(chosen)
    forget_rendered_lists()
    return [row.related_id for row in chosen], [row["pk"] for _s, row in scored]


def forget_story(article_id: int) -> list[int]:
    """Take a story out of every related list; returns the lists it was in."""
    affected = list(
        RelatedStory.objects.filter(related_id=article_id)
        .exclude(article_id=article_id)
        .values_list("article_id", flat=True)
    )
    RelatedStory.objects.filter(
        models.Q(related_id=article_id) | models.Q(article_id=article_id)
    ).delete()
    return affected


def rendered_lists_generation() -> int:
    """Part of the key of every cached related block: a new one drops them all."""
    return cache.get_or_set(GENERATION_KEY, 0, None)


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def forget_rendered_lists() -> None:
    """Drop every cached related block, now and again once the change is
    committed, so a page rendered in between cannot keep the old list."""
    _next_generation()
    transaction.on_commit(_next_generation)
    refresh_pages()  # related rows are written in bulk, without signals


def related_stories(article: ArticlePage) -> list[ArticlePage]:
    """The stored related stories still live, ready for story cards, in one query."""
    now = timezone.now()
    rows = (
        RelatedStory.objects.filter(
            article_id=article.pk,
            related__live=True,
            related__first_published_at__lte=now,
        )
        .select_related("related__featured_image")
        .order_by("rank")[: related_count()]
    )
    # The cards show no byline or section. Their thumbnails come from Wagtail's
    # rendition cache (no query once made), which beats a prefetch query on
    # every view; the worst case, a cold cache, is one query per card.
    return [row.related for row in rows]
