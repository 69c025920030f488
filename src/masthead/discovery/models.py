"""What helps readers find the next story: the breaking-news banner, related
stories (pinned by editors or computed and stored), daily read counts and the
front page's curation (lead, featured row, section blocks, section features)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable


class BreakingNewsQuerySet(models.QuerySet):
    def showing(self, now=None) -> "BreakingNewsQuerySet":
        now = now or timezone.now()
        return self.filter(active=True, starts_at__lte=now, expires_at__gt=now)

    def not_expired(self, now=None) -> "BreakingNewsQuerySet":
        return self.filter(active=True, expires_at__gt=now or timezone.now())


class BreakingNews(models.Model):
    """A banner across the top of every page until it expires."""

    headline = models.CharField(max_length=200)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story the banner leads to…",
    )
    link_url = models.URLField(blank=True, help_text="…or any other address.")
    starts_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(
        help_text="The banner disappears by itself at this time."
    )
    active = models.BooleanField(
        default=True, help_text="Untick to take the banner down now."
    )

    objects = BreakingNewsQuerySet.as_manager()

    panels = [
        FieldPanel("headline"),
        MultiFieldPanel(
            [FieldPanel("link_page"), FieldPanel("link_url")], heading="Link"
        ),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("expires_at")]),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["-starts_at"]
        verbose_name_plural = "breaking news"
        indexes = [models.Index(fields=["expires_at", "starts_at"])]

    def __str__(self) -> str:
        return self.headline

    @property
    def url(self) -> str:
        if self.link_page_id and self.link_page.live:
            return self.link_page.url or ""
        return self.link_url


class PinnedRelatedStory(Orderable):
    """A story an editor puts first in another story's "You may also like"."""

    article = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="pinned_related"
    )
    story = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("story")]

    class Meta(Orderable.Meta):
        verbose_name = "pinned related story"


class RelatedStory(models.Model):
    """One line of a story's stored related list, computed on publish."""

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_rows"
    )
    related = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField()
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"], name="unique_related_story"
            )
        ]
        indexes = [models.Index(fields=["related"], name="discovery_related_idx")]

    def __str__(self) -> str:
        return f"{self.rank + 1}. {self.related_id} under {self.article_id}"


class DailyViewCount(models.Model):
    """How many times a story was read on a day: no reader, address or cookie."""

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day"], name="unique_views_per_article_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="discovery_views_day_idx")]

    def __str__(self) -> str:
        return f"{self.views} views of {self.article_id} on {self.day}"


# Front page curation. These inline models hang off the articles app's pages
# (ParentalKey), so editors change them in the page editor, with revisions,
# preview and publishing like any other edit; see
# docs/decisions/0005-front-page-curation.md.


class StoryPick(Orderable):
    """A story an editor puts in a slot; an empty or stale slot takes the latest."""

    story = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("story")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return str(self.story)


class FrontPageLead(StoryPick):
    """The front page's lead: the biggest headline, with picture and standfirst."""

    home = ParentalKey(
        "articles.HomePage", on_delete=models.CASCADE, related_name="lead_pick"
    )

    class Meta(StoryPick.Meta):
        verbose_name = "lead story"


class FrontPageFeatured(StoryPick):
    """One story in the featured row under the lead, in the editor's order."""

    home = ParentalKey(
        "articles.HomePage", on_delete=models.CASCADE, related_name="featured_picks"
    )

    class Meta(StoryPick.Meta):
        verbose_name = "featured story"


class FrontPageSection(Orderable):
    """A section block on the front page: which section, in what order, how many."""

    home = ParentalKey(
        "articles.HomePage", on_delete=models.CASCADE, related_name="section_picks"
    )
    section = models.ForeignKey(
        "articles.SectionPage", on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveSmallIntegerField(
        "stories",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="How many of the section's latest stories the block shows.",
    )

    panels = [FieldRowPanel([FieldPanel("section"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = "section block"

    def __str__(self) -> str:
        return str(self.section)


class SectionFeatured(StoryPick):
    """The story a section shows first, on its own page and in its front page block."""

    section = ParentalKey(
        "articles.SectionPage", on_delete=models.CASCADE, related_name="featured_picks"
    )

    class Meta(StoryPick.Meta):
        verbose_name = "featured story"
