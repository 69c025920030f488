"""Readers' comments on articles, the senders we refuse, and closed threads.

Comments are our own small model rather than django-contrib-comments: that
package's form is bound to a CSRF token and a per-render security hash, which
a whole-page cache cannot serve (docs/decisions/0002-comments-and-the-page-cache.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from masthead.articles.models import ArticlePage


class CommentQuerySet(models.QuerySet):
    def published(self) -> "CommentQuerySet":
        return self.filter(status=Comment.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.PENDING)

    def on(self, article) -> "CommentQuerySet":
        return self.filter(article=article)

    def by_email(self, email: str) -> "CommentQuerySet":
        return self.filter(email__iexact=email.strip())


class Comment(models.Model):
    """A reader's comment, or a reply to one, on an article."""

    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    STATUSES = ((PENDING, "Pending"), (APPROVED, "Approved"), (SPAM, "Spam"))

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment this one replies to.",
    )
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    name = models.CharField(max_length=80)
    email = models.EmailField(blank=True, help_text="Never published.")
    website = models.URLField(blank=True)
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=STATUSES, default=PENDING, db_index=True
    )
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    spam_score = models.PositiveSmallIntegerField(default=0)
    held_because = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    panels = [
        FieldPanel("status"),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("website"),
        FieldPanel("text"),
    ]

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"],
                name="comment_thread",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} on “{self.article.title}”"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._published_when_loaded = self.pk is not None and self.is_published

    def save(self, *args, **kwargs):
        self.depth = self.parent.depth + 1 if self.parent_id else 1
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.APPROVED

    def cache_relevant(self) -> bool:
        """Readers see a change only to a published comment, or one becoming
        published: a held or spam comment changes no page (masthead.cache)."""
        return self.is_published or self._published_when_loaded

    def approve(self) -> None:
        self.status = self.APPROVED
        self.approved_at = self.approved_at or timezone.now()
        self.save(update_fields=["status", "approved_at"])

    def mark_spam(self) -> None:
        self.status = self.SPAM
        self.save(update_fields=["status"])


def published_comments_for(article) -> list[Comment]:
    """The article's approved comments, oldest first, replies included.

    One query, kept on the article for the rest of the request (the thread and
    the JSON-LD both show them); no email or IP address is loaded, and feeds and
    JSON-LD must never print either.
    """
    if not hasattr(article, "_published_comments"):
        article._published_comments = list(
            Comment.objects.published()
            .on(article)
            .defer("email", "ip_address")
            .order_by("created_at", "pk")
        )
    return article._published_comments


def comment_count(article) -> int:
    """How many approved comments the article has (JSON-LD commentCount)."""
    return Comment.objects.published().on(article).count()


class BlockedSender(models.Model):
    """An email address or IP address whose comments are refused."""

    email = models.EmailField(blank=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("email"), FieldPanel("ip_address"), FieldPanel("reason")]

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | models.Q(ip_address__isnull=False),
                name="blocked_sender_has_email_or_ip",
            )
        ]

    def __str__(self) -> str:
        return " / ".join(filter(None, [self.email, self.ip_address])) or "(empty)"

    @classmethod
    def blocks(cls, email: str, ip_address: str | None) -> bool:
        query = models.Q(email__iexact=email.strip()) if email else models.Q(pk=None)
        if ip_address:
            query |= models.Q(ip_address=ip_address)
        return cls.objects.filter(query).exists()


class ClosedThread(models.Model):
    """An article whose comments an editor has closed."""

    article = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, related_name="closed_thread"
    )
    reason = models.CharField(max_length=200, blank=True)
    closed_at = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("article"), FieldPanel("reason")]

    class Meta:
        ordering = ["-closed_at"]

    def __str__(self) -> str:
        return f"Comments closed on “{self.article.title}”"


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """How comments are moderated and limited on this site."""

    HOLD_ALL = "hold_all"
    TRUST_REGULARS = "trust_regulars"
    MODERATION_MODES = (
        (HOLD_ALL, "Hold every comment for moderation"),
        (TRUST_REGULARS, "Publish at once for readers with earlier approved comments"),
    )

    moderation = models.CharField(
        max_length=20, choices=MODERATION_MODES, default=HOLD_ALL
    )
    trusted_after = models.PositiveSmallIntegerField(
        "approved comments before trust",
        default=3,
        help_text="How many earlier approved comments make a reader trusted.",
    )
    close_after_days = models.PositiveIntegerField(
        default=0, help_text="Close comments on articles older than this; 0 = never."
    )
    blocked_words = models.TextField(
        blank=True,
        help_text="One word or phrase per line. A comment containing one is held "
        "for moderation, whatever the rule above says.",
    )
    max_links = models.PositiveSmallIntegerField(
        default=2, help_text="Comments with more links than this are refused."
    )
    per_ip_per_hour = models.PositiveSmallIntegerField(
        "comments per IP address per hour", default=10
    )
    per_email_per_hour = models.PositiveSmallIntegerField(
        "comments per email address per hour", default=5
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("moderation"), FieldPanel("trusted_after")],
            heading="Moderation",
        ),
        FieldPanel("close_after_days"),
        FieldPanel("blocked_words"),
        MultiFieldPanel(
            [
                FieldPanel("max_links"),
                FieldPanel("per_ip_per_hour"),
                FieldPanel("per_email_per_hour"),
            ],
            heading="Limits",
        ),
    ]

    class Meta:
        verbose_name = "comment settings"

    @property
    def blocked_word_list(self) -> list[str]:
        return [
            w.strip().casefold() for w in self.blocked_words.splitlines() if w.strip()
        ]

    def closes(self, article) -> bool:
        """True if the age rule closes comments on this article."""
        if not self.close_after_days or not article.first_published_at:
            return False
        age = timezone.now() - article.first_published_at
        return age.days >= self.close_after_days


def comments_open(article, policy: CommentSettings) -> bool:
    if policy.closes(article):
        return False
    return not ClosedThread.objects.filter(article_id=article.pk).exists()


def max_depth() -> int:
    return settings.MASTHEAD_COMMENT_MAX_DEPTH
