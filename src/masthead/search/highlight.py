"""Snippets with the reader's words marked, built safely: the text is escaped
piece by piece and only our own <mark> tags are added."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_LENGTH = 280  # characters: about two lines of a phone screen, twice
LEAD_IN = 80  # characters shown before the first match


def words_pattern(words: list[str]) -> re.Pattern | None:
    """Each word at the start of a word, with whatever ending follows it
    (a search for "council" also marks "councils")."""
    if not words:
        return None
    alternatives = "|".join(
        re.escape(word) for word in sorted(set(words), key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def mark(text: str, pattern: re.Pattern | None) -> SafeString:
    """text, escaped, with every match of pattern in <mark>."""
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 (each piece escaped above)


def snippet(text: str, pattern: re.Pattern | None) -> SafeString:
    """About SNIPPET_LENGTH characters of text around its first match."""
    text = " ".join(text.split())
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > LEAD_IN:
        start = text.rfind(" ", 0, first.start() - LEAD_IN) + 1
    end = len(text)
    if end - start > SNIPPET_LENGTH:
        end = text.rfind(" ", start, start + SNIPPET_LENGTH)
        if end <= start:
            end = start + SNIPPET_LENGTH
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    return mark_safe(lead + mark(text[start:end], pattern) + tail)  # noqa: S308


def story_text(story) -> str:
    """The standfirst and the body as plain text."""
    body = story.body.stream_block.get_searchable_content(story.body)
    return " ".join([story.standfirst, *body])
