"""Which responses a shared cache may keep, and for how long.

A response is public only when it is a 200 to an anonymous GET or HEAD that
sets no cookie and has not said otherwise itself. Everything else is marked
private, so neither our page cache nor a CDN keeps it.
"""

import datetime
import time
import zoneinfo

from django.conf import settings

from masthead.cache import context
from masthead.cache.wsgi import EXPIRES_HEADER

DEFAULT_TAG = "listing"


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.private_cookies = (settings.SESSION_COOKIE_NAME, "messages")

    def __call__(self, request):
        context.begin()
        response = self.get_response(request)
        tags, until = context.end()
        if response.has_header("Cache-Control"):
            return response  # the view decided (admin, beacons, feeds' own)
        if not self.public(request, response):
            response["Cache-Control"] = "private, no-cache"
            return response
        now = time.time()
        expires = min(now + settings.MASTHEAD_PAGE_CACHE_SECONDS, next_midnight(now))
        if until is not None:
            expires = min(expires, until)
        shared_max_age = max(0, int(min(settings.MASTHEAD_CDN_SECONDS, expires - now)))
        response["Cache-Control"] = (
            f"public, max-age=0, s-maxage={shared_max_age}, "
            "stale-while-revalidate=30, stale-if-error=86400"
        )
        response[EXPIRES_HEADER] = f"{expires:.3f}"
        tags = sorted(tags or {DEFAULT_TAG})
        response["Cache-Tag"] = ",".join(tags)
        response["Surrogate-Key"] = " ".join(tags)
        return response

    def public(self, request, response) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "HTTP_AUTHORIZATION" not in request.META
            and not any(name in request.COOKIES for name in self.private_cookies)
            and not request.path.startswith("/admin/")
        )


_midnight = (0.0, 0.0)  # (day start, next midnight) in the paper's time zone


def next_midnight(now: float) -> float:
    """Pages show today's date in the header: none stays fresh past midnight."""
    global _midnight
    start, midnight = _midnight
    if not start <= now < midnight:
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        today = datetime.datetime.fromtimestamp(now, zone).date()
        day_start = datetime.datetime.combine(today, datetime.time(), zone)
        next_day = datetime.datetime.combine(
            today + datetime.timedelta(days=1), datetime.time(), zone
        )
        _midnight = (day_start.timestamp(), next_day.timestamp())
        midnight = _midnight[1]
    return midnight
