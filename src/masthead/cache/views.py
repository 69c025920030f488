"""The server-error page, and the friendly 503 when the database is down.

Neither may touch the database: they are what readers see when it fails. The
503 page lists the latest headlines from a copy kept in the cache each time a
story is published or unpublished, and hands a comment that could not be
posted back to its writer, in a form that posts it again."""

import errno
import sqlite3
import sys

from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError
from django.http.multipartparser import MultiPartParserError
from django.template import loader
from django.urls import Resolver404, resolve

LATEST_KEY = "masthead:latest-headlines"
RETRY_SECONDS = 60


def server_error(request):
    from django.http import HttpResponse

    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError) or storage_failed(error):
        try:
            latest = cache.get(LATEST_KEY) or []
        except Exception:
            latest = []
        html = loader.get_template("503.html").render(
            {
                "latest": latest,
                "comment_form": unposted_comment(request),
                "path": request.path,
            }
        )
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_SECONDS)
    else:
        response = HttpResponse(loader.get_template("500.html").render(), status=500)
    response["Cache-Control"] = "no-store"
    return response


def storage_failed(error) -> bool:
    """A full disk under the data folder (media files, the shared cache) is
    as passing as a database outage: a friendly 503, not a 500
    (tests/test_full_disk.py). The shared cache's own SQLite files raise
    sqlite3's errors, not Django's: "database or disk is full", or "disk I/O
    error" when a full disk will not even let it open."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(error, sqlite3.OperationalError)


def unposted_comment(request):
    """The comment form as the reader sent it, if this request was posting one."""
    from masthead.comments.forms import CommentForm

    if request.method != "POST":
        return None
    try:
        if resolve(request.path_info).view_name != "comments:post":
            return None
        return CommentForm(request.POST)
    # A body Django cannot read: there is nothing to hand back.
    except (Resolver404, SuspiciousOperation, MultiPartParserError, OSError):
        return None


def remember_latest_headlines() -> None:
    """Called when a story goes live or is taken down."""
    from masthead.articles.models import ArticlePage

    latest = [
        {"title": page.title, "url": page.url}
        for page in ArticlePage.objects.live()
        .public()
        .order_by("-first_published_at")
        .only("title", "url_path", "path", "depth")[:6]
    ]
    cache.set(LATEST_KEY, latest, timeout=None)
