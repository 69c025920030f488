from django.core.management.base import BaseCommand
from django.db import transaction

from masthead.cache.signals import bump as refresh_pages
from masthead.comments.models import Comment

ERASED_NAME = "Former reader"
ERASED_TEXT = "This comment was removed at its writer's request."


class Command(BaseCommand):
    help = (
        "Erase a commenter's data: comments without replies are deleted; those "
        "with replies keep their place in the thread with name and text removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--yes", action="store_true", help="do it; without this, only say what"
        )

    def handle(self, *args, email, yes, **options):
        comments = Comment.objects.by_email(email)
        with_replies = set(
            comments.filter(replies__isnull=False).values_list("pk", flat=True)
        )
        delete = [
            pk for pk in comments.values_list("pk", flat=True) if pk not in with_replies
        ]
        if not yes:
            self.stdout.write(
                f"Would delete {len(delete)} and anonymise {len(with_replies)} "
                f"comments by {email}. Run again with --yes to do it."
            )
            return
        with transaction.atomic():
            Comment.objects.filter(pk__in=delete).delete()
            Comment.objects.filter(pk__in=with_replies).update(
                name=ERASED_NAME,
                email="",
                website="",
                text=ERASED_TEXT,
                ip_address=None,
            )
            refresh_pages()  # an update() sends no signal
        self.stdout.write(
            f"Deleted {len(delete)} and anonymised {len(with_replies)} comments "
            f"by {email}."
        )
