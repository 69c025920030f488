"""Sections, articles, authors, agencies and tags.

The page tree is Home → Section → Article and Home → Authors → Author. An
article's primary section is its parent page; moving it to another section, or
changing its slug, leaves a permanent redirect (wagtail.contrib.redirects).
See docs/decisions/0001-page-tree.md for why articles sit directly under
their section.
"""

from datetime import timedelta

from django.conf import settings
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

from masthead.core.blocks import StoryBodyBlock
from masthead.core.models import CustomImage
from masthead.core.pagination import paginate

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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        latest = list(ArticlePage.objects.live().recent().for_listing()[:9])
        attach_sections(latest)
        context["lead"] = latest[0] if latest else None
        context["top_stories"] = latest[1:9]
        context["section_blocks"] = self.section_blocks(exclude={a.pk for a in latest})
        return context

    def section_blocks(self, exclude, per_section: int = 4):
        """(section, its latest stories) for each section with stories to show.

        One query per section, and one set of listing prefetches for them all.
        """
        blocks = []
        for section in SectionPage.objects.live().child_of(self):
            stories = list(
                ArticlePage.objects.live()
                .in_section(section)
                .exclude(pk__in=exclude)
                .recent()
                .defer("body")
                .select_related(*LISTING_RELATED)[:per_section]
            )
            for story in stories:
                story.section = section
            if stories:
                blocks.append((section, stories))
        models.prefetch_related_objects(
            [story for _section, stories in blocks for story in stories],
            *listing_prefetches(),
        )
        return blocks


class SectionPage(Page):
    """A section of the paper (National, World, Business…) listing its stories."""

    objects = FewPagesManager()

    intro = models.TextField(blank=True)

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page = paginate(
            request,
            ArticlePage.objects.live().in_section(self).recent().for_listing(),
            settings.MASTHEAD_PAGE_SIZE,
        )
        for story in page.object_list:
            story.section = self
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

    @property
    def updated_at(self):
        """When to tell readers the story changed, or None if it has not."""
        first, last = self.first_published_at, self.last_published_at
        if first and last and last - first > UPDATE_GRACE:
            return last
        return None

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
        context["corrections"] = list(self.corrections.order_by("-published_at"))
        prefetch_body_renditions(self)
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
