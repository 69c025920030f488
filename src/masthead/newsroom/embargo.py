"""Embargoes: a story held until a set time cannot reach readers earlier.

The rule is checked where every route to readers passes: ArticlePage.publish
(admin create view, bulk publish, workflow approval, the scheduler, code),
the before_publish_page hook (the admin's edit view, which publishes without
calling publish()), and ArticlePage.save() for anything live. Scheduling the
story for the embargo time or later is allowed: that is how it goes out.
"""

import logging

from django.utils import timezone

logger = logging.getLogger(__name__)

SCHEDULED = "wagtail.publish.scheduled"  # how publish_scheduled logs its publishing


class EmbargoError(Exception):
    """Publishing this story now would break its embargo.

    Not a PermissionDenied: the admin turns those into a vague "no permission"
    redirect; EmbargoMiddleware shows this message instead.
    """


def embargo_time(moment) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y, %H:%M %Z")


def embargo_message(page) -> str:
    return (
        f"“{page.title}” is under embargo until {embargo_time(page.embargo_until)} "
        "and was not published. To have it go out then, set its go-live time "
        "(Schedule publishing) to that time or later."
    )


def breaks_embargo(page, now=None) -> bool:
    """Would publishing `page` (as it stands in the revision) put it in front of
    readers before its embargo? Scheduled for the embargo or later is fine."""
    now = now or timezone.now()
    embargo = getattr(page, "embargo_until", None)
    if embargo is None or embargo <= now:
        return False
    return page.go_live_at is None or page.go_live_at < embargo


def check_embargo(page, live: bool = False) -> None:
    """Raise EmbargoError if publishing `page` now, or having it `live` now,
    breaks its embargo."""
    if breaks_embargo(page) or (
        live and page.embargo_until and page.embargo_until > timezone.now()
    ):
        raise EmbargoError(embargo_message(page))


def story_to_publish(page, revision):
    """The story as `revision` would publish it, under the later of its own
    embargo and the one in the newest draft: the desk's latest word wins."""
    story = revision.as_object()
    latest = page.get_latest_revision()
    if latest is not None and latest.pk != revision.pk:
        newest = getattr(latest.as_object(), "embargo_until", None)
        if newest and (story.embargo_until is None or newest > story.embargo_until):
            story.embargo_until = newest
    return story


def hold_for_embargo(page, revision, log_action=None) -> bool:
    """Before `revision` of `page` is published: raise EmbargoError if that
    would break the embargo. The scheduler is not refused but held: the
    revision is rescheduled for the embargo time (so one held story never
    stops the others going out) and True is returned."""
    story = story_to_publish(page, revision)
    if not breaks_embargo(story):
        return False
    if log_action == SCHEDULED:
        revision.approved_go_live_at = story.embargo_until
        revision.save(update_fields=["approved_go_live_at"])
        logger.warning(
            "held %r until its embargo lifts at %s",
            story.title,
            embargo_time(story.embargo_until),
        )
        return True
    raise EmbargoError(embargo_message(story))
