"""Every old WordPress address answers with a permanent redirect.

The import stores most of them as Wagtail redirects (Settings → Redirects in
the admin, where editors can see and change them): each post's permalink, its
/?p=ID and any old slugs WordPress kept, each category, tag and author archive
and their feeds, attachment pages and uploaded image files. Wagtail's own
middleware answers those, but only for requests that would otherwise be 404s.

Two kinds need the middleware below, placed just before Wagtail's:

* query-string addresses on the front page (/?p=123, /?cat=4, /?author=2,
  /?tag=x, /?feed=rss2, /?s=words): the front page answers 200, so Wagtail's
  middleware never looks. Only requests for "/" carrying one of WordPress's
  query keys are looked up; every other request costs a string comparison.
* addresses WordPress derives from another (…/feed/, …/amp/, …/embed/,
  …/page/2/, …/comment-page-1/, and resized images …-300x200.jpg): on a 404,
  the suffix comes off and the rest is looked up, so one stored redirect
  serves them all.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

from django.http import HttpResponsePermanentRedirect
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

# WordPress's query keys, in the order they decide what a request means.
QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "author")
SUFFIX_RE = re.compile(
    r"^(?P<base>/.*?/)(?:page/(?P<page>\d+)|comment-page-\d+|amp|embed|trackback"
    r"|feed(?:/(?:rss2?|rdf|atom))?)/?$"
)
IMAGE_SIZE_RE = re.compile(
    r"^(?P<base>.*/wp-content/uploads/.+?)-\d+x\d+(?P<ext>\.[A-Za-z0-9]+)$"
)


def normalise(path: str) -> str:
    return Redirect.normalise_path(path)


def old_path(url: str) -> str:
    """A link from the export → the path (and query) a request for it has."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def nicename(login: str) -> str:
    """WordPress's user_nicename for a login (sanitize_title_with_dashes), the
    name in /author/NAME/."""
    name = login.lower().replace(".", "-")
    name = re.sub(r"[^a-z0-9 _-]", "", name)
    name = re.sub(r"[\s-]+", "-", name)
    return name.strip("-")


def query_redirect(request):
    """/?p=123 and its kin: the stored redirect for WordPress's query key."""
    params = request.GET
    for key in QUERY_KEYS:
        value = params.get(key, "").strip()
        if value:
            redirect = get_redirect(request, normalise(f"/?{key}={value}"))
            if redirect is not None and redirect.link:
                return HttpResponsePermanentRedirect(redirect.link)
            return None
    if "feed" in params:
        return HttpResponsePermanentRedirect("/feed/")
    words = params.get("s", "").strip()
    if words:
        return HttpResponsePermanentRedirect(f"/search/?{urlencode({'q': words})}")
    return None


def suffix_redirect(request):
    """…/feed/, …/amp/, …/page/2/ or a resized image: the redirect stored for
    the address without the suffix, if there is one."""
    path = request.path
    match = SUFFIX_RE.match(path)
    if match:
        redirect = get_redirect(request, normalise(match["base"]))
        if redirect is not None and redirect.link:
            link = redirect.link
            page = int(match["page"] or 1)
            if page > 1:
                link += f"{'&' if '?' in link else '?'}page={page}"
            return HttpResponsePermanentRedirect(link)
        return None
    match = IMAGE_SIZE_RE.match(path)
    if match:
        redirect = get_redirect(request, normalise(match["base"] + match["ext"]))
        if redirect is not None and redirect.link:
            return HttpResponsePermanentRedirect(redirect.link)
    return None


class WordPressRedirectMiddleware:
    """The old site's query-string and derived addresses (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD")
        if reading and request.path_info == "/" and request.META.get("QUERY_STRING"):
            response = query_redirect(request)
            if response is not None:
                return response
        response = self.get_response(request)
        if reading and response.status_code == 404:
            return suffix_redirect(request) or response
        return response
