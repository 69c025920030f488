"""Any change a reader could see moves the content generation on.

Rather than listing the models that matter (and one day forgetting one), every
save and delete does, except those listed here as never shown to readers. A
new model is therefore fresh by default. Changes made without signals
(queryset.update(), bulk_create, raw SQL) must call bump() themselves, as the
corpus generator does.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.settings.models import BaseSiteSetting

from masthead.cache import purge
from masthead.cache.generation import generation

# Models whose rows no public page shows (label_lower of the model).
NEVER_PUBLIC = {
    "sessions.session",
    "admin.logentry",
    "contenttypes.contenttype",
    "auth.user",
    "auth.group",
    "auth.permission",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",  # the editors' comments on drafts
    "wagtailcore.commentreply",
    "wagtailcore.grouppagepermission",
    "wagtailcore.groupcollectionpermission",
    "wagtailusers.userprofile",
    "wagtailadmin.editingsession",
    "wagtailadmin.admin",
    "wagtailimages.rendition",
    "core.customrendition",
    "django_tasks_database.dbtaskresult",
    "discovery.dailyviewcount",
    "comments.blockedsender",
}


def bump() -> None:
    """Move the generation on now and again when the transaction commits: a
    page rendered in between, from data read before the commit, is stored
    under the generation it read first, so it is never served after."""
    generation().bump()
    transaction.on_commit(generation().bump)


def changed(sender, instance=None, created=False, **kwargs) -> None:
    if sender._meta.label_lower in NEVER_PUBLIC:
        return
    if created and isinstance(instance, BaseSiteSetting):
        # Made with its defaults by the first page that reads it, which
        # showed those defaults already; an editor's change is an update.
        return
    public_if = getattr(instance, "cache_relevant", None)
    if public_if is not None and not public_if():
        return
    bump()
    purge.note_change(instance)


def headlines_changed(sender, **kwargs) -> None:
    from masthead.cache.views import remember_latest_headlines

    transaction.on_commit(remember_latest_headlines)


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(headlines_changed, dispatch_uid="masthead.cache.live")
    page_unpublished.connect(headlines_changed, dispatch_uid="masthead.cache.down")
    post_save.connect(changed, dispatch_uid="masthead.cache.saved")
    post_delete.connect(changed, dispatch_uid="masthead.cache.deleted")
    m2m_changed.connect(changed, dispatch_uid="masthead.cache.m2m")
