"""What happens when a comment is saved: moderators hear of new pending ones."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_save

from masthead.comments.models import Comment


def notify_moderators(comment: Comment) -> None:
    recipients = settings.MASTHEAD_MODERATOR_EMAILS
    if not recipients:
        return
    admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    send_mail(
        subject=f"Comment to moderate on “{comment.article.title}”",
        message=(
            f"{comment.name} wrote ({comment.held_because}):\n\n{comment.text}\n\n"
            f"Moderate it at {admin}/admin/snippets/comments/comment/"
            "?status=pending\n"
        ),
        from_email=None,
        recipient_list=recipients,
        fail_silently=True,
    )


def on_comment_saved(sender, instance: Comment, created: bool, **kwargs) -> None:
    if created and instance.status == Comment.PENDING:
        transaction.on_commit(lambda: notify_moderators(instance))


def connect() -> None:
    post_save.connect(on_comment_saved, sender=Comment, dispatch_uid="comment-pending")
