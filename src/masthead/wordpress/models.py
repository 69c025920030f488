from django.db import models
from django.utils import timezone


class ImportedItem(models.Model):
    """Which WordPress thing became which of ours, so that importing the same
    site again updates what the first import made instead of adding copies.

    Posts, attachments and comments are keyed by their WordPress ids; authors
    by login; categories and tags by slug (what a post's item refers to them
    by). `source` is the exported site's address, so two sites' ids never mix.
    """

    POST = "post"
    ATTACHMENT = "attachment"
    UPLOAD = "upload"  # an image file a post shows without an attachment item
    COMMENT = "comment"
    AUTHOR = "author"
    CATEGORY = "category"  # a top-level category: a section
    CATEGORY_TAG = "category_tag"  # a sub-category, or a story's other ones: a tag
    TAG = "tag"
    KINDS = (
        (POST, "Post → article"),
        (ATTACHMENT, "Attachment → image"),
        (UPLOAD, "Uploaded file → image"),
        (COMMENT, "Comment → comment"),
        (AUTHOR, "Author → author page"),
        (CATEGORY, "Category → section"),
        (CATEGORY_TAG, "Category → tag"),
        (TAG, "Tag → tag"),
    )

    source = models.CharField(
        max_length=200, help_text="The exported site's address, e.g. news.example.com"
    )
    kind = models.CharField(max_length=20, choices=KINDS)
    wp_id = models.CharField("WordPress id", max_length=200)
    object_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Ours; empty when nothing came of it."
    )
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text="A digest of what the export said: unchanged means no update.",
    )
    note = models.CharField(max_length=300, blank=True)
    run = models.CharField(
        max_length=32, blank=True, help_text="The import run that last saw it."
    )
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_id"], name="unique_wordpress_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.wp_id} from {self.source}"
