"""Agency text made safe: plain strings cleaned, HTML sanitised with nh3 and cut
into the paragraphs and subheadings of a story body (StoryBodyBlock)."""

import html
import re

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

# What a story paragraph may keep of the agency's markup (RICH_TEXT_FEATURES).
ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "br",
    "sup",
    "sub",
    "blockquote",
}
INLINE_TAGS = {"b", "strong", "i", "em", "a", "br", "sup", "sub"}
HEADING_TAGS = {"h2", "h3", "h4"}
RENAMED = {"strong": "b", "em": "i"}  # what Wagtail's rich text editor writes

# Control characters (NUL above all: PostgreSQL text cannot hold it) except
# tab and newline.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SPACES = re.compile(r"\s+")
# "DHAKA, Nov 27 (BNA) — The ..." or "ঢাকা, ২৭ নভেম্বর (বিএনএ) — ...": a place
# in capitals (or a script without case), an optional date and credit, a dash.
DASHES = "\u2014\u2013"  # em dash, en dash
DATELINE_LEAD = re.compile(
    rf"^\s*(?P<place>[^,{DASHES}\-\n(<a-z]{{2,40}}?)\s*(?:,[^{DASHES}\n<]{{0,60}}?)?"
    rf"\s*(?:[{DASHES}]|--)\s*"
)


def clean_text(value: str | None, max_length: int | None = None) -> str:
    """One line of plain text: no tags, no control characters, single spaces."""
    if not value:
        return ""
    text = CONTROL.sub("", value)
    if "<" in text:
        text = BeautifulSoup(text, "html.parser").get_text(" ")
    text = SPACES.sub(" ", html.unescape(text)).strip()
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def plain_text_to_html(text: str) -> str:
    """Paragraphs of plain text (blank-line separated, else one per line)."""
    text = CONTROL.sub("", text).strip()
    parts = re.split(r"\n\s*\n", text)
    if len(parts) == 1:
        parts = text.splitlines()
    return "".join(
        f"<p>{html.escape(SPACES.sub(' ', part).strip())}</p>"
        for part in parts
        if part.strip()
    )


def sanitise(raw_html: str) -> str:
    return nh3.clean(
        CONTROL.sub("", raw_html),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def body_blocks(raw_html: str) -> list[tuple[str, str]]:
    """StreamField (block type, value) pairs for the agency's HTML body."""
    soup = BeautifulSoup(sanitise(raw_html), "html.parser")
    for old, new in RENAMED.items():
        for tag in soup.find_all(old):
            tag.name = new
    blocks: list[tuple[str, str]] = []
    inline: list[str] = []

    def paragraph(inner: str) -> None:
        inner = inner.strip()
        if BeautifulSoup(inner, "html.parser").get_text().strip():
            blocks.append(("paragraph", f"<p>{inner}</p>"))

    def flush() -> None:
        paragraph("".join(inline))
        inline.clear()

    def walk(nodes) -> None:
        for node in list(nodes):
            if isinstance(node, NavigableString):
                inline.append(html.escape(str(node), quote=False))
            elif isinstance(node, Tag) and node.name in INLINE_TAGS:
                inline.append(str(node))
            elif isinstance(node, Tag) and node.name == "p":
                flush()
                paragraph(node.decode_contents())
            elif isinstance(node, Tag) and node.name in HEADING_TAGS:
                flush()
                heading = clean_text(node.get_text(" "), 255)
                if heading:
                    blocks.append(("subheading", heading))
            elif isinstance(node, Tag) and node.name in {"ul", "ol"}:
                flush()
                if node.get_text().strip():
                    blocks.append(("paragraph", str(node)))
            elif isinstance(node, Tag):  # blockquote, li out of a list
                flush()
                walk(node.contents)
                flush()

    walk(soup.contents)
    flush()
    return blocks


def split_dateline(blocks: list[tuple[str, str]]) -> tuple[str, list]:
    """Find "PLACE, date (AGENCY) —" at the start of the first paragraph.

    Returns the place and the blocks with that lead taken off the paragraph,
    or ("", blocks) when the story does not start with a dateline.
    """
    if not blocks or blocks[0][0] != "paragraph":
        return "", blocks
    inner = blocks[0][1].removeprefix("<p>").removesuffix("</p>")
    match = DATELINE_LEAD.match(inner)  # the lead holds no markup: no "<"
    rest = inner[match.end() :].strip() if match else ""
    if not match or not rest:
        return "", blocks
    place = clean_text(match.group("place"), 80)
    return place, [("paragraph", f"<p>{rest}</p>"), *blocks[1:]]
