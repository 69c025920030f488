"""Requests through the real WSGI application a server runs: the page cache in
front of Django, as `masthead serve` has it. (Django's test client starts
below the page cache, so it cannot show a hit.)"""

import html
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from masthead.config.wsgi import application


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def words(self) -> str:
        """The text a reader sees, without markup (search marks matched words)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.text))

    @property
    def cache(self) -> str:
        return self.headers.get("x-cache", "")


def fetch(path: str, method: str = "GET", **headers) -> Answer:
    environ = RequestFactory().generic(method, path, headers=headers).environ
    got = {}

    def start_response(status, response_headers, exc_info=None):
        got["status"] = int(status.split()[0])
        got["headers"] = {name.lower(): value for name, value in response_headers}

    with connections_kept_open():
        result = application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    return Answer(got["status"], got["headers"], body)


_kept_open = threading.local()


@contextmanager
def connections_kept_open():
    """As Django's test client does: the test's database connection stays
    open across requests (a server would close it after each one)."""
    if getattr(_kept_open, "depth", 0) or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield  # already done by the test's own thread
        return
    _kept_open.depth = 1
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        _kept_open.depth = 0
