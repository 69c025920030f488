"""A full review cycle: submit, send back with a comment, fix, resubmit, approve."""

import pytest
from wagtail.models import Page, TaskState

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import SectionFactory
from masthead.newsroom.roles import EDITORS, REPORTERS
from masthead.newsroom.tests.factories import member_of, post_edit, post_new_story

pytestmark = pytest.mark.django_db

FEEDBACK = "Add the minister's response before this runs."


def act_on_review(client, story, action: str, comment: str = ""):
    task_state = TaskState.objects.get(status="in_progress")
    return client.post(
        f"/admin/pages/workflow/action/{story.pk}/{action}/{task_state.pk}/",
        {"comment": comment},
    )


def test_review_cycle_from_draft_to_published(client):
    section = SectionFactory(slug="politics")
    reporter = member_of(REPORTERS, "rahima")
    editor = member_of(EDITORS, "nasima")

    client.force_login(reporter)
    post_new_story(
        client, section, title="Budget talks stall", **{"action-submit": "1"}
    )
    story = ArticlePage.objects.get(slug="first-story")
    assert story.current_workflow_state.status == "in_progress"

    # While it is with the editors, the reporter cannot overwrite it.
    post_edit(client, story, title="Sneaky late change")
    story.refresh_from_db()
    assert story.get_latest_revision().as_object().title == "Budget talks stall"
    assert "locked" in client.get(f"/admin/pages/{story.pk}/edit/").content.decode()

    client.force_login(editor)
    response = act_on_review(client, story, "reject", FEEDBACK)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.current_workflow_state.status == "needs_changes"
    assert not story.live

    client.force_login(reporter)
    editor_view = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert "Changes requested" in editor_view
    assert "Add the minister&#x27;s response" in editor_view
    post_edit(
        client,
        story,
        title="Budget talks stall as minister responds",
        **{"action-submit": "1"},
    )
    story.refresh_from_db()
    assert story.current_workflow_state.status == "in_progress"
    assert story.get_latest_revision().as_object().title == (
        "Budget talks stall as minister responds"
    )

    client.force_login(editor)
    response = act_on_review(client, story, "approve", "Good to go.")
    assert response.status_code == 302
    story = Page.objects.get(pk=story.pk)
    assert story.live
    assert story.title == "Budget talks stall as minister responds"
    assert client.get(story.url).status_code == 200
