"""Reading a WordPress export (WXR 1.0 to 1.2) as a stream.

WordPress's Tools → Export writes one RSS document: a <channel> holding the
site's authors, categories and tags, then an <item> per post, page, attachment
or menu item, each with its post meta and comments. A newspaper's export runs
to gigabytes, so nothing here holds the document: `ExportReader.elements()`
hands over each child of <channel> once it is complete, then drops it. The
parser is defusedxml's: no entity expansion, no external references.

`scan()` is the importer's first pass. It reads the whole file before anything
is written, so a truncated or malformed export stops the import with the line
of the fault and nothing half-written, and it keeps what the second pass needs
ahead of time: authors, categories, co-author profiles, and every attachment
(in a temporary SQLite file, so memory stays flat however many there are).
"""

from __future__ import annotations

import gzip
import re
import sqlite3
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

GZIP_MAGIC = b"\x1f\x8b"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_NS_PREFIX = "http://wordpress.org/export/"
UPLOADS_MARKER = "/wp-content/uploads/"
# Errors expat reports when the document stops before its end.
ENDS_EARLY = ("no element found", "unclosed token", "unclosed CDATA section")


class WXRError(Exception):
    """The file cannot be imported; the message is one line saying why."""


@lru_cache(maxsize=512)
def name_of(tag: str) -> str:
    """'{http://wordpress.org/export/1.2/}post_id' → 'wp:post_id', whatever
    the WXR version in the namespace."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if uri.startswith(WP_NS_PREFIX):
        prefix = "excerpt" if uri.rstrip("/").endswith("/excerpt") else "wp"
    elif uri == CONTENT_NS:
        prefix = "content"
    elif uri == DC_NS:
        prefix = "dc"
    else:
        prefix = "other"
    return f"{prefix}:{local}"


# -- what an export holds ------------------------------------------------------


@dataclass(slots=True)
class Term:
    """A post's category, tag or other taxonomy term, as the item lists it."""

    domain: str
    slug: str
    name: str


@dataclass(slots=True)
class WPComment:
    id: int = 0
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: int = 0
    user_id: int = 0


@dataclass(slots=True)
class Item:
    """One <item>: a post, page, attachment, menu item or other post type."""

    post_id: int = 0
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    creator: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    date: str = ""
    date_gmt: str = ""
    modified: str = ""
    modified_gmt: str = ""
    name: str = ""
    parent: int = 0
    comment_status: str = ""
    password: str = ""
    sticky: bool = False
    attachment_url: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)
    comments: list[WPComment] = field(default_factory=list)

    def meta_value(self, *keys: str) -> str:
        """The first of these meta keys with a value (the last one written)."""
        for key in keys:
            for name, value in reversed(self.meta):
                if name == key and value.strip():
                    return value.strip()
        return ""

    def meta_values(self, key: str) -> list[str]:
        return [value for name, value in self.meta if name == key and value]

    def terms_in(self, domain: str) -> list[Term]:
        return [term for term in self.terms if term.domain == domain]


@dataclass(slots=True)
class Author:
    """A WordPress user or a Co-Authors Plus guest author."""

    id: int = 0
    login: str = ""
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    description: str = ""
    website: str = ""

    @property
    def name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name.strip() or full or self.login


@dataclass(slots=True)
class Category:
    term_id: int = 0
    slug: str = ""
    parent: str = ""  # the parent's slug, as WXR writes it
    name: str = ""
    description: str = ""


@dataclass(slots=True)
class Attachment:
    """A file in the media library: what an image needs, without the file."""

    id: int = 0
    parent: int = 0
    url: str = ""
    path: str = ""  # relative to wp-content/uploads, as WordPress stores it
    title: str = ""
    alt: str = ""
    caption: str = ""
    description: str = ""
    credit: str = ""
    link: str = ""
    date_gmt: str = ""


# -- reading -------------------------------------------------------------------


ITEM_TEXT = {
    "title": "title",
    "link": "link",
    "dc:creator": "creator",
    "guid": "guid",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_date": "date",
    "wp:post_date_gmt": "date_gmt",
    "wp:post_modified": "modified",
    "wp:post_modified_gmt": "modified_gmt",
    "wp:post_name": "name",
    "wp:status": "status",
    "wp:post_type": "post_type",
    "wp:comment_status": "comment_status",
    "wp:post_password": "password",
    "wp:attachment_url": "attachment_url",
}
ITEM_INT = {"wp:post_id": "post_id", "wp:post_parent": "parent"}
# Values that are words or dates: surrounding whitespace is never meant.
STRIPPED = {"link", "guid", "date", "date_gmt", "modified", "modified_gmt"} | {
    "name",
    "status",
    "post_type",
    "comment_status",
    "attachment_url",
    "creator",
}
COMMENT_TEXT = {
    "wp:comment_author": "author",
    "wp:comment_author_email": "email",
    "wp:comment_author_url": "url",
    "wp:comment_author_IP": "ip",
    "wp:comment_date": "date",
    "wp:comment_date_gmt": "date_gmt",
    "wp:comment_content": "content",
    "wp:comment_approved": "approved",
    "wp:comment_type": "type",
}
COMMENT_INT = {
    "wp:comment_id": "id",
    "wp:comment_parent": "parent",
    "wp:comment_user_id": "user_id",
}


def to_int(text: str | None) -> int:
    try:
        return int((text or "").strip() or 0)
    except ValueError:
        return 0


def child_texts(elem: Element) -> dict[str, str]:
    """The text of each child element by its prefixed name (last one wins)."""
    return {name_of(child.tag): child.text or "" for child in elem}


def parse_item(elem: Element) -> Item:
    item = Item()
    for child in elem:
        key = name_of(child.tag)
        if key == "category":
            item.terms.append(
                Term(
                    domain=child.get("domain", "").strip(),
                    slug=child.get("nicename", "").strip(),
                    name=(child.text or "").strip(),
                )
            )
        elif key == "wp:postmeta":
            values = child_texts(child)
            item.meta.append(
                (values.get("wp:meta_key", "").strip(), values.get("wp:meta_value", ""))
            )
        elif key == "wp:comment":
            item.comments.append(parse_comment(child))
        elif key in ITEM_TEXT:
            attr = ITEM_TEXT[key]
            text = child.text or ""
            setattr(item, attr, text.strip() if attr in STRIPPED else text)
        elif key in ITEM_INT:
            setattr(item, ITEM_INT[key], to_int(child.text))
        elif key == "wp:is_sticky":
            item.sticky = to_int(child.text) == 1
    return item


def parse_comment(elem: Element) -> WPComment:
    comment = WPComment()
    for key, text in child_texts(elem).items():
        if key in COMMENT_TEXT:
            attr = COMMENT_TEXT[key]
            setattr(comment, attr, text if attr == "content" else text.strip())
        elif key in COMMENT_INT:
            setattr(comment, COMMENT_INT[key], to_int(text))
    return comment


class ExportReader:
    """One pass over an export file, plain or gzip-compressed."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._raw: BinaryIO | None = None
        try:
            self.size = self.path.stat().st_size
            if not self.path.is_file():
                raise WXRError(f"{self.path} is not a file")
        except OSError as exc:
            raise WXRError(f"cannot read {self.path}: {exc.strerror}") from None

    @property
    def bytes_read(self) -> int:
        """How far into the file (compressed bytes for .gz) the parser is."""
        try:
            return self._raw.tell() if self._raw else 0
        except (OSError, ValueError):
            return 0

    def _open(self) -> BinaryIO:
        try:
            raw = self.path.open("rb")
        except OSError as exc:
            raise WXRError(f"cannot read {self.path}: {exc.strerror}") from None
        self._raw = raw
        if raw.read(2) == GZIP_MAGIC:
            raw.seek(0)
            return gzip.GzipFile(fileobj=raw, mode="rb")
        raw.seek(0)
        return raw

    def elements(self) -> Iterator[tuple[str, Element]]:
        """(name, element) for each complete child of <channel>, in order; each
        is emptied and dropped as soon as the caller moves on."""
        source = self._open()
        try:
            yield from self._elements(source)
        except ParseError as exc:
            line, column = exc.position
            reason = str(exc).split(": line ")[0]
            hint = (
                " (the file ends early: is the export complete?)"
                if reason in ENDS_EARLY
                else ""
            )
            raise WXRError(
                f"{self.path.name} is not well-formed XML at line {line}, "
                f"column {column + 1}: {reason}{hint}; nothing was imported"
            ) from None
        except DefusedXmlException:
            raise WXRError(
                f"{self.path.name} declares XML entities or external references, "
                "which a WordPress export never does: refusing it; nothing was "
                "imported"
            ) from None
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise WXRError(
                f"{self.path.name} is a damaged or incomplete gzip file ({exc}); "
                "nothing was imported"
            ) from None
        finally:
            source.close()
            if self._raw is not None:
                self._raw.close()
                self._raw = None

    def _elements(self, source: BinaryIO) -> Iterator[tuple[str, Element]]:
        depth = 0
        channel = None
        for event, elem in iterparse(source, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1 and name_of(elem.tag) != "rss":
                    raise WXRError(
                        f"{self.path.name} is not a WordPress export: its "
                        f"document is <{name_of(elem.tag)}>, not <rss>"
                    )
                if depth == 2:
                    channel = elem
                continue
            depth -= 1
            if depth == 2 and channel is not None:
                yield name_of(elem.tag), elem
                elem.clear()
                channel.remove(elem)  # the only child left: no search

    def items(self) -> Iterator[Item]:
        for name, elem in self.elements():
            if name == "item":
                yield parse_item(elem)


# -- the first pass ------------------------------------------------------------


class AttachmentIndex:
    """Every attachment of the export, kept in a temporary SQLite file."""

    COLUMNS = tuple(f.name for f in fields(Attachment))

    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="masthead-wxr-")
        self._db = sqlite3.connect(Path(self._dir.name) / "attachments.sqlite3")
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE attachment (id INTEGER PRIMARY KEY, parent INTEGER, "
            "url TEXT, path TEXT, title TEXT, alt TEXT, caption TEXT, "
            "description TEXT, credit TEXT, link TEXT, date_gmt TEXT)"
        )
        self._pending: list[tuple] = []
        self.count = 0

    def add(self, attachment: Attachment) -> None:
        self._pending.append(astuple(attachment))
        self.count += 1
        if len(self._pending) >= 1000:
            self._flush()

    def _flush(self) -> None:
        placeholders = ", ".join("?" * len(self.COLUMNS))
        self._db.executemany(
            f"INSERT OR REPLACE INTO attachment VALUES ({placeholders})",  # noqa: S608
            self._pending,
        )
        self._pending = []

    def finish(self) -> None:
        self._flush()
        self._db.execute("CREATE INDEX attachment_path ON attachment (path)")
        self._db.execute("CREATE INDEX attachment_parent ON attachment (parent)")
        self._db.commit()

    def _one(self, where: str, value) -> Attachment | None:
        row = self._db.execute(
            f"SELECT * FROM attachment WHERE {where} = ? LIMIT 1",  # noqa: S608
            (value,),
        ).fetchone()
        return Attachment(*row) if row else None

    def get(self, attachment_id: int) -> Attachment | None:
        return self._one("id", attachment_id) if attachment_id else None

    def by_path(self, path: str) -> Attachment | None:
        return self._one("path", path) if path else None

    def children(self, parent_id: int) -> list[Attachment]:
        rows = self._db.execute(
            "SELECT * FROM attachment WHERE parent = ? ORDER BY id", (parent_id,)
        ).fetchall()
        return [Attachment(*row) for row in rows]

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()


class ExportIndex:
    """What the first pass learns: the site, its people and categories, how
    many items of each kind, and the attachments."""

    def __init__(self, path: Path):
        self.path = path
        self.version = ""
        self.title = ""
        self.link = ""
        self.base_site_url = ""
        self.base_blog_url = ""
        self.authors: dict[str, Author] = {}  # by login
        self.guest_authors: dict[str, Author] = {}  # Co-Authors Plus, by login
        self.categories: dict[str, Category] = {}  # by slug
        self.counts: Counter[tuple[str, str]] = Counter()  # (post type, status)
        self.comments = 0
        self.items = 0
        self.attachments = AttachmentIndex()

    def __enter__(self) -> ExportIndex:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self.attachments.close()

    @property
    def site_urls(self) -> list[str]:
        """The old site's addresses, for telling its own links from others."""
        return [
            u
            for u in dict.fromkeys([self.base_blog_url, self.base_site_url, self.link])
            if u
        ]

    def posts(self) -> int:
        return sum(n for (kind, _status), n in self.counts.items() if kind == "post")

    def category_chain(self, slug: str) -> list[Category]:
        """The category and its ancestors, the top-level one first."""
        chain: list[Category] = []
        seen: set[str] = set()
        while slug and slug not in seen and slug in self.categories:
            seen.add(slug)
            category = self.categories[slug]
            chain.insert(0, category)
            slug = category.parent
        return chain

    def author(self, login: str) -> Author | None:
        return self.authors.get(login) or self.guest_authors.get(login)


def scan(path: Path, progress=None) -> ExportIndex:
    """Read the whole export once, checking it, and index it for the import.

    `progress(reader)` is called after each item. Raises WXRError for a file
    that is not a complete, well-formed WordPress export.
    """
    reader = ExportReader(path)
    index = ExportIndex(reader.path)
    try:
        for name, elem in reader.elements():
            if name == "item":
                if not index.version:
                    raise not_wxr(reader.path)
                index_item(index, parse_item(elem))
                if progress is not None:
                    progress(reader)
            else:
                index_channel_element(index, name, elem)
        if not index.version:
            raise not_wxr(reader.path)
        if not index.version.startswith("1."):
            raise WXRError(
                f"{reader.path.name} is WXR version {index.version}; this import "
                "reads versions 1.0 to 1.2"
            )
        index.attachments.finish()
    except BaseException:
        index.close()
        raise
    return index


def not_wxr(path: Path) -> WXRError:
    return WXRError(
        f"{path.name} is not a WordPress export (it has no <wp:wxr_version>; "
        "make one with Tools → Export in WordPress)"
    )


def index_channel_element(index: ExportIndex, name: str, elem: Element) -> None:
    text = (elem.text or "").strip()
    if name == "wp:wxr_version":
        index.version = text
    elif name == "title":
        index.title = text
    elif name == "link":
        index.link = text.rstrip("/")
    elif name == "wp:base_site_url":
        index.base_site_url = text.rstrip("/")
    elif name == "wp:base_blog_url":
        index.base_blog_url = text.rstrip("/")
    elif name == "wp:author":
        values = {k: v.strip() for k, v in child_texts(elem).items()}
        author = Author(
            id=to_int(values.get("wp:author_id")),
            login=values.get("wp:author_login", ""),
            email=values.get("wp:author_email", ""),
            display_name=values.get("wp:author_display_name", ""),
            first_name=values.get("wp:author_first_name", ""),
            last_name=values.get("wp:author_last_name", ""),
        )
        if author.login:
            index.authors[author.login] = author
    elif name == "wp:category":
        values = child_texts(elem)
        add_category(
            index,
            Category(
                term_id=to_int(values.get("wp:term_id")),
                slug=values.get("wp:category_nicename", "").strip(),
                parent=values.get("wp:category_parent", "").strip(),
                name=values.get("wp:cat_name", "").strip(),
                description=values.get("wp:category_description", "").strip(),
            ),
        )
    elif name == "wp:term":
        values = child_texts(elem)
        if values.get("wp:term_taxonomy", "").strip() == "category":
            add_category(
                index,
                Category(
                    term_id=to_int(values.get("wp:term_id")),
                    slug=values.get("wp:term_slug", "").strip(),
                    parent=values.get("wp:term_parent", "").strip(),
                    name=values.get("wp:term_name", "").strip(),
                    description=values.get("wp:term_description", "").strip(),
                ),
            )


def add_category(index: ExportIndex, category: Category) -> None:
    if not category.slug:
        return
    known = index.categories.get(category.slug)
    if known is None:
        index.categories[category.slug] = category
        return
    # WXR 1.2 lists each category twice (<wp:category> and <wp:term>): merge.
    known.term_id = known.term_id or category.term_id
    known.parent = known.parent or category.parent
    known.name = known.name or category.name
    known.description = known.description or category.description


def index_item(index: ExportIndex, item: Item) -> None:
    index.items += 1
    index.counts[(item.post_type, item.status)] += 1
    if item.post_type == "post":
        index.comments += len(item.comments)
    elif item.post_type == "attachment":
        index.attachments.add(attachment_from(item))
    elif item.post_type == "guest-author":
        author = guest_author_from(item)
        if author.login:
            index.guest_authors[author.login] = author


def guest_author_from(item: Item) -> Author:
    """A Co-Authors Plus guest author: a post of type guest-author."""
    login = item.meta_value("cap-user_login") or item.name.removeprefix("cap-")
    return Author(
        id=0,  # its post id is no user id: /?author=N never meant it
        login=login,
        email=item.meta_value("cap-user_email"),
        display_name=item.meta_value("cap-display_name") or item.title,
        first_name=item.meta_value("cap-first_name"),
        last_name=item.meta_value("cap-last_name"),
        description=item.meta_value("cap-description"),
        website=item.meta_value("cap-website"),
    )


def attachment_from(item: Item) -> Attachment:
    return Attachment(
        id=item.post_id,
        parent=item.parent,
        url=item.attachment_url or item.guid,
        path=item.meta_value("_wp_attached_file")
        or upload_path(item.attachment_url or item.guid),
        title=item.title.strip(),
        alt=item.meta_value("_wp_attachment_image_alt"),
        caption=item.excerpt.strip(),
        description=item.content.strip(),
        credit=image_credit(item),
        link=item.link,
        date_gmt=item.date_gmt,
    )


def upload_path(url: str) -> str:
    """'https://site/wp-content/uploads/2024/07/a.jpg' → '2024/07/a.jpg'."""
    path = unquote(urlsplit(url).path) if "://" in url else unquote(url)
    marker = path.find(UPLOADS_MARKER)
    if marker < 0:
        return ""
    rest = path[marker + len(UPLOADS_MARKER) :]
    # A multisite's uploads live in uploads/sites/N/: the media folder given is
    # that site's own.
    return re.sub(r"^sites/\d+/", "", rest)


# Where plugins keep a photo's credit, most specific first.
CREDIT_META = (
    "_media_credit",
    "media_credit",
    "_wp_attachment_image_credit",
    "photo_credit",
    "_photo_credit",
    "credit",
    "_credit",
)


def image_credit(item: Item) -> str:
    credit = item.meta_value(*CREDIT_META)
    if credit:
        return credit
    metadata = item.meta_value("_wp_attachment_metadata")
    # The credit or copyright WordPress read from the photo's IPTC/EXIF data.
    return php_string(metadata, "credit") or php_string(metadata, "copyright")


def php_string(serialized: str, key: str) -> str:
    """The string stored under `key` in a PHP-serialised array, or ''.

    PHP counts a string's length in bytes, so the value is cut from the UTF-8
    bytes; a value that does not parse is ignored, never an error.
    """
    if not serialized or key not in serialized:
        return ""
    data = serialized.encode("utf-8", "replace")
    needle = f's:{len(key.encode())}:"{key}";s:'.encode()
    start = data.find(needle)
    if start < 0:
        return ""
    match = re.match(rb'(\d+):"', data[start + len(needle) :])
    if not match:
        return ""
    begin = start + len(needle) + match.end()
    length = int(match.group(1))
    return data[begin : begin + length].decode("utf-8", "replace").strip()
