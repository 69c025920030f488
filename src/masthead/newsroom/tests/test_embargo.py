"""An embargoed story cannot go out early by any route; it can be scheduled
for the embargo time, and its preview stays inside the newsroom."""

import time
from datetime import timedelta

import pytest
from django.urls import get_resolver
from django.utils import timezone
from wagtail.models import Page, TaskState

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import SectionFactory
from masthead.newsroom.embargo import EmbargoError
from masthead.newsroom.roles import EDITORS, REPORTERS
from masthead.newsroom.scheduler import publish_due
from masthead.newsroom.tests.factories import (
    admin_time,
    member_of,
    post_edit,
    post_new_story,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    return SectionFactory(slug="national")


@pytest.fixture
def embargoed(section):
    """A draft under embargo for another hour."""
    story = ArticlePage(
        title="Central bank cuts rates",
        slug="rate-cut",
        embargo_until=timezone.now() + timedelta(hours=1),
        live=False,
    )
    section.add_child(instance=story)
    story.save_revision()
    return story


def is_live(story) -> bool:
    return Page.objects.get(pk=story.pk).live


def messages_on(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def editor(client):
    client.force_login(member_of(EDITORS, "nasima"))
    return client


def test_publishing_in_code_is_refused(embargoed):
    with pytest.raises(EmbargoError, match="under embargo until"):
        embargoed.get_latest_revision().publish()
    assert not is_live(embargoed)
    assert not embargoed.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_scheduling_before_the_embargo_is_refused(embargoed):
    embargoed.go_live_at = embargoed.embargo_until - timedelta(minutes=5)
    with pytest.raises(EmbargoError):
        embargoed.save_revision(clean=False).publish()
    assert not embargoed.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_a_story_scheduled_for_its_embargo_goes_out_then(section):
    lifts = timezone.now() + timedelta(seconds=1)
    story = ArticlePage(
        title="Exam results", slug="results", embargo_until=lifts, live=False
    )
    section.add_child(instance=story)
    story.go_live_at = lifts
    story.save_revision().publish()  # scheduled: allowed
    assert not is_live(story)
    time.sleep(1.2)
    publish_due()
    assert is_live(story)


def test_nothing_saved_live_before_its_embargo(section, embargoed):
    made_in_code = ArticlePage(
        title="Made in code", embargo_until=embargoed.embargo_until
    )
    section.add_child(instance=made_in_code)
    assert not is_live(made_in_code)  # a new story under embargo is a draft
    embargoed.live = True
    with pytest.raises(EmbargoError):
        embargoed.save()
    assert not is_live(embargoed)


def test_go_live_time_before_the_embargo_is_a_form_error(editor, embargoed):
    response = post_edit(
        editor,
        embargoed,
        go_live_at=admin_time(embargoed.embargo_until - timedelta(minutes=30)),
        **{"action-publish": "1"},
    )
    assert response.status_code == 200
    assert "schedule it for then or later" in response.content.decode()
    assert not embargoed.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_editor_publishing_from_the_edit_view_is_told_why_not(editor, embargoed):
    response = post_edit(editor, embargoed, **{"action-publish": "1"})
    assert response.status_code == 302
    assert response.url == f"/admin/pages/{embargoed.pk}/edit/"
    assert not is_live(embargoed)
    page = editor.get(response.url)
    assert "is under embargo until" in messages_on(page)


def test_editor_can_schedule_it_for_the_embargo_from_the_edit_view(editor, embargoed):
    lifts = embargoed.embargo_until.replace(second=0, microsecond=0) + timedelta(
        minutes=1
    )
    response = post_edit(
        editor, embargoed, go_live_at=admin_time(lifts), **{"action-publish": "1"}
    )
    assert response.status_code == 302
    assert not is_live(embargoed)
    scheduled = embargoed.revisions.get(approved_go_live_at__isnull=False)
    assert scheduled.approved_go_live_at == lifts


def test_editor_creating_and_publishing_an_embargoed_story_is_refused(editor, section):
    response = post_new_story(
        editor,
        section,
        embargo_until=admin_time(timezone.now() + timedelta(hours=2)),
        **{"action-publish": "1"},
    )
    story = ArticlePage.objects.get(slug="first-story")
    assert response.status_code == 302
    assert not story.live
    assert "is under embargo until" in messages_on(editor.get(response.url))


def test_bulk_publish_refuses_the_batch(editor, section, embargoed):
    other = ArticlePage(title="Weather", slug="weather", live=False)
    section.add_child(instance=other)
    other.save_revision()
    response = editor.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={other.pk}&id={embargoed.pk}"
        f"&next=/admin/pages/{section.pk}/",
        {},
    )
    assert response.status_code == 302
    assert not is_live(embargoed)
    assert not is_live(other)  # nothing half-done
    assert "is under embargo until" in messages_on(editor.get(response.url))


@pytest.mark.parametrize("from_modal", [False, True])
def test_workflow_approval_is_refused_and_the_review_stays_open(
    client, section, from_modal
):
    client.force_login(member_of(REPORTERS, "rahima"))
    post_new_story(
        client,
        section,
        embargo_until=admin_time(timezone.now() + timedelta(hours=2)),
        **{"action-submit": "1"},
    )
    embargoed = ArticlePage.objects.get(slug="first-story")
    task_state = TaskState.objects.get(status="in_progress")
    client.force_login(member_of(EDITORS, "salma"))
    headers = {"x-requested-with": "XMLHttpRequest"} if from_modal else {}
    response = client.post(
        f"/admin/pages/workflow/action/{embargoed.pk}/approve/{task_state.pk}/",
        {"comment": "Good to go"},
        headers=headers,
    )
    edit_url = f"/admin/pages/{embargoed.pk}/edit/"
    if from_modal:  # the modal takes the editor back to the story
        assert response.json()["redirect"] == edit_url
    else:
        assert response.status_code == 302
        assert response.url == edit_url
    assert not is_live(embargoed)
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    assert "is under embargo until" in messages_on(client.get(edit_url))


def test_preview_and_draft_need_a_newsroom_login(client, embargoed):
    for url in (
        f"/admin/pages/{embargoed.pk}/edit/preview/",
        f"/admin/pages/{embargoed.pk}/view_draft/",
        f"/api/v2/pages/{embargoed.pk}/",
        embargoed.url or "/national/rate-cut/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert "Central bank cuts rates" not in response.content.decode()
        if response.status_code == 302:
            assert response.url.startswith("/admin/login/")


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from walk(pattern.url_patterns, route)
        else:
            yield route


def test_no_preview_route_outside_the_admin():
    """No "share this preview" link exists for anyone outside the newsroom."""
    routes = list(walk(get_resolver().url_patterns))
    previews = [r for r in routes if "preview" in r or "share" in r]
    assert previews, "the admin's preview routes should be found"
    assert all(r.startswith("admin/") for r in previews), previews


def test_an_embargo_extended_in_a_newer_draft_holds_a_scheduled_story(section):
    """Scheduled for the old embargo, then the agency moves it: the scheduler
    holds the story until the new time, and still publishes the others."""
    lifts = timezone.now() + timedelta(seconds=1)
    story = ArticlePage(
        title="Trade figures", slug="trade", embargo_until=lifts, live=False
    )
    section.add_child(instance=story)
    story.go_live_at = lifts
    story.save_revision().publish()
    moved = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    story.embargo_until = moved
    story.go_live_at = moved
    story.save_revision()  # a draft: the old revision stays scheduled
    other = ArticlePage(title="Weather", slug="weather", live=False)
    section.add_child(instance=other)
    other.go_live_at = lifts
    other.save_revision().publish()

    time.sleep(1.2)
    publish_due()
    assert not is_live(story)
    assert story.revisions.get(
        approved_go_live_at__isnull=False
    ).approved_go_live_at == (moved)
    assert is_live(other)
