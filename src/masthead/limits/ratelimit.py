"""Rate limits per reader's address, counted in the default cache.

Each limit counts requests in fixed windows: one cache key per (limit, reader,
window), which `cache.add` creates and `cache.incr` counts up. Both steps are
atomic on the shared caches Masthead runs with (diskcache increments inside
one SQLite transaction, Redis with INCRBY), so every worker process adds to the
same number. A key outlives its window by a margin, so it cannot expire
between the add and the incr and leave a count without an expiry in Redis.

A small module of ours rather than django-ratelimit: that package's last
release (4.1.0, 2023) is tested up to Django 4.2, its system check warns about
both of our cache backends, and it gives no Retry-After; what we need is the
twenty lines below.
"""

import logging
import math
import time
from ipaddress import ip_address, ip_network

from django.conf import settings
from django.core.cache import cache

from masthead.config.env import parse_rate
from masthead.core.clientip import client_ip

logger = logging.getLogger(__name__)

# The setting holding each limit's rate.
RATES = {
    "search": "MASTHEAD_RATE_LIMIT_SEARCH",
    "comments": "MASTHEAD_RATE_LIMIT_COMMENTS",
    "login": "MASTHEAD_RATE_LIMIT_LOGIN",
}
MARGIN_SECONDS = 10  # how long a count outlives its window
IPV6_PREFIX = 64  # one home or phone gets a whole /64: count it as one reader


def reader(request) -> str:
    """The reader's address as counted: IPv4 as is, IPv6 by its /64."""
    address = client_ip(request)
    try:
        parsed = ip_address(address)
    except ValueError:
        return address  # "unknown": such requests share one count
    if parsed.version == 6:
        return str(ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return address


def seconds_to_wait(request, limit: str) -> int:
    """Counts this request; 0 if it is within the reader's limit, else the
    seconds until the window ends (for Retry-After)."""
    rate = parse_rate(getattr(settings, RATES[limit]))
    if rate is None:
        return 0
    allowed, period = rate
    now = time.time()
    window = int(now // period)
    ends = (window + 1) * period
    key = f"masthead:rate:{limit}:{reader(request)}:{window}"
    try:
        if cache.add(key, 1, timeout=ends - now + MARGIN_SECONDS):
            count = 1
        else:
            count = cache.incr(key)
    except ValueError:  # the key was cleared between add and incr: start again
        count = 1
    except Exception:
        # A cache that is down must not take search, comments or sign-in with
        # it: without a count, the request goes through.
        logger.warning("rate limit %s not counted: the cache failed", limit)
        return 0
    if count <= allowed:
        return 0
    return max(1, math.ceil(ends - now))


def wait_words(seconds: int) -> str:
    """'45 seconds' or '3 minutes': how long to wait, in words."""
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"
