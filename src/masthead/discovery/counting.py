"""Read counts that cost the database nothing per view.

A view adds one to a per-story, per-day counter in the cache. The first view
of a counter also writes its key into the next numbered "dirty" slot, so the
flush (each pass of `masthead worker`) reads exactly the counters that changed and
writes them to DailyViewCount in one batch. Nothing about the reader is kept.
"""

from datetime import date, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.discovery.models import DailyViewCount

PREFIX = "discovery:views"
SLOTS = f"{PREFIX}:slots"  # how many dirty slots have been handed out
FLUSHED = f"{PREFIX}:flushed"  # slots up to this one are in the database
RETRY = f"{PREFIX}:retry"  # slots to read again on the next flush
MAX_RETRY = 1_000  # a slot is written microseconds after its number is taken
KEEP = 3 * 24 * 3600  # counters outlive a worker that is down for a weekend
BOT_WORDS = ("bot", "crawl", "spider", "slurp", "preview")


def is_bot(user_agent: str) -> bool:
    agent = user_agent.lower()
    return not agent or any(word in agent for word in BOT_WORDS)


def counter_key(article_id: int, day: date) -> str:
    return f"{PREFIX}:{day.isoformat()}:{article_id}"


def _slot_key(n: int) -> str:
    return f"{PREFIX}:slot:{n}"


def _mark_dirty(key: str) -> None:
    cache.add(SLOTS, 0, None)
    try:
        slot = cache.incr(SLOTS)
    except ValueError:  # evicted between add and incr
        cache.add(SLOTS, 0, None)
        slot = cache.incr(SLOTS)
    cache.set(_slot_key(slot), key, KEEP)


def record_view(article_id: int) -> None:
    key = counter_key(article_id, timezone.localdate())
    if cache.add(key, 0, KEEP):
        _mark_dirty(key)
    try:
        cache.incr(key)
    except ValueError:  # flushed or evicted since the add: start it again
        cache.add(key, 1, KEEP)
        _mark_dirty(key)


def _take(key: str) -> int:
    """The counter's value, leaving behind only views that arrive meanwhile."""
    value = cache.get(key) or 0
    if not value:
        return 0
    try:
        left = cache.decr(key, value)
    except ValueError:
        return 0
    if left == 0:
        cache.delete(key)  # the next view starts a counter and a dirty slot again
    else:
        _mark_dirty(key)
    return value


def flush_view_counts() -> int:
    """Write the cached counters to the database; returns the views written."""
    last = cache.get(SLOTS) or 0
    flushed = cache.get(FLUSHED) or 0
    first = flushed + 1
    if last <= flushed and not cache.get(RETRY):
        # A flush deletes its slots, so a slot numbered `last` still there is
        # new: the cache evicted the counter, which numbered again from 1.
        if not last or cache.get(_slot_key(last)) is None:
            return 0
        first = 1
    fresh = range(first, last + 1)
    # A slot's number is taken a moment before its key is written: one missing
    # now is read again on the next flush.
    retry = cache.get(RETRY) or []
    slot_keys = [_slot_key(n) for n in [*retry, *fresh]]
    counter_keys = cache.get_many(slot_keys)
    missing = [n for n in fresh if _slot_key(n) not in counter_keys]
    cache.set(RETRY, missing[-MAX_RETRY:], KEEP)
    totals: dict[tuple[int, date], int] = {}
    for key in dict.fromkeys(counter_keys.values()):
        _prefix, _name, day, article_id = key.split(":")
        views = _take(key)
        if views:
            ident = (int(article_id), date.fromisoformat(day))
            totals[ident] = totals.get(ident, 0) + views
    cache.set(FLUSHED, last, None)
    cache.delete_many(slot_keys)
    return write_counts(totals)


def write_counts(totals: dict[tuple[int, date], int]) -> int:
    """Add the counts to the database in one transaction; returns views written."""
    if not totals:
        return 0
    known = set(
        ArticlePage.objects.filter(pk__in={a for a, _d in totals}).values_list(
            "pk", flat=True
        )
    )
    totals = {k: v for k, v in totals.items() if k[0] in known}
    with transaction.atomic():
        existing = {
            (row.article_id, row.day): row
            for row in DailyViewCount.objects.select_for_update().filter(
                article_id__in={a for a, _d in totals},
                day__in={d for _a, d in totals},
            )
        }
        for ident, row in existing.items():
            row.views += totals[ident]  # the rows are locked: no lost update
        DailyViewCount.objects.bulk_update(existing.values(), ["views"])
        DailyViewCount.objects.bulk_create(
            [
                DailyViewCount(article_id=a, day=d, views=v)
                for (a, d), v in totals.items()
                if (a, d) not in existing
            ]
        )
    return sum(totals.values())


def most_read(days: int = 1, count: int = 5) -> list[ArticlePage]:
    """The most read live stories since `days` days before today, in one query."""
    since = timezone.localdate() - timedelta(days=days)
    return list(
        ArticlePage.objects.live()
        .filter(daily_views__day__gte=since)
        .annotate(read=Sum("daily_views__views"))
        .order_by("-read", "-first_published_at")
        .only("pk", "title", "url_path", "first_published_at")[:count]
    )
