"""Where rendered pages are kept: in each process's memory, and in the shared
cache (diskcache in the data folder, or Redis) so that one process's render
serves them all. Entries are not keyed by the generation: an entry of an older
generation is never served fresh, but it is still there to serve when the
database is down (stale is better than down)."""

import contextlib
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches

SHARED_PREFIX = "page:"
# What an entry holds besides its bodies: the header lists, the key, the
# Python objects. Measured over 130 rendered articles: 13.1 KiB held for 10.3
# counted with 512 here, so each process's MASTHEAD_PAGE_CACHE_MEMORY_MB was
# overrun by a quarter (docs/operations.md, "Load and soak").
ENTRY_OVERHEAD = 3 * 1024


@dataclass(slots=True)
class Entry:
    generation: object
    stored_at: float
    expires_at: float  # fresh until then, if the generation still matches
    status: str
    headers: list[tuple[str, str]]
    etag: str
    last_modified: str
    bodies: dict[str, bytes] = field(default_factory=dict)  # "br", "gzip"
    hit_headers: dict[str, list] = field(default_factory=dict)  # per encoding

    @property
    def size(self) -> int:
        return sum(len(body) for body in self.bodies.values()) + ENTRY_OVERHEAD


class PageStore:
    def __init__(self, memory_bytes: int):
        self.memory_bytes = memory_bytes
        self.used = 0
        self.local: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def shared_key(key: str) -> str:
        return SHARED_PREFIX + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()

    def get(self, key: str) -> Entry | None:
        entry = self.local.get(key)
        if entry is not None:
            return entry
        try:
            entry = caches["default"].get(self.shared_key(key))
        except Exception:
            return None
        if isinstance(entry, Entry):
            self.remember(key, entry)
            return entry
        return None

    def set(self, key: str, entry: Entry) -> None:
        self.remember(key, entry)
        # The page was served; keeping it for the other processes is a bonus
        # that a cache server being down must not turn into an error.
        with contextlib.suppress(Exception):
            caches["default"].set(
                self.shared_key(key), entry, settings.MASTHEAD_PAGE_CACHE_STALE_SECONDS
            )

    def remember(self, key: str, entry: Entry) -> None:
        if entry.size > self.memory_bytes // 8:
            return
        with self.lock:
            old = self.local.pop(key, None)
            if old is not None:
                self.used -= old.size
            self.local[key] = entry
            self.used += entry.size
            while self.used > self.memory_bytes and self.local:
                _, dropped = self.local.popitem(last=False)
                self.used -= dropped.size

    def clear(self) -> None:
        with self.lock:
            self.local.clear()
            self.used = 0


_store = None


def store() -> PageStore:
    global _store
    if _store is None:
        _store = PageStore(settings.MASTHEAD_PAGE_CACHE_MEMORY_MB * 1024 * 1024)
    return _store
