"""The whole-page cache, in front of Django.

A hit is answered here, before Django builds a request object, runs its
middleware or routes the URL: a memory read of the content generation, a
dictionary lookup, and the stored bytes in the encoding the reader accepts.
Django decides what may be cached (masthead.cache.middleware marks a response
`Cache-Control: public`); this layer only keeps and serves it.
"""

import gzip
import hashlib
import threading
import time
from email.utils import formatdate, parsedate_to_datetime

import brotli
from django.conf import settings

from masthead.cache.generation import generation
from masthead.cache.store import Entry, store

EXPIRES_HEADER = "x-masthead-expires"
RENDER_WAIT_SECONDS = 10  # then render it yourself
# Paths that never hold a cacheable page: passed straight through.
PASS_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/")
COMPRESSIBLE = (
    "text/",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
    "application/opensearchdescription+xml",
)


class PageCache:
    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.rendering: dict[str, threading.Event] = {}
        self.private_cookies = tuple(
            f"{name}=" for name in (settings.SESSION_COOKIE_NAME, "messages")
        )

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        if (
            (method != "GET" and method != "HEAD")
            or path.startswith(PASS_PREFIXES)
            or "HTTP_AUTHORIZATION" in environ
            or self.has_private_cookie(environ)
        ):
            return self.app(environ, start_response)

        key = self.key(environ)
        current = generation().current()
        entry = store().get(key)
        if (
            entry is not None
            and entry.generation == current
            and time.time() < entry.expires_at
        ):
            return serve_hit(entry, environ, start_response)
        return self.render_once(key, current, entry, environ, start_response)

    def render_once(self, key, current, stale, environ, start_response):
        """When a page is wanted by many readers at once (a story just
        published, the cache just refreshed), one thread of this process
        renders it and the others wait for its copy, instead of all of them
        rendering the same page at the same time."""
        with self.lock:
            rendering = self.rendering.get(key)
            leader = rendering is None
            if leader:
                rendering = self.rendering[key] = threading.Event()
        if leader:
            try:
                return self.render(key, current, stale, environ, start_response)
            finally:
                with self.lock:
                    del self.rendering[key]
                rendering.set()
        rendering.wait(timeout=RENDER_WAIT_SECONDS)
        entry = store().get(key)
        if entry is not None and entry.generation == current:
            return serve_hit(entry, environ, start_response)
        return self.render(key, current, stale, environ, start_response)

    def has_private_cookie(self, environ) -> bool:
        cookies = environ.get("HTTP_COOKIE")
        return bool(cookies) and any(name in cookies for name in self.private_cookies)

    @staticmethod
    def key(environ) -> str:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        query = environ.get("QUERY_STRING", "")
        return f"{host.lower()}{environ.get('PATH_INFO', '')}?{query}"

    def render(self, key, current, stale, environ, start_response):
        """A miss: Django renders, and a public response is kept."""
        captured = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, headers]

        # Django renders a GET; a HEAD is answered from that without its body.
        head = environ["REQUEST_METHOD"] == "HEAD"
        if head:
            environ = {**environ, "REQUEST_METHOD": "GET"}
        result = self.app(environ, capture)
        status, headers = captured
        if stale is not None and status.startswith("503"):
            close(result)
            return respond(stale, environ, start_response, head=head, state="stale")
        if not is_public(status, headers):
            start_response(status, headers)
            if head:
                close(result)
                return []
            return result
        try:
            body = b"".join(result)
        finally:
            close(result)
        entry = make_entry(current, status, headers, body)
        store().set(key, entry)
        return respond(entry, environ, start_response, head=head, state="miss")


def close(result) -> None:
    if hasattr(result, "close"):
        result.close()


def is_public(status: str, headers) -> bool:
    if not status.startswith("200"):
        return False
    public = compressible = False
    for name, value in headers:
        lower = name.lower()
        if lower == "cache-control":
            public = "public" in value
        elif lower == "set-cookie":
            return False
        elif lower == "content-type":
            compressible = value.startswith(COMPRESSIBLE)
        elif lower == "content-encoding":
            return False
    return public and compressible


def make_entry(current, status: str, headers, body: bytes) -> Entry:
    """Compressed once here, so that a hit only picks the bytes to send. A
    view's own ETag and Last-Modified (feeds have them) are kept; otherwise the
    ETag is a hash of the page and Last-Modified the time it was rendered."""
    now = time.time()
    expires_at = now + settings.MASTHEAD_PAGE_CACHE_SECONDS
    etag = last_modified = None
    kept = []
    for name, value in headers:
        lower = name.lower()
        if lower == EXPIRES_HEADER:
            expires_at = min(expires_at, float(value))
        elif lower == "etag":
            etag = value
        elif lower == "last-modified":
            last_modified = value
        elif lower not in {"content-length", "vary"}:
            kept.append((name, value))
    if etag is None:
        etag = 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    if last_modified is None:
        last_modified = formatdate(now, usegmt=True)
    kept += [
        ("Vary", "Accept-Encoding"),
        ("ETag", etag),
        ("Last-Modified", last_modified),
    ]
    bodies = {
        "br": brotli.compress(body, quality=5),
        "gzip": gzip.compress(body, compresslevel=6, mtime=0),
    }
    hit_headers = {
        encoding: [
            *kept,
            ("X-Cache", "HIT"),
            ("Content-Encoding", encoding),
            ("Content-Length", str(len(compressed))),
        ]
        for encoding, compressed in bodies.items()
    }
    return Entry(
        generation=current,
        stored_at=now,
        expires_at=expires_at,
        status=status,
        headers=kept,
        etag=etag,
        last_modified=last_modified,
        bodies=bodies,
        hit_headers=hit_headers,
    )


def serve_hit(entry: Entry, environ, start_response):
    """The common case, kept short: the headers for each encoding were put
    together when the page was stored."""
    if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
        return respond(entry, environ, start_response, state="hit")
    encoding = accepted_encoding(environ)
    if encoding == "identity":
        return respond(entry, environ, start_response, state="hit")
    start_response(entry.status, entry.hit_headers[encoding])
    if environ["REQUEST_METHOD"] == "HEAD":
        return []
    return [entry.bodies[encoding]]


_encodings: dict[str, str] = {}  # Accept-Encoding → our choice: few distinct values


def accepted_encoding(environ) -> str:
    accept = environ.get("HTTP_ACCEPT_ENCODING", "")
    choice = _encodings.get(accept)
    if choice is None:
        choice = _encodings[accept] = choose_encoding(accept)
        if len(_encodings) > 1000:  # a client sending nonsense: forget them all
            _encodings.clear()
    return choice


def choose_encoding(accept: str) -> str:
    if not accept:
        return "identity"
    offered = {}
    for part in accept.split(","):
        name, _, params = part.strip().partition(";")
        weight = 1.0
        if "q=" in params:
            try:
                weight = float(params.split("q=", 1)[1])
            except ValueError:
                weight = 0.0
        offered[name.strip().lower()] = weight
    for encoding in ("br", "gzip"):
        if offered.get(encoding, offered.get("*", 0)) > 0:
            return encoding
    return "identity"


def not_modified(entry: Entry, environ) -> bool:
    tags = environ.get("HTTP_IF_NONE_MATCH")
    if tags is not None:
        wanted = entry.etag.removeprefix("W/")
        return tags.strip() == "*" or any(
            tag.strip().removeprefix("W/") == wanted for tag in tags.split(",")
        )
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            return parsedate_to_datetime(since) >= parsedate_to_datetime(
                entry.last_modified
            )
        except (TypeError, ValueError):
            return False
    return False


def respond(entry: Entry, environ, start_response, state: str, head=None):
    """The stored page, or 304 when the reader's copy is current. X-Cache says
    whether it was a hit, a miss (rendered now) or stale (the database is down)."""
    if head is None:
        head = environ["REQUEST_METHOD"] == "HEAD"
    headers = [*entry.headers, ("X-Cache", state.upper())]
    if state == "stale":
        headers.append(("Age", str(max(0, int(time.time() - entry.stored_at)))))
    if not_modified(entry, environ):
        keep = {"cache-control", "etag", "last-modified", "vary", "x-cache"}
        start_response("304 Not Modified", [h for h in headers if h[0].lower() in keep])
        return []
    encoding = accepted_encoding(environ)
    if encoding == "identity":
        body = gzip.decompress(entry.bodies["gzip"])
    else:
        body = entry.bodies[encoding]
        headers.append(("Content-Encoding", encoding))
    headers.append(("Content-Length", str(len(body))))
    start_response(entry.status, headers)
    return [] if head else [body]
