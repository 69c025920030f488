import json

from django.core.management.base import BaseCommand

from masthead.comments.models import BlockedSender, Comment


def commenter_data(email: str) -> dict:
    """Everything Masthead holds about the person with this email address."""
    comments = Comment.objects.by_email(email).select_related("article")
    return {
        "email": email,
        "comments": [
            {
                "id": c.pk,
                "article": c.article.title,
                "article_url": c.article.full_url,
                "in_reply_to": c.parent_id,
                "name": c.name,
                "email": c.email,
                "website": c.website,
                "text": c.text,
                "status": c.status,
                "ip_address": c.ip_address,
                "created_at": c.created_at.isoformat(),
            }
            for c in comments
        ],
        "blocked": [
            {"reason": b.reason, "since": b.created_at.isoformat()}
            for b in BlockedSender.objects.filter(email__iexact=email)
        ],
    }


class Command(BaseCommand):
    help = "Print as JSON everything held about a commenter (a data access request)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        self.stdout.write(
            json.dumps(commenter_data(email), indent=2, ensure_ascii=False)
        )
