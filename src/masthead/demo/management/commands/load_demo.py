"""Fill Masthead with a believable demo newsroom: `masthead manage load_demo`.

A fictional daily, The Daily Masthead: site settings for the header and footer,
five sections, four authors with portraits, three wire agencies and about 200
stories from the last four months, with bylines, tags, pictures, a few agency
stories and a corrected and updated one. Everything is generated here (see
textgen.py and images.py): nothing is downloaded.

Pages are created and published through Wagtail's own API, so each has the
revisions and log entries an editor would expect; their dates are then moved
back to when the story "ran", so listings spread over months.

Running it again does nothing once the demo's authors exist.
"""

from __future__ import annotations

import io
import random
import sys
import time
from collections import Counter
from datetime import timedelta

from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm
from wagtail.models import Page, PageLogEntry, Revision, Site

from masthead.articles.models import (
    Agency,
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
)
from masthead.core.models import CustomImage, SiteSettings
from masthead.demo import images, vocabulary
from masthead.demo.textgen import NewsWriter

ARTICLES = 200
DAYS = 120  # how far back the stories go
PHOTOS = 30  # a pool the stories share, rather than one picture each
IMAGE_CREDIT = "Illustration: Masthead demo"

SITE_SETTINGS = {
    "publication_name": "The Daily Masthead",
    "tagline": "Independent news from the delta, every morning",
    "editor_name": "Shahnaz Parveen",
    "publisher_name": "Mahfuz Alam Siddiqui",
    "street_address": "Masthead Bhaban, 42 Imaginary Road\n"
    "Kawran Bazar, Dhaka 1215\nBangladesh",
    "phone_numbers": "Newsroom: +880 2 5555 0100\nAdvertising: +880 2 5555 0199",
    "contact_email": "newsroom@example.com",
    "facebook_url": "https://www.facebook.com/TheDailyMastheadDemo",
    "x_url": "https://x.com/DailyMastheadDemo",
    "youtube_url": "https://www.youtube.com/@DailyMastheadDemo",
    "instagram_url": "https://www.instagram.com/dailymastheaddemo",
    "linkedin_url": "https://www.linkedin.com/company/daily-masthead-demo",
    "copyright_holder": "The Daily Masthead",
    "designed_by_name": "Masthead Digital (demo)",
    "designed_by_url": "https://www.example.com/",
}

# (name, role, the section they mostly write for, bio)
AUTHORS = (
    (
        "Farzana Rahim",
        "Chief Reporter",
        "national",
        "Farzana Rahim has covered rivers, roads and local government for the "
        "paper since 2012, from all sixty-four districts. She leads the "
        "national desk's reporting on floods and river erosion.",
    ),
    (
        "Tawhid Anwar",
        "Business Editor",
        "business",
        "Tawhid Anwar writes about markets, jobs and the garment industry. "
        "Before joining the paper he spent eight years on a trade weekly in "
        "Chattogram.",
    ),
    (
        "Nabila Chowdhury",
        "Sports Reporter",
        "sports",
        "Nabila Chowdhury reports on cricket, football and the sports that get "
        "less airtime. She once scored a hat-trick for her university's "
        "hockey team and still mentions it.",
    ),
    (
        "Imtiaz Haider",
        "Associate Editor",
        "opinion",
        "Imtiaz Haider edits the opinion pages and writes a weekly column on "
        "cities, schools and public life. He also writes about the wider "
        "world for the foreign desk.",
    ),
)

# (name, credit, website): wire agencies whose copy the paper republishes.
AGENCIES = (
    ("Bay News Agency", "BNA", "https://bna.example.com/"),
    ("Continental Press", "CP", "https://continental-press.example.com/"),
    ("Meridian Wire", "MW", "https://meridian-wire.example.com/"),
)

SECTION_WEIGHTS = {
    "national": 30,
    "world": 20,
    "business": 20,
    "sports": 18,
    "opinion": 12,
}
# Who writes what: the author most likely to write for each section.
SECTION_AUTHOR = {"national": 0, "world": 3, "business": 1, "sports": 2, "opinion": 3}


class Command(BaseCommand):
    help = "Load a demo newsroom: settings, sections, authors and ~200 stories."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=ARTICLES, help=f"How many ({ARTICLES})."
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = options["articles"]
        if count < 1:
            raise CommandError("--articles must be at least 1.")
        home = HomePage.objects.order_by("path").first()
        site = Site.objects.filter(is_default_site=True).first()
        if home is None or site is None:
            raise CommandError(
                "There is no front page or default site: run "
                "`masthead manage migrate` first."
            )
        index = AuthorIndexPage.objects.child_of(home).first()
        if index and AuthorPage.objects.child_of(index).filter(
            slug__in=[slugify(name) for name, *_rest in AUTHORS]
        ).count() == len(AUTHORS):
            if options["verbosity"] > 0:
                self.stdout.write(
                    "The demo is already loaded (its authors exist): nothing to "
                    f"do. {ArticlePage.objects.count():,} articles in the site."
                )
            return

        loader = DemoLoader(
            home=home,
            site=site,
            seed=options["seed"],
            progress=options["verbosity"] > 0,
        )
        try:
            with transaction.atomic():
                loader.load(count)
        except BaseException:
            loader.delete_files()  # the rows are rolled back; the files are not
            raise
        if options["verbosity"] > 0:
            self.summary(loader, time.perf_counter() - started)

    def summary(self, loader: DemoLoader, elapsed: float) -> None:
        out = self.stdout.write
        first = timezone.localtime(min(loader.dates))
        last = timezone.localtime(max(loader.dates))
        out(self.style.SUCCESS(f"Loaded the demo newsroom in {elapsed:.1f}s."))
        out(f"  site        {SITE_SETTINGS['publication_name']} ({loader.site})")
        out(f"  sections    {', '.join(s.title for s in loader.sections.values())}")
        out(f"  authors     {', '.join(a.title for a in loader.authors)}")
        agencies = ", ".join(f"{a.name} ({a.credit})" for a in loader.agencies)
        out(f"  agencies    {agencies}")
        out(
            f"  articles    {len(loader.dates)}, "
            f"{first:%d %b %Y} to {last:%d %b %Y}; "
            f"{loader.agency_stories} from agencies, "
            f"{loader.corrected} with corrections or updates"
        )
        out(f"  images      {len(loader.photos)} photos, {len(AUTHORS)} portraits")
        top = ", ".join(f"{name} ({n})" for name, n in loader.tag_counts.most_common(4))
        out(f"  tags        {len(loader.tag_counts)}; most used: {top}")


class DemoLoader:
    """Creates the demo's content, remembering what it made for the summary."""

    def __init__(self, *, home: HomePage, site: Site, seed: int, progress: bool):
        self.home = home
        self.site = site
        self.rng = random.Random(seed)
        self.writer = NewsWriter(seed)
        self.seed = seed
        self.progress = progress
        self.files: list[str] = []
        self.sections: dict[str, SectionPage] = {}
        self.authors: list[AuthorPage] = []
        self.agencies: list[Agency] = []
        self.photos: list[CustomImage] = []
        self.dates: list = []
        self.tag_counts: Counter[str] = Counter()
        self.agency_stories = 0
        self.corrected = 0

    # -- the steps --------------------------------------------------------
    def load(self, count: int) -> None:
        self.fill_site_settings()
        self.make_sections()
        self.make_authors()
        self.make_agencies()
        self.photos = [self.make_photo(i) for i in range(PHOTOS)]
        self.make_articles(count)

    def fill_site_settings(self) -> None:
        site_settings = SiteSettings.for_site(self.site)
        for field, value in SITE_SETTINGS.items():
            setattr(site_settings, field, value)
        site_settings.save()

    def make_sections(self) -> None:
        existing = {s.slug: s for s in SectionPage.objects.child_of(self.home)}
        for slug in vocabulary.SECTIONS:
            section = existing.get(slug)
            if section is None:
                section = SectionPage(
                    title=vocabulary.SECTION_TITLES[slug],
                    slug=slug,
                    intro=vocabulary.SECTION_INTROS[slug],
                )
                self.home.add_child(instance=section)
                section.save_revision().publish()
            self.sections[slug] = section

    def make_authors(self) -> None:
        index = AuthorIndexPage.objects.child_of(self.home).first()
        if index is None:
            index = AuthorIndexPage(title="Authors", slug="authors")
            self.home.add_child(instance=index)
            index.save_revision().publish()
        existing = {a.slug: a for a in AuthorPage.objects.child_of(index)}
        for i, (name, role, _section, bio) in enumerate(AUTHORS):
            author = existing.get(slugify(name))
            if author is None:
                initials = "".join(word[0] for word in name.split())
                photo = self.make_image(
                    title=name,
                    data=images.portrait_jpeg(self.seed * 1000 + i, initials),
                    filename=f"demo-author-{slugify(name)}.jpg",
                    description=f"Portrait placeholder for {name}",
                    credit=IMAGE_CREDIT,
                )
                author = AuthorPage(
                    title=name,
                    slug=slugify(name),
                    role=role,
                    photo=photo,
                    bio=f"<p>{bio}</p>",
                )
                index.add_child(instance=author)
                author.save_revision().publish()
            self.authors.append(author)

    def make_agencies(self) -> None:
        for name, short_name, website in AGENCIES:
            agency, _created = Agency.objects.get_or_create(
                name=name, defaults={"short_name": short_name, "website": website}
            )
            self.agencies.append(agency)

    def make_photo(self, i: int) -> CustomImage:
        seed = self.seed * 1000 + 100 + i
        description = images.describe_photo(seed)
        return self.make_image(
            title=description.split(",")[0],
            data=images.photo_jpeg(seed),
            filename=f"demo-photo-{i + 1:02d}.jpg",
            description=description,
            credit=IMAGE_CREDIT,
        )

    def make_image(self, *, title, data, filename, description, credit) -> CustomImage:
        image = CustomImage(
            title=title,
            description=description,
            credit=credit,
            file=ImageFile(io.BytesIO(data), name=filename),
        )
        image._set_image_file_metadata()
        image.save()
        self.files.append(image.file.name)
        return image

    def delete_files(self) -> None:
        storage = CustomImage._meta.get_field("file").storage
        for name in self.files:
            storage.delete(name)

    # -- articles -----------------------------------------------------------
    def make_articles(self, count: int) -> None:
        rng = self.rng
        now = timezone.now()
        # Oldest first, so that tree order follows publication order; the newest
        # ran an hour ago so the front page looks like today's paper.
        dates = sorted(
            now - timedelta(days=DAYS * rng.random(), minutes=60) for _ in range(count)
        )
        dates[-1] = now - timedelta(minutes=60)
        sections = list(SECTION_WEIGHTS)
        weights = list(SECTION_WEIGHTS.values())
        # Pick out the stories that show the special cases, spread over time.
        agency_slots = {int(count * f) for f in (0.15, 0.4, 0.62, 0.8, 0.93)}
        corrected_slots = {int(count * 0.7), int(count * 0.9)}
        slugs = {
            slug: set(Page.objects.child_of(s).values_list("slug", flat=True))
            for slug, s in self.sections.items()
        }
        headlines: set[str] = set()

        history = []  # (page, [revision, ...], first published, last published)
        for i in tqdm(
            range(count),
            unit=" articles",
            disable=not self.progress,
            file=sys.stderr,
        ):
            section = rng.choices(sections, weights)[0]
            if i in agency_slots:
                section = ("world", "business")[self.agency_stories % 2]
            if i in corrected_slots and section == "opinion":
                section = "national"
            story = self.writer.story(section)
            for _retry in range(20):  # a few sections have few distinct headlines
                if story.headline not in headlines:
                    break
                story = self.writer.story(section)
            headlines.add(story.headline)
            published = dates[i]
            page = self.build_article(story, i in agency_slots)
            page.slug = unique_slug(story.headline, slugs[section])

            parent = self.sections[section]
            parent.add_child(instance=page)
            revisions = [page.save_revision()]
            revisions[0].publish()
            last = published
            if i in corrected_slots:
                last = published + timedelta(hours=rng.uniform(3, 20))
                revisions.append(self.correct(page, published, last))
                self.corrected += 1
            history.append((page, revisions, published, last))
            self.dates.append(published)
            self.tag_counts.update(story.tags)
        self.backdate(history)

    def build_article(self, story, from_agency: bool) -> ArticlePage:
        rng = self.rng
        blocks = list(story.blocks)
        if rng.random() < 0.2 and len(blocks) > 4:
            photo = rng.choice(self.photos)
            blocks.insert(
                3,
                {
                    "type": "image",
                    "value": {
                        "image": photo.pk,
                        "alt_text": "",
                        "caption": photo.description.split(",")[0] + ".",
                        "credit": IMAGE_CREDIT,
                    },
                },
            )
        page = ArticlePage(
            title=story.headline,
            standfirst=story.standfirst,
            dateline=story.dateline,
            body=blocks,
        )
        if rng.random() < 0.85:
            photo = rng.choice(self.photos)
            page.featured_image = photo
            page.featured_image_caption = photo.description.split(",")[0] + "."
        page.tags.add(*story.tags)

        if from_agency:
            agency = self.agencies[self.agency_stories % len(self.agencies)]
            page.agency = agency
            page.byline_credit = f"{agency.name}, {story.place}"
            self.agency_stories += 1
            return page
        writer = self.authors[SECTION_AUTHOR[story.section]]
        roll = rng.random()
        if story.section == "opinion" or roll < 0.55:
            byline = [writer]
        elif roll < 0.75:
            others = [a for a in self.authors if a != writer]
            byline = [writer, rng.choice(others)]
        else:
            byline = []
            page.byline_credit = "Staff Reporter"
        page.byline_authors = [
            ArticleAuthor(author=author, sort_order=n)
            for n, author in enumerate(byline)
        ]
        return page

    def correct(self, page: ArticlePage, published, updated) -> Revision:
        """Publish a second revision with a correction and an update note."""
        page.corrections = [
            ArticleCorrection(
                kind=ArticleCorrection.UPDATE,
                published_at=updated,
                text="This story has been updated with a response received "
                "after publication.",
                sort_order=0,
            ),
            ArticleCorrection(
                kind=ArticleCorrection.CORRECTION,
                published_at=published + timedelta(hours=2),
                text="An earlier version of this story gave the wrong day for "
                "the meeting. It took place on Tuesday, not Monday.",
                sort_order=1,
            ),
        ]
        page.body.append(
            (
                "paragraph",
                "<p>In a statement received after publication, officials said "
                "they would respond to the concerns raised in this report.</p>",
            )
        )
        revision = page.save_revision()
        revision.publish()
        return revision

    def backdate(self, history) -> None:
        """Move each story's publication, revisions and log to when it ran."""
        for page, revisions, published, last in history:
            Page.objects.filter(pk=page.pk).update(
                first_published_at=published,
                last_published_at=last,
                latest_revision_created_at=last,
            )
            times = [published, *[last] * (len(revisions) - 1)]
            for revision, when in zip(revisions, times, strict=True):
                Revision.objects.filter(pk=revision.pk).update(created_at=when)
            PageLogEntry.objects.filter(page=page).update(timestamp=published)


def unique_slug(headline: str, taken: set[str]) -> str:
    base = slugify(headline)[:80].rstrip("-") or "story"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug
