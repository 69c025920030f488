"""Readers' text: cleaned before it is stored, escaped before it is shown."""

import re

import nh3
from django.utils.html import escape

# C0 controls and DEL, except tab, newline and carriage return. NUL must never
# reach PostgreSQL, which cannot store it; the others have no place in a comment.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
LINK_REL = "nofollow ugc noopener"
TRAILING_PUNCTUATION = ".,;:!?)]}"


def clean_input(value: str) -> str:
    return CONTROL_CHARS.sub("", value)


def count_links(text: str) -> int:
    return len(URL.findall(text))


def _link(match: re.Match) -> str:
    url = match.group(0)
    tail = ""
    while url and url[-1] in TRAILING_PUNCTUATION:
        url, tail = url[:-1], url[-1] + tail
    # Escaping came first, so `url` holds entities such as &amp;: already safe
    # inside a double-quoted attribute.
    return f'<a href="{url}">{url}</a>{tail}'


def render_comment(text: str) -> str:
    """Plain text → paragraphs with line breaks and linked http(s) URLs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p]
    html = "".join(
        "<p>" + URL.sub(_link, escape(p.strip("\n"))).replace("\n", "<br>") + "</p>"
        for p in paragraphs
    )
    # Nothing above can produce markup from the reader's text; nh3 makes sure.
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )
