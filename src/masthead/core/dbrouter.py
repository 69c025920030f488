"""Anonymous readers' pages from a read replica, everything else from the primary.

Installed only when DATABASE_REPLICA_URL is set (config/settings.py). The
middleware decides once per request, from the method and the cookies alone,
whether its reads may go to the replica:

- only a GET or HEAD with no session (so nobody signed in), no messages and
  no "just wrote" cookie: an editor, and a reader who has just posted a
  comment, read the primary and see their own change on the next page;
- not while the site's content changed lately: a replica lags the primary a
  little, and a page rendered from it right after a change would be kept in
  the page cache under the new content generation, stale until it expires.
  For MASTHEAD_REPLICA_LAG_SECONDS after this process sees the generation
  move, pages are rendered from the primary.

Every write goes to the primary (get_or_create's lookup too: Wagtail reads
site settings that way, two small reads a render). Outside a request (the
worker, management commands, migrations) everything uses the primary, and
migrations run only there.
"""

import contextvars
import time

from django.conf import settings

from masthead.cache.generation import generation

PRIMARY, REPLICA = "default", "replica"
WROTE_COOKIE = "masthead_wrote"

_read_replica = contextvars.ContextVar("masthead_read_replica", default=False)
# When this process saw the last change; at start, "just now", to be safe.
_seen = {"generation": None, "at": 0.0}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _read_replica.get() else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.primary_cookies = (settings.SESSION_COOKIE_NAME, "messages", WROTE_COOKIE)

    def __call__(self, request):
        token = _read_replica.set(self.replica_will_do(request))
        try:
            response = self.get_response(request)
        finally:
            _read_replica.reset(token)
        if request.method not in ("GET", "HEAD"):
            # Long enough for the replica to catch up with what was written.
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.MASTHEAD_REPLICA_LAG_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def replica_will_do(self, request) -> bool:
        # Asked first, so that every request notes when the content changed.
        lately = changed_lately()
        return (
            request.method in ("GET", "HEAD")
            and "HTTP_AUTHORIZATION" not in request.META
            and not any(name in request.COOKIES for name in self.primary_cookies)
            and not lately
        )


def changed_lately() -> bool:
    """Whether the content generation moved in the last few seconds, as this
    process saw it (a memory read embedded; Redis at most 4 times a second)."""
    try:
        current = generation().current()
    except Exception:
        return True  # the cache server is down: the primary is the safe side
    now = time.monotonic()
    if current != _seen["generation"]:
        _seen["generation"], _seen["at"] = current, now
    return now - _seen["at"] < settings.MASTHEAD_REPLICA_LAG_SECONDS
