"""Sections, articles, authors, agencies and tags.

The page tree is Home → Section → Article and Home → Authors → Author. An
article's primary section is its parent page; moving it to another section, or
changing its slug, leaves a permanent redirect (wagtail.contrib.redirects).
See docs/decisions/0001-page-tree.md for why articles sit directly under
their section.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from masthead.cache import context as page_cache
from masthead.cache.tags import tags_for_article
from masthead.core.blocks import StoryBodyBlock
from masthead.core.models import CustomImage
from masthead.core.pagination import paginate
from masthead.newsroom.embargo import (
    breaks_embargo,
    check_embargo,
    embargo_time,
    hold_for_embargo,
)

# An edit within this long of first publication is not worth an "Updated" line.
UPDATE_GRACE = timedelta(minutes=10)


class FewPagesQuerySet(PageQuerySet):
    """Queries for page types with a handful of rows: sections, authors.

    child_of() alone lets the database walk every page under the parent in path
    order, every article included; starting from this type's own small table
    keeps it to a few rows (80 ms → 1 ms with 100,000 articles on SQLite).
    """

    def child_of(self, page):
        return super().child_of(page).filter(pk__in=self.model.objects.values("pk"))


FewPagesManager = PageManager.from_queryset(FewPagesQuerySet)


class HomePage(Page):
    """The front page: the lead story, the latest news and a block per section."""

    max_count = 1
    subpage_types = ["articles.SectionPage", "articles.AuthorIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    # The curation models live in the discovery app (masthead.discovery.frontpage).
    content_panels = [
        *Page.content_panels,
        InlinePanel(
            "lead_pick",
            max_num=1,
            heading="Lead story",
            label="Lead story",
            help_text="The biggest story on the page. Empty: the latest story.",
        ),
        InlinePanel(
            "featured_picks",
            max_num=4,
            heading="Featured row",
            label="Featured story",
            help_text="Under the lead, in this order; empty slots take the latest.",
        ),
        InlinePanel(
            "section_picks",
            heading="Section blocks",
            label="Section block",
            help_text="Which sections get a block, in this order. Empty: every "
            "section, with its latest 4 stories.",
        ),
    ]

    def get_context(self, request, *args, **kwargs):
        from masthead.discovery.frontpage import front_page  # builds on this app

        context = super().get_context(request, *args, **kwargs)
        context.update(front_page(self))
        return context

    def route(self, request, path_components):
        """A whole address in one lookup (by slug, then the full path) instead
        of one lookup per level of the tree; anything else (a draft, a page
        that routes further itself) goes Wagtail's usual way."""
        if path_components:
            page = (
                Page.objects.filter(
                    slug=path_components[-1],
                    depth=self.depth + len(path_components),
                    path__startswith=self.path,
                    url_path=f"{self.url_path}{'/'.join(path_components)}/",
                    live=True,
                )
                .specific()
                .first()
            )
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)


class SectionPage(Page):
    """A section of the paper (National, World, Business…) listing its stories."""

    objects = FewPagesManager()

    intro = models.TextField(blank=True)

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "featured_picks",
            max_num=1,
            heading="Featured story",
            label="Featured story",
            help_text="Shown first on the section's page and in its front page block.",
        ),
    ]

    def get_context(self, request, *args, **kwargs):
        from masthead.discovery.frontpage import section_featured

        context = super().get_context(request, *args, **kwargs)
        featured = section_featured(self)
        stories = ArticlePage.objects.live().in_section(self).recent().for_listing()
        if featured is not None:  # shown once, on top of the first page
            stories = stories.exclude(pk=featured.pk)
        page = paginate(request, stories, settings.MASTHEAD_PAGE_SIZE)
        for story in page.object_list:
            story.section = self
        context["featured"] = featured if page.number == 1 else None
        context["stories"] = page
        return context


class AuthorIndexPage(Page):
    """/authors/: everyone who writes for the paper."""

    objects = FewPagesManager()

    max_count = 1
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.AuthorPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["authors"] = (
            AuthorPage.objects.live()
            .child_of(self)
            .select_related("photo")
            .order_by("title")
        )
        return context


class AuthorPage(Page):
    """A reporter, editor or columnist, with their stories newest first."""

    objects = FewPagesManager()

    role = models.CharField(max_length=120, blank=True, help_text="e.g. Staff Reporter")
    photo = models.ForeignKey(
        CustomImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = RichTextField(features=["bold", "italic", "link"], blank=True)

    parent_page_types = ["articles.AuthorIndexPage"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("bio")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page = paginate(
            request,
            ArticlePage.objects.live().by_author(self).recent().for_listing(),
            settings.MASTHEAD_PAGE_SIZE,
        )
        attach_sections(page.object_list)
        context["stories"] = page
        return context


@register_snippet
class Agency(models.Model):
    """A wire or news agency whose copy the paper republishes with credit."""

    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(
        max_length=20, blank=True, help_text="How the credit reads, e.g. 'AFP'."
    )
    website = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("website")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    @property
    def credit(self) -> str:
        return self.short_name or self.name


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


LISTING_RELATED = ("featured_image", "agency")


def listing_prefetches() -> tuple:
    """The prefetches a story card needs: its byline and its thumbnail."""
    return (
        Prefetch(
            "byline_authors",
            queryset=ArticleAuthor.objects.select_related("author").order_by(
                "sort_order"
            ),
        ),
        "featured_image__renditions",
    )


class ArticleQuerySet(PageQuerySet):
    def in_section(self, section: "SectionPage") -> "ArticleQuerySet":
        return self.child_of(section)

    def by_author(self, author: "AuthorPage") -> "ArticleQuerySet":
        return self.filter(byline_authors__author=author)

    def tagged(self, tag) -> "ArticleQuerySet":
        return self.filter(tags=tag)

    def recent(self) -> "ArticleQuerySet":
        # One column only: the database walks the first_published_at index
        # backwards and stops after a page, instead of sorting a whole section
        # (50 ms → 1 ms for a section of 20,000 stories on SQLite).
        return self.order_by("-first_published_at")

    def for_listing(self) -> "ArticleQuerySet":
        """What a story card needs, in a fixed number of queries."""
        return (
            self.defer("body")
            .select_related(*LISTING_RELATED)
            .prefetch_related(*listing_prefetches())
        )


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


class ArticlePage(Page):
    """A story: headline, standfirst, byline, dateline, body, tags, corrections."""

    standfirst = models.TextField(
        blank=True,
        max_length=500,
        help_text="One or two sentences under the headline that sum up the story.",
    )
    dateline = models.CharField(
        max_length=80, blank=True, help_text="Where the story was filed, e.g. DHAKA."
    )
    byline_credit = models.CharField(
        max_length=120,
        blank=True,
        help_text="A credit line shown with or instead of named authors, "
        "e.g. 'Staff Reporter' or 'Our Correspondent'.",
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The wire agency this story comes from, credited on the page.",
    )
    featured_image = models.ForeignKey(
        CustomImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    featured_image_caption = models.CharField(max_length=300, blank=True)
    featured_image_credit = models.CharField(
        max_length=120, blank=True, help_text="Leave empty to use the image's credit."
    )
    body = StreamField(StoryBodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    embargo_until = models.DateTimeField(
        "embargoed until",
        null=True,
        blank=True,
        help_text="Nobody can publish the story before this time; schedule it "
        "for this time or later. Leave empty if it is not under embargo.",
    )
    no_index = models.BooleanField(
        "hide from search engines",
        default=False,
        help_text="Readers can still open it; search engines are asked not to list "
        "it, and it leaves the sitemaps.",
    )

    objects = ArticleManager()

    parent_page_types = ["articles.SectionPage"]
    subpage_types: list[str] = []

    content_panels = [
        FieldPanel("title", heading="Headline"),
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [
                InlinePanel("byline_authors", label="Author"),
                FieldRowPanel([FieldPanel("byline_credit"), FieldPanel("agency")]),
                FieldPanel("dateline"),
            ],
            heading="Byline",
        ),
        MultiFieldPanel(
            [
                FieldPanel("featured_image"),
                FieldPanel("featured_image_caption"),
                FieldPanel("featured_image_credit"),
            ],
            heading="Featured image",
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("corrections", label="Correction or update note"),
        InlinePanel(
            "pinned_related",
            label="Pinned related story",
            heading="You may also like",
            help_text="Shown first under the story; the rest are chosen for you.",
        ),
    ]

    # Headline first, then standfirst, tags and bylines, then the body; the
    # ranking (and what SQLite can weigh) is in docs/search.md.
    promote_panels = [*Page.promote_panels, FieldPanel("no_index")]
    settings_panels = [FieldPanel("embargo_until"), *Page.settings_panels]

    search_fields = [
        *Page.search_fields,
        index.SearchField("title", boost=10),
        index.SearchField("standfirst", boost=4),
        index.SearchField("author_names", boost=4),
        index.RelatedFields("tags", [index.SearchField("name", boost=4)]),
        index.SearchField("body", boost=1),
        index.SearchField("dateline", boost=1),
        index.FilterField("first_published_at"),
    ]

    class Meta:
        verbose_name = "article"

    @property
    def headline(self) -> str:
        return self.title

    @cached_property
    def authors(self) -> list["AuthorPage"]:
        """The byline's authors in order: prefetched in listings, else one query."""
        links = self.byline_authors.all()
        if "byline_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related("author")
        return [link.author for link in links if link.author_id]

    def author_names(self) -> str:
        """The byline's names, for the search index."""
        return " ".join(author.title for author in self.authors)

    @classmethod
    def get_indexed_objects(cls):
        # update_index reads every byline: one query per batch, not per story.
        return super().get_indexed_objects().prefetch_related(listing_prefetches()[0])

    @property
    def image_credit(self) -> str:
        if self.featured_image_credit:
            return self.featured_image_credit
        return self.featured_image.credit if self.featured_image else ""

    @cached_property
    def notes(self) -> list["ArticleCorrection"]:
        """Its correction and update notes, newest first."""
        return list(self.corrections.order_by("-published_at"))

    @property
    def updated_at(self):
        """When to tell readers the story changed, or None if it has not: the
        newest correction or update note, or the last republication if that is
        later (edits within UPDATE_GRACE of going out do not count)."""
        first, last = self.first_published_at, self.last_published_at
        moments = [note.published_at for note in self.notes[:1]]
        if first and last and last - first > UPDATE_GRACE:
            moments.append(last)
        return max(moments, default=None)

    def clean(self):
        super().clean()
        embargo, go_live = self.embargo_until, self.go_live_at
        if embargo and go_live and go_live < embargo:
            raise ValidationError(
                {
                    "go_live_at": "This story is under embargo until "
                    f"{embargo_time(embargo)}: schedule it for then or later."
                }
            )

    def publish(self, revision, *args, **kwargs):
        # Every route to readers but one (the admin's edit view, guarded by
        # the before_publish_page hook) comes through here: the admin's
        # create view, bulk publish, workflow approval, the scheduler, code.
        if hold_for_embargo(self, revision, kwargs.get("log_action")):
            return None
        return super().publish(revision, *args, **kwargs)

    def save(self, *args, **kwargs):
        if self.live and self._state.adding:
            # A new story goes live only by publishing a revision (checked
            # in publish()); under embargo it starts as a draft.
            self.live = not breaks_embargo(self)
        elif self.live:
            # The last line: nothing already saved goes live before its embargo.
            check_embargo(self, live=True)
        return super().save(*args, **kwargs)

    def get_section(self) -> "SectionPage | None":
        if getattr(self, "section", None) is None:
            self.section = (
                SectionPage.objects.filter(path=self.path[: -self.steplen]).first()
                if self.depth > 1
                else None
            )
        return self.section

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["section"] = self.get_section()
        context["tags"] = list(self.tags.all())
        context["corrections"] = self.notes
        prefetch_body_renditions(self)
        page_cache.note_tags(*tags_for_article(self, context["tags"]))
        return context


class ArticleAuthor(Orderable):
    """One author in an article's byline, in byline order."""

    article = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="byline_authors"
    )
    author = models.ForeignKey(
        AuthorPage, on_delete=models.CASCADE, related_name="article_links"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="unique_author_per_article"
            )
        ]


class ArticleCorrection(Orderable):
    """A public, dated correction or update note on a story."""

    CORRECTION = "correction"
    UPDATE = "update"
    KINDS = ((CORRECTION, "Correction"), (UPDATE, "Update"))

    article = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(max_length=20, choices=KINDS, default=CORRECTION)
    published_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(help_text="What was wrong and what is right now.")

    panels = [FieldPanel("kind"), FieldPanel("published_at"), FieldPanel("text")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.published_at:%d %b %Y}"


def attach_sections(articles) -> None:
    """Give each article its .section with one query for the whole list."""
    parent_paths = {a.path[: -a.steplen] for a in articles}
    sections = {s.path: s for s in SectionPage.objects.filter(path__in=parent_paths)}
    for article in articles:
        article.section = sections.get(article.path[: -article.steplen])


def prefetch_body_renditions(article: ArticlePage) -> None:
    """Fetch the renditions of every image in the body in one query."""
    images = [
        block.value["image"]
        for block in article.body
        if block.block_type == "image" and block.value["image"] is not None
    ]
    if images:
        models.prefetch_related_objects(images, "renditions")
