"""What the code rendering a response tells the cache about it, gathered per
request: the cache tags of the things shown, and how long it may stay fresh
(e.g. until the breaking-news banner on it expires)."""

import threading

_state = threading.local()


def begin() -> None:
    _state.tags = set()
    _state.until = None


def note_tags(*tags: str) -> None:
    tags_seen = getattr(_state, "tags", None)
    if tags_seen is not None:
        tags_seen.update(tags)


def fresh_until(timestamp: float) -> None:
    """The response shows something that changes by itself at `timestamp`."""
    until = getattr(_state, "until", None)
    if until is None or timestamp < until:
        _state.until = timestamp


def end() -> tuple[set[str], float | None]:
    tags, until = getattr(_state, "tags", set()), getattr(_state, "until", None)
    _state.tags = None
    _state.until = None
    return tags, until
