"""Stories with the words a search test needs, published like an editor would."""

from datetime import timedelta

from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticleFactory


def story(headline="Council meets", body="The council met.", days_old=0, **kwargs):
    """A published story; days_old moves its publication date back."""
    kwargs.setdefault("standfirst", "")
    article = ArticleFactory(
        title=headline, body=[("paragraph", f"<p>{body}</p>")], **kwargs
    )
    if days_old:
        when = timezone.now() - timedelta(days=days_old)
        ArticlePage.objects.filter(pk=article.pk).update(
            first_published_at=when, last_published_at=when
        )
        article.refresh_from_db()
    return article
