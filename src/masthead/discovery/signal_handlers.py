"""What publishing, unpublishing and deleting a story do to related lists, and
what saving a breaking-news banner does to the cached one."""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.signals import page_published, page_unpublished

from masthead.articles.models import ArticlePage
from masthead.discovery.breaking import forget_banner
from masthead.discovery.models import BreakingNews
from masthead.discovery.related import forget_rendered_lists, forget_story
from masthead.discovery.tasks import compute_related_task, refresh_related_task


def on_article_published(sender, instance, **kwargs) -> None:
    forget_rendered_lists()  # its headline may show in other stories' blocks
    refresh_related_task.enqueue(instance.pk)  # its list and its neighbours'


def on_article_gone(sender, instance, **kwargs) -> None:
    forget_rendered_lists()
    for article_id in forget_story(instance.pk):
        compute_related_task.enqueue(article_id)


def on_article_deleting(sender, instance, **kwargs) -> None:
    # Read before the rows cascade away; recomputed once the story is gone.
    instance._related_to = forget_story(instance.pk)


def on_article_deleted(sender, instance, **kwargs) -> None:
    forget_rendered_lists()
    for article_id in getattr(instance, "_related_to", ()):
        compute_related_task.enqueue(article_id)


def on_banner_changed(sender, **kwargs) -> None:
    forget_banner()


def connect() -> None:
    page_published.connect(
        on_article_published, sender=ArticlePage, dispatch_uid="related-publish"
    )
    page_unpublished.connect(
        on_article_gone, sender=ArticlePage, dispatch_uid="related-unpublish"
    )
    pre_delete.connect(
        on_article_deleting, sender=ArticlePage, dispatch_uid="related-deleting"
    )
    post_delete.connect(
        on_article_deleted, sender=ArticlePage, dispatch_uid="related-deleted"
    )
    post_save.connect(
        on_banner_changed, sender=BreakingNews, dispatch_uid="banner-save"
    )
    post_delete.connect(
        on_banner_changed, sender=BreakingNews, dispatch_uid="banner-delete"
    )
