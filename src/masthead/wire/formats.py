"""RSS 2.0, Atom 1.0, NewsML-G2 and NITF documents read into `WireStory`s.

All four are read with defusedxml (no entity expansion, no external DTDs or
entities) and the standard ElementTree: one strict parser and one code path.
A document that is not well-formed XML, or not one of the four, is refused as
a whole; a story in it lacking an id or a headline is skipped and reported,
the others are kept. Elements are matched by local name, so the namespace
variants agencies use (NITF with or without one) all read the same.
"""

import hashlib
import json
import re
from copy import deepcopy
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import escape
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from masthead.wire.text import clean_text, plain_text_to_html

XHTML = "http://www.w3.org/1999/xhtml"
# NITF tags that mean something else in a story body.
NITF_TAGS = {"hl2": "h2", "em": "i", "block": "div", "bq": "blockquote"}


class WireFormatError(Exception):
    """The document cannot be read; the message says why, in one line."""


@dataclass
class WireImage:
    src: str  # an http(s) URL, or a path relative to the document
    caption: str = ""
    credit: str = ""


@dataclass
class WireStory:
    guid: str
    title: str
    body_html: str = ""
    standfirst: str = ""
    dateline: str = ""
    byline: str = ""
    link: str = ""
    updated_at: datetime | None = None
    withdrawn: bool = False
    images: list[WireImage] = field(default_factory=list)

    def content_hash(self) -> str:
        """Changes when anything the draft shows changes."""
        shown = asdict(self)
        for key in ("guid", "link", "updated_at"):
            shown.pop(key)
        raw = json.dumps(shown, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class ParsedDocument:
    format: str
    stories: list[WireStory]
    problems: list[str]  # stories skipped, each with its reason


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Element | None, name: str) -> list[Element]:
    if element is None:
        return []
    return [child for child in element if local(child.tag) == name]


def child(element: Element | None, *path: str) -> Element | None:
    """The first element down `path` of local names, or None."""
    for name in path:
        found = children(element, name)
        if not found:
            return None
        element = found[0]
    return element


def text_of(element: Element | None, *path: str) -> str:
    found = child(element, *path) if path else element
    return "".join(found.itertext()) if found is not None else ""


def inner_markup(element: Element | None, renamed: dict | None = None) -> str:
    """The element's content as markup without namespaces, for sanitising."""
    if element is None:
        return ""
    copy = deepcopy(element)
    for node in copy.iter():
        name = local(node.tag)
        node.tag = (renamed or {}).get(name, name)
        node.attrib = {local(k): v for k, v in node.attrib.items()}
    return escape(copy.text or "", quote=False) + "".join(
        tostring(node, encoding="unicode") for node in copy
    )


def parse_document(data: bytes) -> ParsedDocument:
    """Read one document; raises WireFormatError if it cannot be read at all."""
    try:
        root = fromstring(data)
    except ParseError as exc:
        raise WireFormatError(f"not well-formed XML ({exc})") from None
    except DefusedXmlException as exc:
        raise WireFormatError(f"refused unsafe XML ({type(exc).__name__})") from None
    kind = local(root.tag)
    if kind == "rss":
        return parse_rss(root)
    if kind == "feed":
        return parse_atom(root)
    if kind in ("newsItem", "newsMessage"):
        return parse_newsml(root)
    if kind == "nitf":
        return parse_nitf(root)
    raise WireFormatError(
        f"<{kind}> is not RSS, Atom, NewsML-G2 or NITF (expected <rss>, <feed>, "
        "<newsItem>, <newsMessage> or <nitf>)"
    )


def finish(format_name: str, candidates) -> ParsedDocument:
    stories, problems = [], []
    seen = set()
    for label, story in candidates:
        if not story.guid:
            problems.append(f"{label}: no id (guid) to recognise it by")
        elif not story.title:
            problems.append(f"{label} ({story.guid}): no headline")
        elif story.guid in seen:
            problems.append(f"{label} ({story.guid}): the same id twice in one file")
        else:
            seen.add(story.guid)
            stories.append(story)
    return ParsedDocument(format_name, stories, problems)


# RSS 2.0 ------------------------------------------------------------------


def parse_rss(root: Element) -> ParsedDocument:
    channel = child(root, "channel")
    if channel is None:
        raise WireFormatError("an RSS document without a <channel>")
    return finish(
        "RSS",
        (
            (f"item {n}", rss_item(item))
            for n, item in enumerate(children(channel, "item"), 1)
        ),
    )


def rss_item(item: Element) -> WireStory:
    description = text_of(item, "description")
    encoded = text_of(item, "encoded")  # content:encoded, the full story
    body = encoded or description
    images = [
        WireImage(e.get("url", ""))
        for e in children(item, "enclosure")
        if e.get("type", "").startswith("image/")
    ]
    for media in children(item, "content"):  # Media RSS
        if media.get("medium") == "image" or media.get("type", "").startswith("image/"):
            images.append(
                WireImage(
                    media.get("url", ""),
                    caption=clean_text(text_of(media, "description"), 300),
                    credit=clean_text(text_of(media, "credit"), 120),
                )
            )
    return WireStory(
        guid=clean_text(text_of(item, "guid") or text_of(item, "link"), 500),
        title=clean_text(text_of(item, "title"), 255),
        body_html=body if "<" in body else plain_text_to_html(body),
        standfirst=clean_text(description, 500) if encoded else "",
        byline=clean_text(text_of(item, "creator") or text_of(item, "author"), 120),
        link=clean_text(text_of(item, "link")),
        updated_at=rfc822(text_of(item, "pubDate")),
        images=[image for image in images if image.src],
    )


def rfc822(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# Atom 1.0 -----------------------------------------------------------------


def parse_atom(root: Element) -> ParsedDocument:
    return finish(
        "Atom",
        (
            (f"entry {n}", atom_entry(entry))
            for n, entry in enumerate(children(root, "entry"), 1)
        ),
    )


def atom_text(element: Element | None) -> tuple[str, bool]:
    """(content, is_markup) of an Atom text construct."""
    if element is None:
        return "", False
    kind = element.get("type", "text")
    if kind == "xhtml":
        div = child(element, "div")
        return inner_markup(div if div is not None else element), True
    if kind == "html":
        return text_of(element), True
    return text_of(element), False


def atom_entry(entry: Element) -> WireStory:
    content, markup = atom_text(child(entry, "content"))
    summary, summary_markup = atom_text(child(entry, "summary"))
    if not content:
        content, markup = summary, summary_markup
        summary = ""
    links = children(entry, "link")
    return WireStory(
        guid=clean_text(text_of(entry, "id"), 500),
        title=clean_text(atom_text(child(entry, "title"))[0], 255),
        body_html=content if markup else plain_text_to_html(content),
        standfirst=clean_text(summary, 500),
        byline=clean_text(text_of(entry, "author", "name"), 120),
        link=next(
            (
                link.get("href", "")
                for link in links
                if link.get("rel", "alternate") == "alternate"
            ),
            "",
        ),
        updated_at=iso8601(text_of(entry, "updated") or text_of(entry, "published")),
        images=[
            WireImage(link.get("href", ""), caption=clean_text(link.get("title"), 300))
            for link in links
            if link.get("rel") == "enclosure"
            and link.get("type", "").startswith("image/")
            and link.get("href")
        ],
    )


ISO_BASIC = re.compile(
    r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?$"
)


def iso8601(value: str) -> datetime | None:
    """An ISO 8601 time, extended (2026-11-27T06:00:00+06:00) or basic
    (20261127T060000+0600, as NITF writes it); UTC if it names no zone."""
    value = value.strip()
    basic = ISO_BASIC.match(value)
    if basic:
        y, mo, d, h, mi, s, zone = basic.groups()
        value = f"{y}-{mo}-{d}T{h}:{mi}:{s or '00'}{zone or ''}"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# NewsML-G2 ----------------------------------------------------------------


def parse_newsml(root: Element) -> ParsedDocument:
    items = [root] if local(root.tag) == "newsItem" else []
    for item_set in children(root, "itemSet"):
        items.extend(children(item_set, "newsItem"))
    pictures = {
        item.get("guid", ""): picture
        for item in items
        if (picture := newsml_picture(item)) is not None
    }
    return finish(
        "NewsML-G2",
        (
            (f"newsItem {n}", newsml_story(item, pictures))
            for n, item in enumerate(items, 1)
            if newsml_class(item) != "picture"
        ),
    )


def newsml_class(item: Element) -> str:
    qcode = child(item, "itemMeta", "itemClass")
    return (qcode.get("qcode", "") if qcode is not None else "").split(":")[-1]


def newsml_picture(item: Element) -> WireImage | None:
    if newsml_class(item) != "picture":
        return None
    remote = child(item, "contentSet", "remoteContent")
    if remote is None or not remote.get("href"):
        return None
    meta = child(item, "contentMeta")
    return WireImage(
        remote.get("href", ""),
        caption=clean_text(
            text_of(meta, "description") or text_of(meta, "headline"), 300
        ),
        credit=clean_text(text_of(meta, "creditline"), 120),
    )


def newsml_story(item: Element, pictures: dict[str, WireImage]) -> WireStory:
    meta = child(item, "contentMeta")
    item_meta = child(item, "itemMeta")
    content_set = child(item, "contentSet")
    xhtml = child(content_set, "inlineXML")
    if xhtml is not None:
        html_body = child(xhtml, "html", "body")
        body = inner_markup(html_body if html_body is not None else xhtml)
    else:
        body = plain_text_to_html(text_of(content_set, "inlineData"))
    images = []
    for link in children(item_meta, "link"):
        ref = link.get("residref", "")
        if ref in pictures:
            images.append(pictures[ref])
        elif link.get("href") and link.get("contenttype", "").startswith("image/"):
            images.append(
                WireImage(link["href"], caption=clean_text(link.get("title"), 300))
            )
    summaries = children(meta, "description")
    status = child(item_meta, "pubStatus")
    return WireStory(
        guid=clean_text(item.get("guid"), 500),
        title=clean_text(text_of(meta, "headline"), 255),
        body_html=body,
        standfirst=clean_text(text_of(summaries[0]) if summaries else "", 500),
        dateline=clean_text(
            text_of(meta, "dateline") or text_of(meta, "located", "name"), 80
        ),
        byline=clean_text(text_of(meta, "by"), 120),
        updated_at=iso8601(
            text_of(item_meta, "versionCreated") or text_of(item_meta, "firstCreated")
        ),
        withdrawn=status is not None and status.get("qcode", "").endswith(":canceled"),
        images=images,
    )


# NITF ---------------------------------------------------------------------


def parse_nitf(root: Element) -> ParsedDocument:
    head = child(root, "head")
    docdata = child(head, "docdata")
    body_head = child(root, "body", "body.head")
    content = child(root, "body", "body.content")
    images = []
    if content is not None:
        for parent in list(content.iter()):
            for media in children(parent, "media"):
                if media.get("media-type") == "image":
                    reference = child(media, "media-reference")
                    if reference is not None and reference.get("source"):
                        images.append(
                            WireImage(
                                reference.get("source", ""),
                                caption=clean_text(
                                    text_of(media, "media-caption"), 300
                                ),
                                credit=clean_text(
                                    text_of(media, "media-producer"), 120
                                ),
                            )
                        )
                parent.remove(media)
    doc_id = child(docdata, "doc-id")
    issued = child(docdata, "date.issue")
    release = child(docdata, "date.release")
    dateline = child(body_head, "dateline")
    byline = child(body_head, "byline")
    if byline is not None:
        for title in children(byline, "byttl"):
            byline.remove(title)
    story = WireStory(
        guid=clean_text(doc_id.get("id-string") if doc_id is not None else "", 500),
        title=clean_text(
            text_of(body_head, "hedline", "hl1") or text_of(head, "title"), 255
        ),
        body_html=inner_markup(content, NITF_TAGS),
        standfirst=clean_text(
            text_of(body_head, "abstract") or text_of(body_head, "hedline", "hl2"),
            500,
        ),
        dateline=clean_text(
            text_of(dateline, "location") or text_of(dateline), 80
        ).rstrip(" ,"),
        byline=clean_text(text_of(byline), 120),
        updated_at=iso8601(
            (issued.get("norm", "") if issued is not None else "")
            or (release.get("norm", "") if release is not None else "")
        ),
        images=images,
    )
    return finish("NITF", [("the document", story)])
