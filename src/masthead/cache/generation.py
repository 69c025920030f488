"""The content generation: one number for the whole site's public content.

Every change a reader could see moves it on (masthead.cache.signals), and a
cached page is served only while the generation it was rendered under is still
the current one. No list of "which pages show this story" can be incomplete,
because there is no list: that is what makes the cache never stale by
construction (docs/decisions/0006-page-cache.md).

Embedded (no cache server), the generation is a counter in a small file in the
data folder that every worker process maps into memory: checking it costs a
memory read, so it is checked on every request. With Redis it is a counter
there, shared by every machine, and each process reads it at most every
REDIS_POLL_SECONDS: a change reaches every server within that time.
"""

import fcntl
import mmap
import os
import struct
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches

REDIS_POLL_SECONDS = 0.25
REDIS_KEY = "masthead:generation"
COUNTER = struct.Struct("<Q")


class FileGeneration:
    """A counter in an eight-byte file that every process maps into memory.

    Reading it is a memory read, with no system call; bumping it takes the
    file's lock, so two processes bumping at once both count.
    """

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if os.fstat(self.fd).st_size < COUNTER.size:
            os.ftruncate(self.fd, COUNTER.size)
        self.map = mmap.mmap(self.fd, COUNTER.size)

    def current(self) -> int:
        return COUNTER.unpack_from(self.map)[0]

    def bump(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        try:
            COUNTER.pack_into(self.map, 0, self.current() + 1)
        finally:
            fcntl.flock(self.fd, fcntl.LOCK_UN)


class SharedGeneration:
    """A counter in the shared cache (Redis), polled a few times a second."""

    def __init__(self, cache):
        self.cache = cache
        self.lock = threading.Lock()
        self.value = None
        self.read_at = 0.0

    def current(self):
        now = time.monotonic()
        if self.value is None or now - self.read_at >= REDIS_POLL_SECONDS:
            value = self.cache.get(REDIS_KEY)
            if value is None:
                self.cache.add(REDIS_KEY, 1, timeout=None)
                value = self.cache.get(REDIS_KEY)
            with self.lock:
                self.value, self.read_at = value, now
        return self.value

    def bump(self) -> None:
        try:
            self.cache.incr(REDIS_KEY)
        except ValueError:  # not there yet (a fresh or flushed cache)
            self.cache.set(REDIS_KEY, 1, timeout=None)
        with self.lock:
            self.value = None


_generation = None


def generation():
    global _generation
    if _generation is None:
        cache = caches["default"]
        if "redis" in type(cache).__module__:
            _generation = SharedGeneration(cache)
        else:
            _generation = FileGeneration(
                Path(settings.DATA_DIR) / "cache" / "generation"
            )
    return _generation
