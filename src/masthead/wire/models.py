"""Wire sources and the agency stories taken in from them.

A `WireSource` is a feed URL or a drop folder, with the agency to credit and
the section its stories are drafted in. A `WireItem` remembers each agency
story by its original GUID, so re-ingesting never duplicates it, and keeps the
revision ingest made, so an agency update can tell whether an editor has
touched the draft since.
"""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from masthead.articles.models import Agency, ArticlePage, SectionPage


class WireSource(models.Model):
    """Where agency copy comes from, whose it is, and where its drafts go."""

    FEED = "feed"
    FOLDER = "folder"
    KINDS = ((FEED, "RSS or Atom feed (URL)"), (FOLDER, "Drop folder (files)"))

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=KINDS, default=FEED)
    url = models.URLField(
        "feed URL", max_length=500, blank=True, help_text="For a feed: its address."
    )
    path = models.CharField(
        "folder",
        max_length=500,
        blank=True,
        help_text="For a drop folder: the absolute path on the server where the "
        "agency's RSS, Atom, NewsML-G2 or NITF files (.xml, .rss, .atom, .nitf) "
        "arrive.",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="wire_sources",
        help_text="Credited on every story from this source.",
    )
    section = models.ForeignKey(
        SectionPage,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Drafts are created here, unpublished, for an editor to publish.",
    )
    active = models.BooleanField(
        default=True, help_text="Checked by `masthead worker` every few minutes."
    )
    last_run_at = models.DateTimeField("last checked", null=True, editable=False)
    last_result = models.CharField(max_length=300, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("url"), FieldPanel("path")],
            heading="Where the copy comes from",
        ),
        FieldRowPanel([FieldPanel("agency"), FieldPanel("section")]),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.FEED and not self.url:
            raise ValidationError({"url": "A feed needs its URL."})
        if self.kind == self.FOLDER:
            if not self.path:
                raise ValidationError({"path": "A drop folder needs its path."})
            if not self.path.startswith("/"):
                raise ValidationError(
                    {"path": "Give the full path, starting with '/'."}
                )


class WireItemQuerySet(models.QuerySet):
    def in_queue(self) -> "WireItemQuerySet":
        """Wire drafts no editor has published yet, newest first."""
        return (
            self.filter(
                page__isnull=False,
                page__live=False,
                page__first_published_at__isnull=True,
            )
            .select_related("page", "source", "source__agency")
            .order_by("-received_at", "-pk")
        )


class WireItem(models.Model):
    """One agency story: its GUID at the source and the draft made from it."""

    source = models.ForeignKey(
        WireSource, on_delete=models.CASCADE, related_name="items"
    )
    guid = models.CharField("agency's id", max_length=500)
    page = models.ForeignKey(
        ArticlePage,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty once an editor deletes (spikes) the draft.",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision ingest saved last: any later one is an editor's.",
    )
    content_hash = models.CharField(max_length=64)
    agency_updated_at = models.DateTimeField(
        null=True, help_text="The agency's own time for this version, if it gave one."
    )
    received_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        null=True, help_text="When the agency's latest update rewrote the draft."
    )

    objects = WireItemQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid"], name="unique_wire_guid_per_source"
            )
        ]
        indexes = [models.Index(fields=["-received_at"], name="wire_item_received")]

    def __str__(self) -> str:
        return f"{self.source}: {self.guid}"

    def edited_in_newsroom(self) -> bool:
        """True once anyone but ingest saved or published the draft."""
        page = self.page
        return bool(
            page is not None
            and (
                page.live
                or page.first_published_at is not None
                or page.latest_revision_id != self.revision_id
            )
        )
