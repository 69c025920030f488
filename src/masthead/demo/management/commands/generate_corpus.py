"""Append a synthetic archive of articles, fast enough for 100,000 in minutes.

Saving pages one by one through Wagtail (add_child, revisions, signals) manages
tens of pages a second; a benchmark archive needs thousands. So this command
writes the rows itself, a batch per transaction:

* the tree position of every article is computed here: treebeard's materialised
  path is the section's path plus a 4-character base-36 step, numbered on from
  the section's last existing child, and the section's ``numchild`` is raised
  in the same transaction, so the tree is valid after every committed batch;
* ``wagtailcore_page`` rows go in with ``bulk_create``; the ``ArticlePage``
  rows (multi-table inheritance, which ``bulk_create`` refuses) with an
  ``executemany`` INSERT of the values the ORM would write, given the page
  ids; then bylines and tag links with ``bulk_create``.

Articles get no revisions, images, search index entries or reference index
entries: the editor creates a revision on first save, and
``masthead manage update_index`` indexes them when search is being measured.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from tqdm import tqdm
from wagtail.models import Page

from masthead.articles.models import (
    Agency,
    ArticleAuthor,
    ArticlePage,
    ArticleTag,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
)
from masthead.cache.signals import bump as refresh_pages
from masthead.demo import vocabulary
from masthead.demo.textgen import NewsWriter

BATCH_SIZE = (
    2_000  # rows per transaction: big enough to be fast, small enough to resume
)
AUTHORS = 50
SLUG_LENGTH = 80
MAX_STEP = 36**Page.steplen - 1  # the most children a parent can have


class Command(BaseCommand):
    help = "Append N synthetic articles (with authors and tags) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=1_000, help="How many to add (1,000)."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="Seed for the text; by default the number of articles already "
            "there, so each run writes different stories.",
        )
        parser.add_argument(
            "--years",
            type=float,
            default=5.0,
            help="Spread publication dates over this many years back from now (5).",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--no-check",
            action="store_true",
            help="Skip checking the sections' part of the page tree at the end.",
        )

    def handle(self, *args, **options):
        count = options["articles"]
        if count < 1:
            raise CommandError("--articles must be at least 1.")
        if options["years"] <= 0:
            raise CommandError("--years must be more than 0.")
        db = DEFAULT_DB_ALIAS
        quiet = options["verbosity"] == 0
        started = time.perf_counter()

        home = HomePage.objects.order_by("path").first()
        if home is None:
            raise CommandError(
                "There is no front page: run `masthead manage migrate` first."
            )
        existing = ArticlePage.objects.count()
        seed = existing if options["seed"] is None else options["seed"]
        writer = NewsWriter(seed)
        corpus = Corpus(
            writer=writer,
            sections=ensure_sections(home),
            authors=ensure_authors(home, writer),
            tags=ensure_tags(writer.tag_vocabulary()),
            agencies=list(Agency.objects.values_list("pk", flat=True)),
            years=options["years"],
            using=db,
        )

        batch_size = max(1, options["batch_size"])
        with tqdm(
            total=count, unit=" articles", disable=quiet, file=sys.stderr
        ) as progress:
            done = 0
            while done < count:
                n = min(batch_size, count - done)
                with transaction.atomic(using=db):
                    corpus.write_batch(n)
                done += n
                progress.update(n)
        refresh_pages()  # rows went in with bulk_create, which sends no signals
        elapsed = time.perf_counter() - started

        problems = None if options["no_check"] else tree_problems(corpus.sections)
        if not quiet:
            self.summary(corpus, count, existing, elapsed, problems, db)

    def summary(self, corpus, count, existing, elapsed, problems, db):
        out = self.stdout.write
        out(
            f"Added {count:,} articles in {len(corpus.sections)} sections "
            f"({existing + count:,} articles in all)."
        )
        out(
            f"  authors {len(corpus.authors)} · tags {len(corpus.tags)} · "
            f"bylines {corpus.bylines:,} · tag links {corpus.tag_links:,}"
        )
        out(f"  time {format_duration(elapsed)} · {count / elapsed:,.0f} articles/s")
        out(f"  database: {database_size(db)}")
        if problems is None:
            out("  tree check: skipped")
        elif problems:
            for problem in problems:
                out(self.style.ERROR(f"  tree check: {problem}"))
        else:
            out("  tree check: no problems")
        out(
            "  not in the search index yet: run `masthead manage update_index` "
            "to search them."
        )


class Corpus:
    """Writes batches of articles under the given sections."""

    def __init__(self, *, writer, sections, authors, tags, agencies, years, using):
        self.writer = writer
        self.rng = writer.rng
        self.sections = sections
        self.authors = authors
        self.tags = tags  # lower-cased name -> Tag id
        self.agencies = agencies
        self.using = using
        self.span = timedelta(days=365.25 * years).total_seconds()
        self.now = timezone.now()
        self.content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
        self.state = [SectionState(section) for section in sections]
        self.bylines = 0
        self.tag_links = 0
        # The article rows go in with a plain INSERT per row (executemany): the
        # multi-row insert Django 5.2 uses on PostgreSQL passes each column as
        # an array, and escaping the quotes in every JSON body into array syntax
        # made the whole corpus half as fast.
        self.fields = ArticlePage._meta.local_concrete_fields
        quote = connections[using].ops.quote_name
        # Names come from the model and are quoted; every value is a parameter.
        self.insert_article_sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(ArticlePage._meta.db_table),
            ", ".join(quote(f.column) for f in self.fields),
            ", ".join(["%s"] * len(self.fields)),
        )

    def write_batch(self, n: int) -> None:
        rng = self.rng
        pages: list[ArticlePage] = []
        links: list[tuple[ArticlePage, list[int], list[int]]] = []
        added = [0] * len(self.state)
        for _ in range(n):
            index = rng.randrange(len(self.state))
            added[index] += 1
            state = self.state[index]
            story = self.writer.story(state.voice)
            page, author_ids = self.article(state, story)
            pages.append(page)
            tag_ids = [
                self.tags[t.lower()] for t in story.tags if t.lower() in self.tags
            ]
            links.append((page, author_ids, tag_ids))

        Page.objects.using(self.using).bulk_create(pages)
        for page in pages:
            page.page_ptr_id = page.id  # .pk is page_ptr_id, still None here
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.executemany(
                self.insert_article_sql,
                [
                    [
                        f.get_db_prep_save(getattr(page, f.attname), connection)
                        for f in self.fields
                    ]
                    for page in pages
                ],
            )

        bylines = [
            ArticleAuthor(article_id=page.id, author_id=author_id, sort_order=i)
            for page, author_ids, _tags in links
            for i, author_id in enumerate(author_ids)
        ]
        tagged = [
            ArticleTag(content_object_id=page.id, tag_id=tag_id)
            for page, _authors, tag_ids in links
            for tag_id in tag_ids
        ]
        ArticleAuthor.objects.using(self.using).bulk_create(bylines)
        ArticleTag.objects.using(self.using).bulk_create(tagged)
        self.bylines += len(bylines)
        self.tag_links += len(tagged)

        for state, k in zip(self.state, added, strict=True):
            if k:
                Page.objects.using(self.using).filter(pk=state.section.pk).update(
                    numchild=F("numchild") + k
                )

    def article(self, state: SectionState, story) -> tuple[ArticlePage, list[int]]:
        rng = self.rng
        section = state.section
        published = self.now - timedelta(seconds=rng.random() * self.span)
        updated = published
        if rng.random() < 0.05:
            updated = published + timedelta(hours=rng.uniform(1, 30))
            updated = min(updated, self.now)

        roll = rng.random()
        byline_credit = ""
        agency_id = None
        if story.section == "opinion" or roll < 0.7:
            author_ids = [rng.choice(self.authors)]
        elif roll < 0.85:
            author_ids = rng.sample(self.authors, 2)
        else:
            author_ids = []
            byline_credit = "Staff Reporter"
            if self.agencies and rng.random() < 0.3:
                agency_id = rng.choice(self.agencies)
                byline_credit = ""

        slug = state.next_slug(story.headline)
        page = ArticlePage(
            path=state.next_path(),
            depth=section.depth + 1,
            numchild=0,
            title=story.headline,
            draft_title=story.headline,
            slug=slug,
            url_path=f"{section.url_path}{slug}/",
            content_type_id=self.content_type_id,
            locale_id=section.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=updated,
            latest_revision_created_at=updated,
            standfirst=story.standfirst,
            dateline=story.dateline,
            byline_credit=byline_credit,
            agency_id=agency_id,
            body=story.blocks,
        )
        return page, author_ids


class SectionState:
    """Where the next article goes in a section, and which slugs are taken."""

    def __init__(self, section: SectionPage):
        self.section = section
        self.voice = section.slug if section.slug in vocabulary.SECTIONS else "national"
        children = Page.objects.filter(
            path__startswith=section.path, depth=section.depth + 1
        )
        last = children.order_by("-path").values_list("path", flat=True).first()
        self.step = Page._str2int(last[-Page.steplen :]) if last else 0
        self.slugs = set(children.values_list("slug", flat=True))
        self.suffix: dict[str, int] = {}

    def next_path(self) -> str:
        self.step += 1
        if self.step > MAX_STEP:
            raise CommandError(
                f"Section {self.section.title!r} is full: a page can have at "
                f"most {MAX_STEP:,} children."
            )
        return Page._get_path(self.section.path, self.section.depth + 1, self.step)

    def next_slug(self, headline: str) -> str:
        base = slugify(headline)[:SLUG_LENGTH].rstrip("-") or "story"
        slug = base
        if slug in self.slugs:
            n = self.suffix.get(base, 2)
            while f"{base}-{n}" in self.slugs:
                n += 1
            self.suffix[base] = n + 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug


def ensure_sections(home: HomePage) -> list[SectionPage]:
    """The sections under the front page, creating the five standard ones if none."""
    sections = list(SectionPage.objects.child_of(home).order_by("path"))
    if sections:
        return sections
    for slug in vocabulary.SECTIONS:
        section = SectionPage(
            title=vocabulary.SECTION_TITLES[slug],
            slug=slug,
            intro=vocabulary.SECTION_INTROS[slug],
        )
        home.add_child(instance=section)
        section.save_revision().publish()
    return list(SectionPage.objects.child_of(home).order_by("path"))


def ensure_authors(home: HomePage, writer: NewsWriter) -> list[int]:
    """Ids of the authors to credit: the existing ones, topped up to AUTHORS."""
    index = AuthorIndexPage.objects.child_of(home).first()
    if index is None:
        index = AuthorIndexPage(title="Authors", slug="authors")
        home.add_child(instance=index)
        index.save_revision().publish()
    authors = AuthorPage.objects.child_of(index)
    slugs = set(authors.values_list("slug", flat=True))
    for _ in range(AUTHORS - len(slugs)):
        person, role, bio = writer.author()
        slug = slugify(person.name)
        n = 2
        while slug in slugs:
            slug = f"{slugify(person.name)}-{n}"
            n += 1
        slugs.add(slug)
        index.add_child(
            instance=AuthorPage(
                title=person.name,
                slug=slug,
                role=role,
                bio=f"<p>{bio}</p>",
                live=True,
                first_published_at=timezone.now(),
            )
        )
    return list(authors.values_list("pk", flat=True))


def ensure_tags(names: list[str]) -> dict[str, int]:
    """Tag ids by lower-cased name, creating the missing tags."""
    existing = {name.lower() for name in Tag.objects.values_list("name", flat=True)}
    slugs = set(Tag.objects.values_list("slug", flat=True))
    new = []
    for name in names:
        slug = slugify(name)
        if name.lower() not in existing and slug not in slugs:
            new.append(Tag(name=name, slug=slug))
            slugs.add(slug)
    Tag.objects.bulk_create(new)
    wanted = {name.lower() for name in names}
    return {
        name.lower(): pk
        for pk, name in Tag.objects.values_list("pk", "name")
        if name.lower() in wanted
    }


def tree_problems(sections: list[SectionPage]) -> list[str]:
    """What is wrong with the tree under the sections, in a few queries.

    treebeard's Page.find_problems() checks the same things (and the whole
    tree) but with a query per page: minutes for a 100,000-article corpus.
    """
    problems = []
    for section in sections:
        descendants = Page.objects.filter(path__startswith=section.path).exclude(
            pk=section.pk
        )
        numchild = Page.objects.values_list("numchild", flat=True).get(pk=section.pk)
        children = descendants.filter(depth=section.depth + 1).count()
        if numchild != children:
            problems.append(
                f"{section.title} says it has {numchild} children but has {children}"
            )
        wrong_depth = (
            descendants.annotate(length=Length("path"))
            .exclude(length=F("depth") * Page.steplen)
            .count()
        )
        if wrong_depth:
            problems.append(f"{section.title}: {wrong_depth} pages with a wrong depth")
        deeper = descendants.filter(depth__gt=section.depth + 1).count()
        if deeper:
            problems.append(f"{section.title}: {deeper} pages below its articles")
    return problems


def database_size(using: str = DEFAULT_DB_ALIAS) -> str:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            size = pages * cursor.fetchone()[0]
            return f"SQLite, {format_bytes(size)} ({connection.settings_dict['NAME']})"
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
            return (
                f"PostgreSQL, {format_bytes(size)} ({connection.settings_dict['NAME']})"
            )
    return f"{connection.vendor} (size unknown)"


def format_bytes(size: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size:,.1f} GB"


def format_duration(seconds: float) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{int(minutes)}m {seconds:04.1f}s" if minutes else f"{seconds:.1f}s"
