"""The banner shown now, from the cache until the next time it could change."""

from django.core.cache import cache
from django.utils import timezone

from masthead.cache import context as page_cache
from masthead.discovery.models import BreakingNews

CACHE_KEY = "discovery:breaking"
# Even with nothing scheduled, look again this often (seconds): a banner saved
# by another process whose cache this process cannot clear shows within it.
MAX_CACHE_SECONDS = 60


def current_banner() -> dict | None:
    """{"headline", "url"} of the newest banner showing now, or None.

    Cached until the earliest time a banner starts or expires, so an expired
    banner is never served from the cache; saving or deleting one clears it.
    """
    now = timezone.now()
    cached = cache.get(CACHE_KEY)
    # Backends round timeouts to whole seconds: the stored deadline decides.
    if cached is not None and now.timestamp() < cached["until"]:
        if cached["changes_at"] is not None:
            page_cache.fresh_until(cached["changes_at"])
        return cached["banner"]

    banner = None
    changes_at = None  # when a banner next starts or expires
    for item in BreakingNews.objects.not_expired(now).select_related("link_page"):
        if item.starts_at <= now:
            if banner is None:  # newest first
                banner = {"headline": item.headline, "url": item.url}
            moment = item.expires_at.timestamp()
        else:
            moment = item.starts_at.timestamp()
        changes_at = moment if changes_at is None else min(changes_at, moment)
    if changes_at is not None:
        page_cache.fresh_until(changes_at)  # pages showing it change by themselves
    until = now.timestamp() + MAX_CACHE_SECONDS
    if changes_at is not None:
        until = min(until, changes_at)
    timeout = until - now.timestamp()
    if timeout > 0:
        cache.set(
            CACHE_KEY,
            {"banner": banner, "until": until, "changes_at": changes_at},
            timeout,
        )
    return banner


def forget_banner() -> None:
    cache.delete(CACHE_KEY)
