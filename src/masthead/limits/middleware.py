"""Limits on what a request may ask of the site, checked before any work.

On public pages (everything outside /admin/): a POST body larger than
MASTHEAD_MAX_POST_KB is refused with 413, and a query string longer than
MASTHEAD_MAX_QUERY_STRING with 414 (except by search, which checks its own
parameters and says what is wrong on its page). On any page, a path with a control
character in it (a NUL byte, which PostgreSQL text cannot hold) names no page:
404. Search (the page and /search.json) and posts to the admin sign-in form
are rate-limited per reader's address (masthead.limits.ratelimit); comments
are limited in their own view, which shows the form again with what the
reader typed.

Pages the whole-page cache answers never reach this: a repeated identical
search is served from the cache without counting, which costs nothing.
"""

import unicodedata

from django.conf import settings
from django.http import Http404
from django.template.defaultfilters import filesizeformat

from masthead.limits.ratelimit import seconds_to_wait, wait_words
from masthead.limits.views import refused, refused_json

ADMIN_PREFIX = "/admin/"
# Named views this middleware rate-limits: (limit, methods counted).
LIMITED_VIEWS = {
    "search:results": ("search", {"GET", "HEAD"}),
    "search:results_json": ("search", {"GET", "HEAD"}),
    "wagtailadmin_login": ("login", {"POST"}),
}
# Views that check every parameter themselves and say on the page what is
# wrong (a search too long keeps the reader's words, trimmed, and says so).
SELF_CHECKING_VIEWS = {"search:results", "search:results_json"}
MESSAGES = {
    "search": "You have searched many times in a short while. "
    "Please wait {wait} and search again.",
    "login": "There have been too many attempts to sign in from your network. "
    "Please wait {wait} and try again.",
}


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(unicodedata.category(ch) == "Cc" for ch in request.path_info):
            raise Http404("No page has such an address.")
        if public(request):
            max_body = settings.MASTHEAD_MAX_POST_KB * 1024
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0  # Django reads no body then either
            if length > max_body:
                return refused(
                    request,
                    413,
                    f"What you sent is larger than this site accepts "
                    f"({filesizeformat(max_body)}). If you were posting a comment, "
                    "go back, shorten it and post it again.",
                )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match else ""
        max_query = settings.MASTHEAD_MAX_QUERY_STRING
        if (
            public(request)
            and name not in SELF_CHECKING_VIEWS
            and len(request.META.get("QUERY_STRING", "")) > max_query
        ):
            return refused(
                request,
                414,
                f"The address you followed is longer than this site accepts "
                f"({max_query:,} characters after the ?).",
            )
        limited = LIMITED_VIEWS.get(name)
        if limited is None or request.method not in limited[1]:
            return None
        limit = limited[0]
        wait = seconds_to_wait(request, limit)
        if not wait:
            return None
        message = MESSAGES[limit].format(wait=wait_words(wait))
        if name == "search:results_json":
            return refused_json(429, message, retry_after=wait)
        return refused(request, 429, message, retry_after=wait)


def public(request) -> bool:
    return not request.path_info.startswith(ADMIN_PREFIX)
