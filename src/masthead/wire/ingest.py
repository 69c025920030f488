"""Taking agency stories in: sources → documents → stories → draft articles.

Each story is written in a transaction of its own: it is drafted whole or not
at all, and one bad story does not stop the rest. Drafts live under the
source's section, unpublished, until an editor publishes them from the queue
(docs/wire.md).
"""

import io
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.utils.file import hash_filelike

from masthead.articles.models import ArticlePage, SectionPage
from masthead.core.models import CustomImage
from masthead.wire.fetch import (
    MAX_DOCUMENT_BYTES,
    FetchError,
    Origin,
    fetch_url,
    load_image,
    read_file,
)
from masthead.wire.formats import WireFormatError, WireStory, parse_document
from masthead.wire.models import WireItem, WireSource
from masthead.wire.text import body_blocks, split_dateline

logger = logging.getLogger(__name__)

NEW, UPDATED, UNCHANGED, SKIPPED, FAILED = (
    "new",
    "updated",
    "unchanged",
    "skipped",
    "failed",
)
STATUSES = (NEW, UPDATED, UNCHANGED, SKIPPED, FAILED)
DOCUMENT_SUFFIXES = (".xml", ".rss", ".atom", ".nitf")


@dataclass
class Outcome:
    status: str
    label: str  # the story's headline or id, or the file's name
    reason: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, status: str, label: str, reason: str = "") -> None:
        self.outcomes.append(Outcome(status, label, reason))

    @property
    def counts(self) -> Counter:
        return Counter(outcome.status for outcome in self.outcomes)

    def summary(self) -> str:
        counts = self.counts
        return ", ".join(f"{counts[status]} {status}" for status in STATUSES)


class SourceError(Exception):
    """The source as a whole cannot be read (no section, folder missing…)."""


def ingest_source(
    source: WireSource, paths: list[Path] | None = None, report: Report | None = None
) -> Report:
    """Ingest a source's feed or folder (or the given files, credited to it)."""
    report = report if report is not None else Report()
    try:
        section = target_section(source)
        for label, content, origin in documents(source, paths, report):
            ingest_document(source, section, label, content, origin, report)
    except SourceError as exc:
        report.add(FAILED, source.name, str(exc))
    WireSource.objects.filter(pk=source.pk).update(
        last_run_at=timezone.now(), last_result=report.summary()[:300]
    )
    return report


def target_section(source: WireSource) -> SectionPage:
    if source.section_id is None:
        raise SourceError(
            f"the source {source.name!r} has no section: choose one in Wire → Sources"
        )
    return SectionPage.objects.get(pk=source.section_id)


def documents(source: WireSource, paths: list[Path] | None, report: Report):
    """(label, bytes, origin) for each document; unreadable ones are reported."""
    if paths is None and source.kind == WireSource.FEED:
        try:
            yield (
                source.url,
                fetch_url(source.url, MAX_DOCUMENT_BYTES),
                Origin(url=source.url),
            )
        except FetchError as exc:
            raise SourceError(str(exc)) from None
        return
    if paths is None:
        folder = Path(source.path)
        if not folder.is_dir():
            raise SourceError(f"the folder {folder} does not exist")
        paths = sorted(
            p
            for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
        )
    for path in paths:
        try:
            yield (
                path.name,
                read_file(path, MAX_DOCUMENT_BYTES),
                Origin(folder=path.parent),
            )
        except FetchError as exc:
            report.add(FAILED, path.name, str(exc))


def ingest_document(source, section, label, content, origin, report) -> None:
    try:
        parsed = parse_document(content)
    except WireFormatError as exc:
        report.add(FAILED, label, str(exc))
        return
    for problem in parsed.problems:
        report.add(SKIPPED, label, problem)
    for story in parsed.stories:
        try:
            ingest_story(source, section, story, origin, report)
        except (ValidationError, DatabaseError, OSError) as exc:
            # OSError: the media folder refused a photo.
            reason = "; ".join(getattr(exc, "messages", [])) or str(exc)
            report.add(FAILED, story.title, f"not saved ({reason.splitlines()[0]})")


def ingest_story(source, section, story: WireStory, origin: Origin, report) -> None:
    item = (
        WireItem.objects.filter(source=source, guid=story.guid)
        .select_related("page")
        .first()
    )
    content_hash = story.content_hash()
    if item is not None:
        reason = reason_to_leave(item, story, content_hash)
        if reason is not None:
            status, why = reason
            report.add(status, story.title, why)
            return
    elif story.withdrawn:
        report.add(SKIPPED, story.title, "withdrawn by the agency")
        return
    images = []
    for ref in story.images:
        try:
            images.append((ref, load_image(ref.src, origin)))
        except FetchError as exc:
            report.warnings.append(f"{story.title}: image left out: {exc}")
    saved_files: list[str] = []
    try:
        with transaction.atomic():
            page = draft(source, section, story, images, item, saved_files)
            revision = page.save_revision(log_action=True)
            if item is None:
                WireItem.objects.create(
                    source=source,
                    guid=story.guid,
                    page=page,
                    revision=revision,
                    content_hash=content_hash,
                    agency_updated_at=story.updated_at,
                )
            else:
                WireItem.objects.filter(pk=item.pk).update(
                    revision=revision,
                    content_hash=content_hash,
                    agency_updated_at=story.updated_at,
                    updated_at=timezone.now(),
                )
    except BaseException:
        for name in saved_files:  # the rows are gone: so are their files
            CustomImage._meta.get_field("file").storage.delete(name)
        raise
    report.add(NEW if item is None else UPDATED, story.title)


def reason_to_leave(item: WireItem, story: WireStory, content_hash: str):
    """(status, why) when a story already received must not change its draft."""
    if item.page_id is None:
        return SKIPPED, "its draft was deleted in the newsroom"
    if story.withdrawn:
        return SKIPPED, "withdrawn by the agency: the draft is left for an editor"
    if item.content_hash == content_hash:
        return UNCHANGED, ""
    if (
        story.updated_at
        and item.agency_updated_at
        and story.updated_at < item.agency_updated_at
    ):
        return SKIPPED, "older than the version already received"
    if item.edited_in_newsroom():
        return SKIPPED, "edited in the newsroom: the agency's update was not applied"
    return None


def draft(source, section, story, images, item, saved_files) -> ArticlePage:
    """The draft article for the story, new or refreshed, saved but not live."""
    blocks = body_blocks(story.body_html)
    dateline = story.dateline
    if not dateline:
        dateline, blocks = split_dateline(blocks)
    stored = []
    for ref, data in images:
        image = stored_image(ref, data, story, source, saved_files)
        stored.append((ref, image))
    body = list(blocks)
    for ref, image in stored[1:]:
        body.append(
            (
                "image",
                {"image": image, "alt_text": "", "caption": ref.caption, "credit": ""},
            )
        )
    page = item.page.specific if item is not None else ArticlePage(live=False)
    page.title = page.draft_title = story.title
    page.standfirst = story.standfirst
    page.dateline = dateline
    page.byline_credit = story.byline
    page.agency = source.agency
    page.body = body
    featured = stored[0] if stored else None
    page.featured_image = featured[1] if featured else None
    page.featured_image_caption = featured[0].caption if featured else ""
    page.featured_image_credit = ""
    if item is None:
        page.slug = free_slug(section, story.title)
        section.add_child(instance=page)
    else:
        page.save()
    return page


def stored_image(ref, data, story, source, saved_files) -> CustomImage:
    """The image in the library: one already there with the same bytes, or new."""
    file_hash = hash_filelike(io.BytesIO(data.content))
    existing = CustomImage.objects.filter(file_hash=file_hash).first()
    if existing is not None:
        return existing
    image = CustomImage(
        title=(ref.caption or story.title)[:255],
        credit=(ref.credit or source.agency.credit)[:255],
        file=ImageFile(
            io.BytesIO(data.content), name=f"wire-{file_hash[:16]}.{data.extension}"
        ),
        file_size=len(data.content),
        file_hash=file_hash,
    )
    image.save()
    saved_files.append(image.file.name)
    return image


def free_slug(section: SectionPage, title: str) -> str:
    base = slugify(title, allow_unicode=True)[:80].strip("-") or "wire-story"
    taken = set(
        section.get_children()
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def ingest_due_sources() -> None:
    """The worker's job: ingest the active source most overdue, if any.

    One source a pass keeps each pass short, so scheduled stories still go
    out on time; every source is still checked once per MASTHEAD_WIRE_INTERVAL
    while there are fewer sources than passes in that time.
    """
    due_before = timezone.now() - timedelta(seconds=settings.MASTHEAD_WIRE_INTERVAL)
    source = (
        WireSource.objects.filter(active=True)
        .exclude(last_run_at__gt=due_before)
        .select_related("agency")
        .order_by(F("last_run_at").asc(nulls_first=True))
        .first()
    )
    if source is None:
        return
    report = ingest_source(source)
    if report.counts[FAILED]:
        logger.warning(
            "wire source %s: %s; %s",
            source.name,
            report.summary(),
            "; ".join(f"{o.label}: {o.reason}" for o in report.outcomes if o.reason),
        )
