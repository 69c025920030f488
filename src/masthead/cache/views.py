"""The server-error page, and the friendly 503 when the database is down.

Neither may touch the database: they are what readers see when it fails. The
503 page lists the latest headlines from a copy kept in the cache each time a
story is published or unpublished."""

import sys

from django.core.cache import cache
from django.db import DatabaseError
from django.template import loader

LATEST_KEY = "masthead:latest-headlines"
RETRY_SECONDS = 60


def server_error(request):
    from django.http import HttpResponse

    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        try:
            latest = cache.get(LATEST_KEY) or []
        except Exception:
            latest = []
        html = loader.get_template("503.html").render({"latest": latest})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_SECONDS)
    else:
        response = HttpResponse(loader.get_template("500.html").render(), status=500)
    response["Cache-Control"] = "no-store"
    return response


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
