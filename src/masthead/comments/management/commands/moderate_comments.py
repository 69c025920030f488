from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from masthead.comments.models import Comment


class Command(BaseCommand):
    help = "List comments waiting for moderation, or approve, spam or delete them."

    def add_arguments(self, parser):
        parser.add_argument("--approve", nargs="+", type=int, default=[], metavar="ID")
        parser.add_argument("--spam", nargs="+", type=int, default=[], metavar="ID")
        parser.add_argument("--delete", nargs="+", type=int, default=[], metavar="ID")
        parser.add_argument(
            "--approve-all", action="store_true", help="approve every pending comment"
        )

    def handle(self, *args, approve, spam, delete, approve_all, **options):
        if not (approve or spam or delete or approve_all):
            self.list_pending()
            return
        wanted = {*approve, *spam, *delete}
        found = Comment.objects.in_bulk(wanted)
        missing = sorted(wanted - found.keys())
        if missing:
            raise CommandError(
                "no comment with id "
                + ", ".join(map(str, missing))
                + " (run without options to list pending comments)"
            )
        with transaction.atomic():
            if approve_all:
                pending = list(Comment.objects.pending())
                for comment in pending:
                    comment.approve()
                self.stdout.write(f"approved {len(pending)} pending comments")
            for pk in approve:
                found[pk].approve()
                self.stdout.write(f"approved {pk}")
            for pk in spam:
                found[pk].mark_spam()
                self.stdout.write(f"marked {pk} as spam")
            for pk in delete:
                found[pk].delete()
                self.stdout.write(f"deleted {pk}")

    def list_pending(self) -> None:
        pending = Comment.objects.pending().select_related("article")
        if not pending:
            self.stdout.write("No comments are waiting for moderation.")
            return
        for c in pending:
            excerpt = " ".join(c.text.split())[:60]
            self.stdout.write(
                f"{c.pk:>6}  {c.created_at:%Y-%m-%d %H:%M}  {c.name[:20]:<20}  "
                f"{c.article.title[:30]:<30}  {excerpt}"
            )
