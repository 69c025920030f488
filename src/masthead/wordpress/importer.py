"""The import: check and index the export, then write it item by item.

Pass one (wxr.scan) reads the whole file before anything is written: a
truncated or malformed export stops there, with its line number, and nothing
has been written. Pass two streams the items again and writes each post in a
transaction of its own (the article, its byline, tags, comments, read counts
and redirects together), so one bad post is reported and skipped and never
leaves half an article; the sections, authors, tags and images a post needs
are made just before, each committed on its own, so a failing post cannot
take them with it.

What maps to what, and what is left behind, is in docs/wordpress-import.md.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import ipaddress
import json
import re
import sys
import time
import uuid
from collections import Counter, OrderedDict, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.management import CommandError
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from tqdm import tqdm
from wagtail.contrib.redirects.models import Redirect
from wagtail.coreutils import find_available_slug, string_to_ascii
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from masthead.articles.models import (
    ArticleAuthor,
    ArticlePage,
    ArticleTag,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
)
from masthead.comments.models import ClosedThread, Comment
from masthead.comments.text import clean_input
from masthead.core.models import CustomImage
from masthead.discovery.models import DailyViewCount
from masthead.limits.images import check_image
from masthead.wordpress import redirects
from masthead.wordpress.content import Body, Converter, ImageRef, plain_text
from masthead.wordpress.models import ImportedItem
from masthead.wordpress.redirects import nicename, old_path
from masthead.wordpress.wxr import (
    Attachment,
    Author,
    Category,
    ExportIndex,
    ExportReader,
    Item,
    WPComment,
    scan,
    upload_path,
)

# Bump when the mapping changes, so the next run updates what this one made.
VERSION = "1"

IMPORTED, UPDATED, UNCHANGED, SKIPPED, FAILED = (
    "imported",
    "updated",
    "unchanged",
    "skipped",
    "failed",
)
OUTCOMES = (IMPORTED, UPDATED, UNCHANGED, SKIPPED, FAILED)
KINDS = (
    ("posts", "posts → articles"),
    ("images", "images"),
    ("comments", "comments"),
    ("authors", "authors"),
    ("sections", "categories → sections"),
    ("tags", "tags (and sub-categories)"),
    ("redirects", "redirects"),
    ("other", "other items"),
)

IMAGE_EXTENSIONS = {".gif", ".jpg", ".jpeg", ".png", ".webp", ".avif"}
SLUG_RE = re.compile(r"^[-\w]+$")
SLUG_LENGTH = 200
WP_SLUG_LIMIT = 200  # post_name is a varchar(200), percent-encoded
# Top-level paths Masthead itself answers: no section may take one.
RESERVED_SLUGS = {
    "admin", "api", "authors", "comments", "discovery", "documents", "feed",
    "feeds", "media", "search", "static", "tags", "_util",
}  # fmt: skip
VIEW_META = (
    "post_views_count",  # the snippet most news themes ship (Newspaper, …)
    "views",  # WP-PostViews
    "wpb_post_views_count",
    "_post_views_count",
    "post_views",
    "tie_views",  # Jannah
    "penci_post_views_count",  # Soledad
)
SUBTITLE_META = (
    "wps_subtitle",  # WP Subtitle
    "_subtitle",
    "subtitle",
    "_wp_subtitle",
    "td_subtitle",
    "sub_title",
    "post_subtitle",
)
SEO_TITLE_META = ("_yoast_wpseo_title", "rank_math_title", "_aioseo_title")
SEO_DESCRIPTION_META = (
    "_yoast_wpseo_metadesc",
    "rank_math_description",
    "_aioseo_description",
    "_aioseop_description",
)
PRIMARY_CATEGORY_META = (
    "_yoast_wpseo_primary_category",
    "rank_math_primary_category",
    "_primary_term_category",
)
# Meta we read or that only WordPress itself needs: not reported as left out.
KNOWN_META = {
    *VIEW_META,
    *SUBTITLE_META,
    *SEO_TITLE_META,
    *SEO_DESCRIPTION_META,
    *PRIMARY_CATEGORY_META,
    "_aioseop_title",
    "td_post_theme_settings",
    "_thumbnail_id",
    "_wp_old_slug",
    "_wp_old_date",
    "_yoast_wpseo_meta-robots-noindex",
    "rank_math_robots",
}
SKIPPED_TYPES = {
    "page": "pages (Masthead has no static pages: recreate them by hand)",
    "nav_menu_item": "menu items",
    "revision": "revisions",
    "wp_block": "reusable blocks",
    "guest-author": "Co-Authors Plus profiles (they become authors when credited)",
}
CONSECUTIVE_FAILURES_LIMIT = 50
INDEX_BATCH = 200
# Items share a transaction (each in a savepoint of its own) until this many
# or this long: fewer commits, and other writers are never kept waiting long.
COMMIT_ITEMS = 100
COMMIT_SECONDS = 1.0
EXAMPLES = 5


# -- the report ----------------------------------------------------------------


class Report:
    """Counts per kind and outcome, and why, with a few examples of each."""

    def __init__(self):
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.reasons: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.examples: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self.notes: Counter = Counter()  # (kind, note) → n
        self.note_examples: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.title = ""
        self.elapsed = 0.0
        self.items = 0
        self.dry_run = False
        self.extra: list[str] = []

    def add(self, kind, outcome, reason="", example="", n=1) -> None:
        if n <= 0:
            return
        self.counts[kind][outcome] += n
        if reason:
            self.reasons[(kind, outcome)][reason] += n
            examples = self.examples[(kind, outcome, reason)]
            if example and len(examples) < EXAMPLES:
                examples.append(example)

    def note(self, kind, text, example="") -> None:
        self.notes[(kind, text)] += 1
        examples = self.note_examples[(kind, text)]
        if example and len(examples) < EXAMPLES:
            examples.append(example)

    def snapshot(self):
        return copy.deepcopy(
            (self.counts, self.reasons, self.examples, self.notes, self.note_examples)
        )

    def restore(self, snapshot) -> None:
        (
            self.counts,
            self.reasons,
            self.examples,
            self.notes,
            self.note_examples,
        ) = snapshot

    def total(self, outcome: str) -> int:
        return sum(counts[outcome] for counts in self.counts.values())

    def render(self) -> str:
        lines = [self.title] if self.title else []
        if self.dry_run:
            lines.append("Dry run: nothing was written. The import would do this:")
        width = max(len(label) for _kind, label in KINDS)
        lines.append(
            f"  {'':<{width}}" + "".join(f"{outcome:>11}" for outcome in OUTCOMES)
        )
        for kind, label in KINDS:
            counts = self.counts.get(kind)
            if not counts:
                continue
            lines.append(
                f"  {label:<{width}}"
                + "".join(f"{counts[outcome]:>11,}" for outcome in OUTCOMES)
            )
        details = []
        for kind, label in KINDS:
            for outcome in OUTCOMES:
                for reason, n in self.reasons.get((kind, outcome), Counter()).items():
                    examples = self.examples.get((kind, outcome, reason), [])
                    details.append(
                        f"  {label.split(' ')[0]} {outcome}: {n:,} {reason}"
                        + (f" (e.g. {', '.join(examples)})" if examples else "")
                    )
            for (note_kind, text), n in self.notes.items():
                if note_kind == kind:
                    examples = self.note_examples.get((kind, text), [])
                    details.append(
                        f"  {label.split(' ')[0]}: {n:,} {text}"
                        + (f" (e.g. {', '.join(examples)})" if examples else "")
                    )
        if details:
            lines.append("Details:")
            lines.extend(details)
        lines.extend(self.extra)
        return "\n".join(lines)


# -- helpers -------------------------------------------------------------------


class CommitEvery:
    """A transaction that commits every `items` ticks or `seconds`, whichever
    comes first, and begins again."""

    def __init__(self, *, items: int, seconds: float):
        self.items = items
        self.seconds = seconds
        self.atomic = None

    def __enter__(self) -> CommitEvery:
        self.begin()
        return self

    def begin(self) -> None:
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.count = 0
        self.started = time.monotonic()

    def tick(self) -> None:
        self.count += 1
        if self.count >= self.items or time.monotonic() - self.started >= self.seconds:
            atomic, self.atomic = self.atomic, None
            atomic.__exit__(None, None, None)
            self.begin()

    def __exit__(self, *exc_info):
        if self.atomic is not None:
            atomic, self.atomic = self.atomic, None
            return atomic.__exit__(*exc_info)
        return False


def source_key(index: ExportIndex) -> str:
    """The exported site, as 'news.example.com/path': the same whether it
    answered on http or https, with or without www."""
    url = index.base_blog_url or index.base_site_url or index.link
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port:
        host = f"{host}:{parts.port}"
    return (host + parts.path.rstrip("/")) or index.title or str(index.path.name)


def parse_date(gmt: str, local: str) -> datetime | None:
    """WordPress's GMT date, else its local one in our time zone."""
    for value, utc in ((gmt, True), (local, False)):
        if not value or value.startswith("0000"):
            continue
        try:
            moment = datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return moment.replace(tzinfo=UTC) if utc else timezone.make_aware(moment)
    return None


def page_slug(wp_slug: str, fallback: str, default: str) -> str:
    """WordPress's slug when our page URLs can carry it, else an ASCII one.

    Wagtail's URLs take letters, digits, '-' and '_' only: a Bangla slug with
    vowel signs (which are not letters to Python) becomes its transliteration.
    """
    candidate = unquote(wp_slug or "").strip().lower()[:SLUG_LENGTH].strip("-")
    if candidate and SLUG_RE.match(candidate):
        return candidate
    if len(wp_slug or "") >= WP_SLUG_LIMIT - 10:
        # WordPress cut its (percent-encoded) slug at 200 characters, often
        # mid-word: the title gives the whole of it.
        candidate = fallback
    ascii_slug = slugify(string_to_ascii(candidate or fallback))[:SLUG_LENGTH]
    return ascii_slug.strip("-") or default


def digest(*parts) -> str:
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (
        f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__
    )


def truncate(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0]
    return cut + "…"


def clean_email(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 254:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def clean_url(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 200:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value


def clean_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def comment_text(content: str) -> str:
    """A WordPress comment (a little HTML) → the plain text our comments hold;
    a link keeps its address beside its words."""

    def link(match: re.Match) -> str:
        href, words = match.group(1), plain_text(match.group(2))
        return words if not words or href in words else f"{words} ({href})"

    text = re.sub(
        r"<a\b[^>]*\bhref=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>",
        link,
        content,
        flags=re.IGNORECASE | re.DOTALL,
    )
    text = re.sub(r"<br\s*/?>|</p>\s*<p[^>]*>", "\n", text, flags=re.IGNORECASE)
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    cleaned = [
        "\n".join(plain_text(line) for line in paragraph.split("\n"))
        for paragraph in paragraphs
    ]
    return clean_input("\n\n".join(p.strip() for p in cleaned if p.strip()))


def resolve_variables(template: str, values: dict[str, str]) -> str:
    """A Yoast or Rank Math title template → its text ('%%title%% %%sep%%
    %%sitename%%' → the headline). Unknown variables are dropped."""
    text = re.sub(
        r"%%?([a-z_]+)%%?",
        lambda m: values.get(m.group(1), ""),
        template,
    )
    text = re.sub(r"\s+", " ", text)
    return text.strip(" -|\u2013\u2014\u00b7:\u2022").strip()


class LRU(OrderedDict):
    """A dict that forgets its oldest entries past `size` (tag caches)."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)


@dataclass
class PostPlan:
    """What one post becomes, worked out before its transaction opens."""

    title: str
    slug: str
    section: SectionPage | None
    authors: list[AuthorPage]
    tags: list[Tag]
    body: Body
    standfirst: str = ""
    seo_title: str = ""
    search_description: str = ""
    no_index: bool = False
    featured_image_id: int | None = None
    featured_caption: str = ""
    live: bool = False
    scheduled_at: datetime | None = None
    first_published_at: datetime | None = None
    last_published_at: datetime | None = None
    views: int = 0
    notes: list[tuple[str, str]] = field(default_factory=list)  # (what, detail)


# -- the import ----------------------------------------------------------------


class WordPressImport:
    def __init__(
        self,
        path: Path | str,
        *,
        media_dir: Path | str | None = None,
        dry_run: bool = False,
        category_base: str = "category",
        tag_base: str = "tag",
        progress: bool = True,
        related: bool = True,
        log=None,
        before_writing=None,
    ):
        self.path = Path(path)
        self.media_dir = Path(media_dir) if media_dir else None
        self.dry_run = dry_run
        self.category_base = category_base.strip("/") or "category"
        self.tag_base = tag_base.strip("/") or "tag"
        self.progress = progress
        self.related = related
        self.log = log or (lambda line: None)
        self.verbose = log is not None
        self.before_writing = before_writing
        self.report = Report()
        self.report.dry_run = dry_run
        self.run_id = uuid.uuid4().hex
        self.sections: dict[str, SectionPage] = {}
        self.authors: dict[str, AuthorPage | None] = {}
        self.tags: LRU = LRU(20_000)
        self.images: LRU = LRU(20_000)  # (kind, wp id) → image id or None
        self.to_index: list[int] = []
        self.unknown_meta: Counter = Counter()
        self.planned: set[tuple[str, str]] = set()  # dry run: what would be made

    # -- the two passes ----------------------------------------------------------

    def run(self) -> Report:
        started = time.perf_counter()
        index = self.check()
        try:
            self.index = index
            self.source = source_key(index)
            self.report.title = (
                f"WordPress import of {index.title or self.path.name} "
                f"({self.source}), WXR {index.version}"
            )
            if self.before_writing is not None and not self.dry_run:
                paused = time.perf_counter()
                self.before_writing()
                started += time.perf_counter() - paused  # not the import's time
            self.prepare()
            self.converter = Converter(index.site_urls, self.resolve_image)
            with self.quiet_indexing():
                self.import_items()
            if not self.dry_run:
                self.site_redirects()
                if self.related:
                    self.related_stories()
                else:
                    self.report.extra.append(
                        "Related stories not computed: run `masthead manage "
                        "compute_related --missing`."
                    )
        finally:
            index.close()
        self.report.elapsed = time.perf_counter() - started
        self.report.items = index.items
        rate = index.items / self.report.elapsed if self.report.elapsed else 0
        posts = sum(self.report.counts["posts"].values())
        self.report.title += (
            f": {index.items:,} items ({posts:,} posts) in "
            f"{self.report.elapsed:.1f}s, {rate:,.0f} items/s"
        )
        if self.unknown_meta:
            common = ", ".join(
                f"{key} ({n:,})" for key, n in self.unknown_meta.most_common(8)
            )
            self.report.extra.append(f"Post meta not carried over: {common}")
        return self.report

    def check(self) -> ExportIndex:
        """Pass one: the whole file, read and indexed before any write."""
        bar = tqdm(
            desc="Checking",
            unit="B",
            unit_scale=True,
            file=sys.stderr,
            disable=None if self.progress else True,  # on a terminal only
            leave=False,
        )
        done = [0]

        def progress(reader) -> None:
            position = reader.bytes_read
            if position > done[0]:
                if bar.total is None:
                    bar.total = reader.size
                bar.update(position - done[0])
                done[0] = position

        try:
            return scan(self.path, progress=progress)
        finally:
            bar.close()

    def prepare(self) -> None:
        self.db_ready = (
            "wordpress_importeditem" in connection.introspection.table_names()
        )
        self.home = HomePage.objects.order_by("path").first() if self.db_ready else None
        if self.home is None and not self.dry_run:
            raise CommandError(
                "There is no front page: run `masthead manage migrate` first."
            )
        self.author_index = (
            AuthorIndexPage.objects.child_of(self.home).first() if self.home else None
        )
        if self.author_index is None and not self.dry_run:
            self.author_index = AuthorIndexPage(title="Authors", slug="authors")
            self.home.add_child(instance=self.author_index)
            self.author_index.save_revision().publish()

    def import_items(self) -> None:
        bar = tqdm(
            total=self.index.items,
            desc="Importing" if not self.dry_run else "Dry run",
            unit=" items",
            file=sys.stderr,
            disable=not self.progress,
        )
        failures = 0
        last_failure = ""
        try:
            with CommitEvery(items=COMMIT_ITEMS, seconds=COMMIT_SECONDS) as batch:
                for n, item in enumerate(ExportReader(self.path).items(), 1):
                    self.import_item(item, batch)
                    failures, last_failure = self.count_failures(failures, last_failure)
                    if failures >= CONSECUTIVE_FAILURES_LIMIT:
                        raise CommandError(
                            f"stopped after {failures} items in a row failed, the "
                            f"last with: {last_failure}"
                        )
                    bar.update(1)
                    if n % 25 == 0:
                        bar.set_postfix_str(self.postfix(), refresh=False)
                self.index_pages()
        finally:
            bar.set_postfix_str(self.postfix(), refresh=False)
            bar.close()

    def import_item(self, item: Item, batch: CommitEvery) -> None:
        self.failed_before = self.report.total(FAILED)
        self.handle(item)
        if len(self.to_index) >= INDEX_BATCH:
            self.index_pages()
        batch.tick()

    def count_failures(self, failures: int, last_failure: str) -> tuple[int, str]:
        if self.report.total(FAILED) > self.failed_before:
            return failures + 1, self.last_failure
        return 0, last_failure

    def postfix(self) -> str:
        posts = self.report.counts["posts"]
        return (
            f"posts {posts[IMPORTED] + posts[UPDATED]:,} · "
            f"comments {self.report.counts['comments'][IMPORTED]:,} · "
            f"images {self.report.counts['images'][IMPORTED]:,} · "
            f"failed {self.report.total(FAILED):,}"
        )

    def handle(self, item: Item) -> None:
        if item.post_type == "post":
            self.guarded("posts", item, self.handle_post)
        elif item.post_type == "attachment":
            self.guarded("images", item, self.handle_attachment)
        else:
            reason = SKIPPED_TYPES.get(item.post_type, f"of type {item.post_type!r}")
            self.report.add("other", SKIPPED, reason, str(item.post_id))

    def guarded(self, kind: str, item: Item, handler) -> None:
        """Run one item's handler in a savepoint: a failure undoes everything
        the item did (the sections, tags and images it made too) and is that
        item's alone."""
        self.new_files: list[str] = []
        snapshot = self.report.snapshot()
        try:
            with transaction.atomic():
                handler(item)
        except Exception as exc:
            self.forget_item(snapshot)
            self.last_failure = first_line(exc)
            self.report.add(kind, FAILED, self.last_failure, str(item.post_id))
            self.log(f"{kind[:-1]} {item.post_id}: failed: {self.last_failure}")
            if kind == "posts":
                self.report.add(
                    "comments", SKIPPED, "their post failed", n=len(item.comments)
                )

    def forget_item(self, snapshot) -> None:
        """After a failed item: its counts, files and cached objects go."""
        self.report.restore(snapshot)
        storage = CustomImage._meta.get_field("file").storage
        for name in self.new_files:
            with contextlib.suppress(OSError):
                storage.delete(name)
        self.new_files = []
        for cache in (self.sections, self.authors, self.tags, self.images):
            cache.clear()
        self.to_index = [
            pk for pk in self.to_index if ArticlePage.objects.filter(pk=pk).exists()
        ]

    @contextlib.contextmanager
    def quiet_indexing(self):
        """Articles go into the search and reference indexes in batches
        (index_pages), not on each of their saves."""
        from modelsearch.signal_handlers import post_save_signal_handler

        was_connected = post_save.disconnect(
            post_save_signal_handler, sender=ArticlePage
        )
        try:
            with disable_reference_index_auto_update():
                yield
        finally:
            if was_connected:
                post_save.connect(post_save_signal_handler, sender=ArticlePage)

    def index_pages(self) -> None:
        ids, self.to_index = self.to_index, []
        if not ids or self.dry_run:
            return
        pages = list(ArticlePage.get_indexed_objects().filter(pk__in=ids))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(ArticlePage, pages)
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)

    # -- the mapping ---------------------------------------------------------------

    def mapping(self, kind: str, wp_id) -> ImportedItem | None:
        if not self.db_ready:
            return None
        return ImportedItem.objects.filter(
            source=self.source, kind=kind, wp_id=str(wp_id)
        ).first()

    def remember(self, kind: str, wp_id, object_id, fingerprint="", note="") -> None:
        now = timezone.now()
        ImportedItem.objects.update_or_create(
            source=self.source,
            kind=kind,
            wp_id=str(wp_id),
            defaults={
                "object_id": object_id,
                "fingerprint": fingerprint,
                "note": note[:300],
                "run": self.run_id,
                "updated_at": now,
            },
            create_defaults={
                "object_id": object_id,
                "fingerprint": fingerprint,
                "note": note[:300],
                "run": self.run_id,
                "imported_at": now,
                "updated_at": now,
            },
        )

    # -- posts -------------------------------------------------------------------

    def handle_post(self, item: Item) -> None:
        label = f"{item.post_id}"
        if item.status in ("trash", "auto-draft", "inherit"):
            reason = "in the trash" if item.status == "trash" else f"{item.status}s"
            self.report.add("posts", SKIPPED, reason, label)
            self.report.add(
                "comments", SKIPPED, "their post was not imported", n=len(item.comments)
            )
            return
        if not item.post_id:
            raise ValueError("the item has no wp:post_id")
        fingerprint = digest(VERSION, asdict(item), bool(self.media_dir))
        row = self.mapping(ImportedItem.POST, item.post_id)
        existing = None
        if row is not None:
            existing = ArticlePage.objects.filter(pk=row.object_id).first()
            if existing is None:
                self.report.add(
                    "posts",
                    SKIPPED,
                    "deleted in Masthead after an earlier import (left deleted)",
                    label,
                )
                return
            if row.fingerprint == fingerprint:
                self.report.add("posts", UNCHANGED)
                for comment in item.comments:
                    status, reason = self.comment_outcome(comment)
                    if status is None:
                        self.report.add("comments", SKIPPED, reason, str(comment.id))
                    else:
                        self.report.add("comments", UNCHANGED)
                return
        plan = self.plan(item)
        outcome = UPDATED if existing is not None else IMPORTED
        for text, detail in plan.notes:
            self.report.note("posts", text, f"{label}: {detail}" if detail else label)
        if self.dry_run:
            self.report.add("posts", outcome)
            self.dry_run_comments(item)
            return
        with transaction.atomic():
            page = self.save_page(item, plan, existing)
            self.save_comments(item, page)
            self.save_extras(item, plan, page)
            self.remember(ImportedItem.POST, item.post_id, page.pk, fingerprint)
        self.to_index.append(page.pk)
        self.report.add("posts", outcome)
        if self.verbose:
            self.log(f"post {item.post_id}: {outcome} → {page.url or page.url_path}")

    def plan(self, item: Item) -> PostPlan:
        title = plain_text(item.title)[:255]
        notes: list[tuple[str, str]] = []
        if not title:
            title = f"Untitled (WordPress post {item.post_id})"
            notes.append(("had no title: given one", ""))
        section, category_tags = self.section_for(item)
        authors = [a for a in self.authors_for(item) if a is not None]
        tags = [self.tag(t.slug, t.name) for t in item.terms_in("post_tag") if t.slug]
        tags += category_tags
        unique_tags = list({tag.pk: tag for tag in tags if tag is not None}.values())

        self.post_notes = notes
        body = self.converter.convert(item.content)
        notes.extend(body.notes)

        excerpt = plain_text(item.excerpt)
        subtitle = item.meta_value(*SUBTITLE_META) or _theme_subtitle(item)
        subtitle = plain_text(subtitle)
        standfirst = truncate(subtitle or excerpt, 500)
        description = plain_text(item.meta_value(*SEO_DESCRIPTION_META))
        if not description and subtitle and excerpt:
            description = excerpt
        seo_title = self.seo_title(item, title, section, excerpt)
        robots = item.meta_value("rank_math_robots")
        no_index = item.meta_value("_yoast_wpseo_meta-robots-noindex") == "1" or (
            "noindex" in robots
        )

        featured_id, featured_caption = None, ""
        thumbnail = item.meta_value("_thumbnail_id")
        if thumbnail.isdigit():
            featured_id = self.image_for_attachment(int(thumbnail))
            attachment = self.index.attachments.get(int(thumbnail))
            if attachment is not None:
                featured_caption = truncate(plain_text(attachment.caption), 300)

        date = parse_date(item.date_gmt, item.date)
        modified = parse_date(item.modified_gmt, item.modified)
        status = item.status
        plan = PostPlan(
            title=title,
            slug=page_slug(item.name, title, f"post-{item.post_id}"),
            section=section,
            authors=authors,
            tags=unique_tags,
            body=body,
            standfirst=standfirst,
            seo_title=seo_title,
            search_description=description,
            no_index=no_index,
            featured_image_id=featured_id,
            featured_caption=featured_caption,
            notes=notes,
        )
        if status == "publish" and item.password:
            notes.append(("password-protected on the old site: imported as drafts", ""))
        elif status == "publish":
            plan.live = True
            plan.first_published_at = date or modified or timezone.now()
            plan.last_published_at = max(
                modified or plan.first_published_at, plan.first_published_at
            )
        elif status == "future":
            plan.scheduled_at = date or timezone.now()
            if plan.scheduled_at <= timezone.now():
                notes.append(
                    ("scheduled for a time now past: the worker publishes them", "")
                )
        elif status == "private":
            notes.append(("private on the old site: imported as drafts", ""))
        elif status not in ("draft", "pending"):
            notes.append((f"with status {status!r}: imported as drafts", ""))
        plan.views = self.views(item)
        for key, _value in item.meta:
            if key and not key.startswith("_") and key not in KNOWN_META:
                self.unknown_meta[key] += 1
        return plan

    def seo_title(self, item, title, section, excerpt) -> str:
        raw = item.meta_value(*SEO_TITLE_META, "_aioseop_title")
        if not raw:
            return ""
        values = {
            "title": title,
            "excerpt": excerpt,
            "category": section.title if section else "",
            "primary_category": section.title if section else "",
        }
        text = resolve_variables(plain_text(raw), values)[:255]
        return "" if text == title else text

    def views(self, item: Item) -> int:
        for key in VIEW_META:
            raw = item.meta_value(key).replace(",", "")
            if raw.isdigit():
                return int(raw)
        return 0

    def save_page(self, item: Item, plan: PostPlan, page: ArticlePage | None):
        section = plan.section
        if page is not None and page.get_parent().pk != section.pk:
            page.move(section, pos="last-child")
            page = ArticlePage.objects.get(pk=page.pk)
        new = page is None
        if new:
            page = ArticlePage()
            page.slug = find_available_slug(section, plan.slug)
        elif not (page.slug == plan.slug or page.slug.startswith(f"{plan.slug}-")):
            page.slug = find_available_slug(section, plan.slug, ignore_page_id=page.pk)
        page.title = page.draft_title = plan.title
        page.standfirst = plan.standfirst
        page.seo_title = plan.seo_title
        page.search_description = plan.search_description
        page.no_index = plan.no_index
        page.body = plan.body.blocks
        page.featured_image_id = plan.featured_image_id
        page.featured_image_caption = plan.featured_caption
        page.byline_authors = [
            ArticleAuthor(author=author, sort_order=n)
            for n, author in enumerate(plan.authors)
        ]
        page.tagged_items = [ArticleTag(tag=tag) for tag in plan.tags]
        page.go_live_at = plan.scheduled_at
        if plan.live:
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = plan.first_published_at
            page.last_published_at = plan.last_published_at
            page.latest_revision_created_at = plan.last_published_at
        else:
            page.live = False
            page.has_unpublished_changes = True
        if new:
            section.add_child(instance=page)
        else:
            page.save()
        if not new:
            # A schedule the old site has since dropped must not fire here.
            page.revisions.exclude(approved_go_live_at=None).update(
                approved_go_live_at=None
            )
        if plan.scheduled_at is not None:
            page.save_revision(approved_go_live_at=plan.scheduled_at, clean=False)
        return page

    def save_extras(self, item: Item, plan: PostPlan, page: ArticlePage) -> None:
        if item.comment_status == "closed":
            ClosedThread.objects.get_or_create(
                article=page,
                defaults={"reason": "Comments were closed on the old site."},
            )
        if plan.views and plan.live:
            day = timezone.localdate(plan.first_published_at)
            DailyViewCount.objects.update_or_create(
                article=page, day=day, defaults={"views": plan.views}
            )
        if plan.live:
            self.post_redirects(item, page)

    def post_redirects(self, item: Item, page: ArticlePage) -> None:
        link = old_path(item.link)
        paths = [f"/?p={item.post_id}"]
        if link and "?" not in link:
            paths.append(link)
            current = item.name.strip()
            for old_slug in item.meta_values("_wp_old_slug"):
                if current and f"/{current}" in link:
                    paths.append(link.replace(f"/{current}", f"/{old_slug.strip()}", 1))
        for attachment in self.index.attachments.children(item.post_id):
            attachment_link = old_path(attachment.link)
            if attachment_link and attachment_link != link:
                paths.append(attachment_link)
            paths.append(f"/?attachment_id={attachment.id}")
        self.redirects([(path, page, "") for path in paths])

    # -- comments ------------------------------------------------------------------

    def comment_outcome(self, comment: WPComment) -> tuple[str | None, str]:
        """Our status for a WordPress comment, or None and why it is skipped."""
        if comment.type in ("pingback", "trackback"):
            return None, "pingbacks and trackbacks"
        approved = comment.approved.strip().lower()
        if approved in ("1", "approve", "approved"):
            return Comment.APPROVED, ""
        if approved in ("0", "hold", "unapproved"):
            return Comment.PENDING, ""
        if approved == "spam":
            return None, "spam (not carried over)"
        if approved in ("trash", "post-trashed"):
            return None, "in the trash"
        return None, f"with status {approved!r}"

    def dry_run_comments(self, item: Item) -> None:
        for comment in item.comments:
            status, reason = self.comment_outcome(comment)
            if status is None:
                self.report.add("comments", SKIPPED, reason, str(comment.id))
            else:
                self.report.add("comments", IMPORTED)

    def save_comments(self, item: Item, page: ArticlePage) -> None:
        if not item.comments:
            return
        comments = sorted(item.comments, key=lambda c: c.id)
        parent_of = {c.id: c.parent for c in comments}
        rows = {
            row.wp_id: row
            for row in ImportedItem.objects.filter(
                source=self.source,
                kind=ImportedItem.COMMENT,
                wp_id__in=[str(c.id) for c in comments],
            )
        }
        existing = Comment.objects.in_bulk(
            [row.object_id for row in rows.values() if row.object_id]
        )
        ours: dict[int, Comment] = {}  # WordPress id → our comment
        depth: dict[int, int] = {}
        by_depth: dict[int, list[tuple[WPComment, Comment]]] = defaultdict(list)
        changed: list[Comment] = []
        fields = ("name", "email", "website", "text", "status", "ip_address")
        fields += ("created_at", "approved_at", "held_because", "article")
        for wp in comments:
            status, reason = self.comment_outcome(wp)
            if status is None:
                self.report.add("comments", SKIPPED, reason, str(wp.id))
                continue
            parent_id = wp.parent
            seen: set[int] = set()
            while parent_id and parent_id not in ours and parent_id not in seen:
                seen.add(parent_id)  # a skipped parent: reply to its parent
                parent_id = parent_of.get(parent_id, 0)
            parent = ours.get(parent_id)
            created = parse_date(wp.date_gmt, wp.date) or page.first_published_at
            created = created or timezone.now()
            values = {
                "article": page,
                "name": truncate(plain_text(wp.author) or "Anonymous", 80),
                "email": clean_email(wp.email),
                "website": clean_url(wp.url),
                "text": comment_text(wp.content) or "…",
                "status": status,
                "ip_address": clean_ip(wp.ip),
                "created_at": created,
                "approved_at": created if status == Comment.APPROVED else None,
                "held_because": "pending on the old site"
                if status == Comment.PENDING
                else "",
            }
            row = rows.get(str(wp.id))
            comment = existing.get(row.object_id) if row and row.object_id else None
            if comment is not None:
                differs = any(getattr(comment, k) != v for k, v in values.items())
                for key, value in values.items():
                    setattr(comment, key, value)
                if differs:
                    changed.append(comment)
                self.report.add("comments", UPDATED if differs else UNCHANGED)
                ours[wp.id] = comment
                depth[wp.id] = comment.depth
                continue
            comment = Comment(**values)
            comment.parent = parent
            level = depth[parent_id] + 1 if parent is not None else 1
            comment.depth = level
            depth[wp.id] = level
            ours[wp.id] = comment
            by_depth[level].append((wp, comment))
        if changed:
            Comment.objects.bulk_update(changed, fields)
        if not connection.features.can_return_rows_from_bulk_insert:
            raise RuntimeError("the database cannot return ids from a bulk insert")
        now = timezone.now()
        for level in sorted(by_depth):
            pairs = by_depth[level]
            for _wp, comment in pairs:
                if comment.parent is not None:
                    comment.parent_id = comment.parent.pk
            Comment.objects.bulk_create([comment for _wp, comment in pairs])
            ImportedItem.objects.bulk_create(
                [
                    ImportedItem(
                        source=self.source,
                        kind=ImportedItem.COMMENT,
                        wp_id=str(wp.id),
                        object_id=comment.pk,
                        run=self.run_id,
                        imported_at=now,
                        updated_at=now,
                    )
                    for wp, comment in pairs
                ],
                update_conflicts=True,
                unique_fields=["source", "kind", "wp_id"],
                update_fields=["object_id", "run", "updated_at"],
            )
            self.report.add("comments", IMPORTED, n=len(pairs))

    # -- sections, authors and tags --------------------------------------------------

    def section_for(self, item: Item) -> tuple[SectionPage | None, list[Tag]]:
        """The story's section (its main category's top-level ancestor) and
        tags for its other categories (sub-categories and any others)."""
        categories = [t for t in item.terms_in("category") if t.slug]
        primary = None
        primary_id = item.meta_value(*PRIMARY_CATEGORY_META)
        if primary_id.isdigit():
            primary = next(
                (
                    c
                    for c in categories
                    if self.index.categories.get(c.slug)
                    and self.index.categories[c.slug].term_id == int(primary_id)
                ),
                None,
            )
        primary = primary or (categories[0] if categories else None)
        if primary is None:
            fallback = self.index.categories.get("uncategorized")
            chain = [fallback] if fallback else [Category(slug="news", name="News")]
        else:
            chain = self.index.category_chain(primary.slug) or [
                Category(slug=primary.slug, name=primary.name)
            ]
        top = chain[0]
        section = self.section(top)
        tags: list[Tag] = []
        for term in categories:
            for category in self.index.category_chain(term.slug) or [
                Category(slug=term.slug, name=term.name)
            ]:
                if category.slug != top.slug:
                    tag = self.category_tag(category)
                    if tag is not None:
                        tags.append(tag)
        return section, tags

    def category_path(self, category: Category) -> str:
        slugs = [c.slug for c in self.index.category_chain(category.slug)]
        return "/".join(slugs or [category.slug])

    def section(self, category: Category) -> SectionPage | None:
        if category.slug in self.sections:
            return self.sections[category.slug]
        row = self.mapping(ImportedItem.CATEGORY, category.slug)
        section = None
        if row is not None and row.object_id:
            section = SectionPage.objects.filter(pk=row.object_id).first()
        if section is None and self.home is not None:
            name = plain_text(category.name) or category.slug
            wanted = page_slug(category.slug, name, "news")
            section = (
                SectionPage.objects.child_of(self.home).filter(slug=wanted).first()
                or SectionPage.objects.child_of(self.home)
                .filter(title__iexact=name)
                .first()
            )
            if section is not None:
                self.report.add("sections", UNCHANGED, "matched an existing section")
            elif self.dry_run:
                if ("section", category.slug) not in self.planned:
                    self.planned.add(("section", category.slug))
                    self.report.add("sections", IMPORTED)
                return None
            else:
                if wanted in RESERVED_SLUGS:
                    wanted = f"{wanted}-news"
                with transaction.atomic():
                    section = SectionPage(
                        title=name[:255],
                        slug=find_available_slug(self.home, wanted),
                        intro=plain_text(category.description),
                    )
                    self.home.add_child(instance=section)
                    section.save_revision().publish()
                self.report.add("sections", IMPORTED)
            if not self.dry_run:
                self.remember(ImportedItem.CATEGORY, category.slug, section.pk)
                self.category_redirects(
                    category, page=section, feed_kind="section", slug=section.slug
                )
        elif section is None:  # dry run on an empty database
            if ("section", category.slug) not in self.planned:
                self.planned.add(("section", category.slug))
                self.report.add("sections", IMPORTED)
            return None
        self.sections[category.slug] = section
        return section

    def category_redirects(self, category, *, page=None, link="", feed_kind, slug):
        wanted = []
        for base in dict.fromkeys([self.category_path(category), category.slug]):
            wanted.append((f"/{self.category_base}/{base}/", page, link))
            feed = f"/feeds/{feed_kind}/{slug}/"
            wanted.append((f"/{self.category_base}/{base}/feed/", None, feed))
        if category.term_id:
            wanted.append((f"/?cat={category.term_id}", page, link))
        self.redirects(wanted)

    def category_tag(self, category: Category) -> Tag | None:
        key = ("category", category.slug)
        if key in self.tags:
            return self.tags[key]
        row = self.mapping(ImportedItem.CATEGORY_TAG, category.slug)
        tag = (
            Tag.objects.filter(pk=row.object_id).first()
            if row and row.object_id
            else None
        )
        if tag is None:
            tag = self.find_or_make_tag(category.slug, plain_text(category.name))
            if tag is not None and not self.dry_run:
                self.remember(ImportedItem.CATEGORY_TAG, category.slug, tag.pk)
                is_section = self.mapping(ImportedItem.CATEGORY, category.slug)
                if is_section is None:
                    self.category_redirects(
                        category,
                        link=f"/tags/{tag.slug}/",
                        feed_kind="tag",
                        slug=tag.slug,
                    )
        self.tags[key] = tag
        return tag

    def tag(self, slug: str, name: str) -> Tag | None:
        key = ("tag", slug)
        if key in self.tags:
            return self.tags[key]
        row = self.mapping(ImportedItem.TAG, slug)
        tag = (
            Tag.objects.filter(pk=row.object_id).first()
            if row and row.object_id
            else None
        )
        if tag is None:
            tag = self.find_or_make_tag(slug, plain_text(name) or unquote(slug))
            if tag is not None and not self.dry_run:
                self.remember(ImportedItem.TAG, slug, tag.pk)
                archive = f"/tags/{tag.slug}/"
                self.redirects(
                    [
                        (f"/{self.tag_base}/{slug}/", None, archive),
                        (
                            f"/{self.tag_base}/{slug}/feed/",
                            None,
                            f"/feeds/tag/{tag.slug}/",
                        ),
                        (f"/?tag={slug}", None, archive),
                    ]
                )
        self.tags[key] = tag
        return tag

    def find_or_make_tag(self, wp_slug: str, name: str) -> Tag | None:
        name = name[:100] or unquote(wp_slug)[:100]
        if not name:
            return None
        existing = (
            Tag.objects.filter(name__iexact=name).first() if self.db_ready else None
        )
        if existing is not None:
            return existing
        if self.dry_run:
            if ("tag", name.lower()) not in self.planned:
                self.planned.add(("tag", name.lower()))
                self.report.add("tags", IMPORTED)
            return None
        slug = unquote(wp_slug).strip().lower()[:100]
        if not slug or "/" in slug or Tag.objects.filter(slug=slug).exists():
            slug = ""  # taggit makes one from the name
        with transaction.atomic():
            tag = Tag(name=name, slug=slug) if slug else Tag(name=name)
            tag.save()
        self.report.add("tags", IMPORTED)
        return tag

    def authors_for(self, item: Item) -> list[AuthorPage | None]:
        """The byline: Co-Authors Plus's authors if the post has them (its
        author first), else the post's author."""
        logins = []
        creator = item.creator.strip()
        coauthors = []
        for term in item.terms_in("author"):
            login = term.name if self.index.author(term.name) else term.slug
            login = (
                login.removeprefix("cap-") if not self.index.author(login) else login
            )
            coauthors.append(login)
        if coauthors:
            logins = ([creator] if creator in coauthors else []) + coauthors
        elif creator:
            logins = [creator]
        return [self.author(login) for login in dict.fromkeys(logins) if login]

    def author(self, login: str) -> AuthorPage | None:
        if login in self.authors:
            return self.authors[login]
        row = self.mapping(ImportedItem.AUTHOR, login)
        page = None
        if row is not None and row.object_id:
            page = AuthorPage.objects.filter(pk=row.object_id).first()
        if page is None:
            person = self.index.author(login) or Author(login=login)
            name = plain_text(person.name)[:255] or login
            if self.author_index is not None:
                page = (
                    AuthorPage.objects.child_of(self.author_index)
                    .filter(title__iexact=name)
                    .first()
                )
            if page is not None:
                self.report.add("authors", UNCHANGED, "matched an existing author page")
            elif self.dry_run:
                if ("author", login) not in self.planned:
                    self.planned.add(("author", login))
                    self.report.add("authors", IMPORTED)
                self.authors[login] = None
                return None
            else:
                bio = plain_text(person.description)
                with transaction.atomic():
                    page = AuthorPage(
                        title=name,
                        slug=find_available_slug(
                            self.author_index,
                            page_slug(nicename(login), name, "author"),
                        ),
                        bio=f"<p>{bio}</p>" if bio else "",
                    )
                    self.author_index.add_child(instance=page)
                    page.save_revision().publish()
                self.report.add("authors", IMPORTED)
            if not self.dry_run:
                self.remember(ImportedItem.AUTHOR, login, page.pk)
                wanted = []
                for name_in_url in dict.fromkeys([nicename(login), login.lower()]):
                    if name_in_url and "/" not in name_in_url:
                        feed = f"/feeds/author/{page.slug}/"
                        wanted.append((f"/author/{name_in_url}/", page, ""))
                        wanted.append((f"/author/{name_in_url}/feed/", None, feed))
                if person.id:
                    wanted.append((f"/?author={person.id}", page, ""))
                self.redirects(wanted)
        self.authors[login] = page
        return page

    # -- images ---------------------------------------------------------------------

    def handle_attachment(self, item: Item) -> None:
        attachment = self.index.attachments.get(item.post_id)
        if attachment is None:
            raise ValueError("the attachment is missing from the first pass")
        key = (ImportedItem.ATTACHMENT, str(attachment.id))
        if key in self.images:
            return  # imported already in this run, for a post that showed it
        row = self.mapping(ImportedItem.ATTACHMENT, attachment.id)
        if row is not None and row.run == self.run_id:
            return
        self.import_image(ImportedItem.ATTACHMENT, str(attachment.id), attachment, row)

    def resolve_image(self, ref: ImageRef) -> int | None:
        """An image in a post's body → our image's id (importing it if need be)."""
        if ref.attachment_id:
            image_id = self.image_for_attachment(ref.attachment_id, note=False)
            if image_id is not None:
                return image_id
        if ref.src:
            return self.image_for_src(ref.src)
        if ref.attachment_id:
            self.post_notes.append(("images not available", str(ref.attachment_id)))
        return None

    def image_for_attachment(self, attachment_id: int, note: bool = True) -> int | None:
        key = (ImportedItem.ATTACHMENT, str(attachment_id))
        attachment = self.index.attachments.get(attachment_id)
        if key in self.images:
            if self.images[key] is None and note:
                where = attachment.path if attachment else f"attachment {attachment_id}"
                self.post_notes.append(("images missing", where))
            return self.images[key]
        row = self.mapping(ImportedItem.ATTACHMENT, attachment_id)
        if attachment is None:
            if row is not None and row.object_id:
                self.images[key] = row.object_id
                return row.object_id
            if note:
                self.post_notes.append(
                    ("images not in the export", f"attachment {attachment_id}")
                )
            return None
        image_id = self.image_for_post(
            ImportedItem.ATTACHMENT, str(attachment_id), attachment, row
        )
        if image_id is None and note:
            self.post_notes.append(
                ("images missing", attachment.path or attachment.url)
            )
        return image_id

    def image_for_src(self, src: str) -> int | None:
        path = upload_path(src)
        if not path:
            host = urlsplit(src).hostname or src[:40]
            self.post_notes.append(("images from other sites left out", host))
            return None
        candidates = [path, re.sub(r"-\d+x\d+(?=\.\w+$)", "", path)]
        candidates.append(re.sub(r"(\.\w+)$", r"-scaled\1", candidates[1]))
        for candidate in dict.fromkeys(candidates):
            attachment = self.index.attachments.by_path(candidate)
            if attachment is not None:
                image_id = self.image_for_attachment(attachment.id, note=False)
                if image_id is None:
                    self.post_notes.append(("images missing", attachment.path))
                return image_id
        # A file the post shows without an attachment item: import it as is.
        path = candidates[1] if self.file_for(candidates[1]) else path
        key = (ImportedItem.UPLOAD, path)
        if key in self.images:
            return self.images[key]
        row = self.mapping(ImportedItem.UPLOAD, path)
        stand_in = Attachment(path=path, url=src, title=Path(path).stem)
        image_id = self.image_for_post(ImportedItem.UPLOAD, path, stand_in, row)
        if image_id is None:
            self.post_notes.append(("images missing", path))
        return image_id

    def image_for_post(self, kind, wp_id, attachment, row) -> int | None:
        """import_image for a post's sake: a broken image is reported and left
        out, and the post goes on without it."""
        try:
            return self.import_image(kind, wp_id, attachment, row)
        except Exception as exc:
            self.last_failure = first_line(exc)  # for the failures-in-a-row stop
            self.report.add(
                "images", FAILED, self.last_failure, attachment.path or wp_id
            )
            self.images[(kind, wp_id)] = None
            return None

    def file_for(self, path: str) -> Path | None:
        if not self.media_dir or not path:
            return None
        candidate = (self.media_dir / path).resolve()
        try:
            candidate.relative_to(self.media_dir.resolve())
        except ValueError:
            return None  # ../ in a path from the export: not ours to read
        return candidate if candidate.is_file() else None

    def import_image(self, kind, wp_id, attachment: Attachment, row) -> int | None:
        key = (kind, wp_id)
        if row is not None and row.object_id:
            image_id = (
                CustomImage.objects.filter(pk=row.object_id)
                .values_list("pk", flat=True)
                .first()
            )
            if image_id is not None:
                fingerprint = digest(VERSION, asdict(attachment))
                if row.fingerprint != fingerprint and not self.dry_run:
                    self.update_image(image_id, attachment)
                    self.remember(kind, wp_id, image_id, fingerprint)
                    self.report.add("images", UPDATED)
                elif row.run != self.run_id:
                    self.report.add("images", UNCHANGED)
                    if not self.dry_run:
                        ImportedItem.objects.filter(pk=row.pk).update(run=self.run_id)
                self.images[key] = image_id
                return image_id
        label = attachment.path or attachment.url or wp_id
        suffix = Path(attachment.path or urlsplit(attachment.url).path).suffix.lower()
        if suffix not in IMAGE_EXTENSIONS:
            self.report.add(
                "images",
                SKIPPED,
                f"not an image we keep ({suffix or 'no extension'})",
                label,
            )
            self.images[key] = None
            return None
        source = self.file_for(attachment.path)
        if source is None:
            reason = (
                "missing: no --media-dir given"
                if self.media_dir is None
                else "missing: not in the media folder"
            )
            self.report.add("images", SKIPPED, reason, label)
            if not self.dry_run:
                self.remember(kind, wp_id, None, "", note=f"{reason}: {label}")
            self.images[key] = None
            return None
        if self.dry_run:
            self.report.add("images", IMPORTED)
            self.images[key] = -1
            return -1
        image = None
        try:
            with transaction.atomic():
                with source.open("rb") as handle:
                    # The upload form's checks: type, size, pixels.
                    check_image(handle, source.name)
                    image = CustomImage(
                        title=(plain_text(attachment.title) or source.stem)[:255],
                        description=plain_text(attachment.alt)[:255],
                        credit=plain_text(attachment.credit)[:255],
                        file=ImageFile(handle, name=source.name),
                    )
                    image._set_image_file_metadata()
                    image.save()
                fingerprint = digest(VERSION, asdict(attachment))
                self.remember(kind, wp_id, image.pk, fingerprint)
                uploaded = old_path(attachment.url) if attachment.url else ""
                if "/wp-content/uploads/" in uploaded:
                    self.redirect(uploaded, link=image.file.url)
        except BaseException:
            # The row is rolled back; a file already stored must go with it.
            stored = image.file.name if image is not None and image.file else ""
            if (
                stored
                and stored != source.name
                and stored.startswith("original_images/")
            ):
                with contextlib.suppress(OSError):
                    image.file.storage.delete(stored)
            raise
        self.new_files.append(image.file.name)
        self.report.add("images", IMPORTED)
        self.images[key] = image.pk
        return image.pk

    def update_image(self, image_id: int, attachment: Attachment) -> None:
        CustomImage.objects.filter(pk=image_id).update(
            title=(plain_text(attachment.title) or Path(attachment.path).stem)[:255],
            description=plain_text(attachment.alt)[:255],
            credit=plain_text(attachment.credit)[:255],
        )

    # -- redirects --------------------------------------------------------------------

    def redirect(self, old: str, *, page: Page | None = None, link: str = "") -> None:
        self.redirects([(old, page, link)])

    def redirects(self, wanted: list[tuple[str, Page | None, str]]) -> None:
        """Old paths → a page (followed if it moves later) or a fixed link,
        stored as Wagtail redirects: a few queries for the lot."""
        if self.dry_run:
            return
        targets: dict[str, tuple[Page | None, str]] = {}
        for old, page, link in wanted:
            path = redirects.normalise(old)
            if len(path) > 255:
                self.report.add(
                    "redirects", SKIPPED, "old address over 255 characters", old[:60]
                )
                continue
            if path in ("/", ""):
                continue
            if page is not None:
                current = page.get_url()
                if current and redirects.normalise(current) == path:
                    continue  # the new address is the old one
            targets[path] = (page, "" if page is not None else link)
        if not targets:
            return
        existing = {
            redirect.old_path: redirect
            for redirect in Redirect.objects.filter(site=None, old_path__in=targets)
        }
        new = []
        for path, (page, link) in targets.items():
            redirect = existing.get(path)
            if redirect is None:
                new.append(
                    Redirect(
                        site=None,
                        old_path=path,
                        is_permanent=True,
                        redirect_page=page,
                        redirect_link=link,
                    )
                )
            elif (
                redirect.redirect_page_id == (page.pk if page is not None else None)
                and redirect.redirect_link == link
                and redirect.is_permanent
            ):
                self.report.add("redirects", UNCHANGED)
            else:
                redirect.redirect_page = page
                redirect.redirect_link = link
                redirect.is_permanent = True
                redirect.save()
                self.report.add("redirects", UPDATED)
        # No signals: a redirect only answers requests that were 404s, which
        # no cache keeps.
        Redirect.objects.bulk_create(new)
        self.report.add("redirects", IMPORTED, n=len(new))

    def site_redirects(self) -> None:
        """The whole site's feeds in WordPress's other formats."""
        for old in ("/feed/rss2/", "/feed/rss/", "/feed/rdf/", "/rss/"):
            self.redirect(old, link="/feed/")

    # -- after ------------------------------------------------------------------------

    def related_stories(self) -> None:
        """Each live story's "You may also like", computed once all are in."""
        from masthead.discovery.related import compute_related, forget_rendered_lists

        ids = list(
            ArticlePage.objects.live()
            .filter(
                pk__in=ImportedItem.objects.filter(
                    source=self.source, kind=ImportedItem.POST, run=self.run_id
                ).values("object_id")
            )
            .values_list("pk", flat=True)
        )
        if not ids:
            return
        started = time.perf_counter()
        for pk in tqdm(
            ids,
            desc="Related stories",
            unit=" stories",
            file=sys.stderr,
            disable=not self.progress,
        ):
            compute_related(pk)
        forget_rendered_lists()
        self.report.extra.append(
            f"Related stories computed for {len(ids):,} live stories in "
            f"{time.perf_counter() - started:.1f}s."
        )


def _theme_subtitle(item: Item) -> str:
    """The Newspaper theme keeps its subtitle inside a serialised array."""
    from masthead.wordpress.wxr import php_string

    return php_string(item.meta_value("td_post_theme_settings"), "td_subtitle")
