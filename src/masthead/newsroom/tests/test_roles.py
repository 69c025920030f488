"""Each newsroom role can do its job and nothing more, proved route by route."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    GroupPagePermission,
    Page,
    Site,
    Task,
    TaskState,
    Workflow,
)
from wagtail.test.utils.form_data import querydict_from_html

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticleFactory, SectionFactory
from masthead.comments.models import Comment
from masthead.comments.tests.factories import CommentFactory
from masthead.core.models import SiteSettings
from masthead.discovery.models import BreakingNews
from masthead.newsroom.roles import ADMINISTRATORS, EDITORS, REPORTERS, ensure_roles
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
def reporter(client):
    user = member_of(REPORTERS, "rahima")
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = member_of(EDITORS, "nasima")
    client.force_login(user)
    return user


@pytest.fixture
def administrator(client):
    user = member_of(ADMINISTRATORS, "kamal")
    client.force_login(user)
    return user


def draft_by(owner, section, slug="own-draft") -> ArticlePage:
    story = ArticlePage(title="A draft", slug=slug, owner=owner, live=False)
    section.add_child(instance=story)
    story.save_revision(user=owner)
    return story


def is_live(page) -> bool:
    return Page.objects.get(pk=page.pk).live


# The roles themselves


def test_the_admin_shows_only_masthead_roles_and_workflow():
    """Wagtail's default "Moderators" group and "Moderators approval" workflow
    are gone; what is left is ours."""
    assert set(Group.objects.values_list("name", flat=True)) == {
        REPORTERS,
        EDITORS,
        ADMINISTRATORS,
    }
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Editor review"]
    assert list(Task.objects.values_list("name", flat=True)) == ["Editor approval"]
    home = Site.objects.get(is_default_site=True).root_page
    assert Workflow.objects.get().workflow_pages.filter(page=home).exists()
    # Editors' rights start at the front page, not Wagtail's tree root.
    assert not GroupPagePermission.objects.filter(page__depth=1).exists()


def test_setting_up_roles_again_changes_nothing():
    before = (
        GroupPagePermission.objects.count(),
        Group.objects.count(),
        Workflow.objects.count(),
    )
    ensure_roles()
    ensure_roles()
    after = (
        GroupPagePermission.objects.count(),
        Group.objects.count(),
        Workflow.objects.count(),
    )
    assert after == before


def test_a_moderators_group_with_people_in_it_is_kept():
    moderators = Group.objects.create(name="Moderators")
    moderators.user_set.add(get_user_model().objects.create_user("old-hand"))
    ensure_roles()
    assert Group.objects.filter(name="Moderators").exists()


# Reporters


def test_reporter_writes_a_draft_and_submits_it_for_review(client, section, reporter):
    post_new_story(client, section, **{"action-submit": "1"})
    story = ArticlePage.objects.get(slug="first-story")
    assert not story.live
    assert story.current_workflow_state.status == "in_progress"


def test_reporter_edits_their_own_draft(client, section, reporter):
    story = draft_by(reporter, section)
    response = post_edit(client, story, title="A better headline")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.get_latest_revision().as_object().title == "A better headline"


def test_reporter_cannot_publish_a_new_story_from_the_editor(client, section, reporter):
    post_new_story(client, section, **{"action-publish": "1"})
    assert not ArticlePage.objects.filter(live=True, slug="first-story").exists()


def test_reporter_cannot_publish_their_own_draft_from_the_editor(
    client, section, reporter
):
    story = draft_by(reporter, section)
    post_edit(client, story, **{"action-publish": "1"})
    assert not is_live(story)


def test_reporter_cannot_schedule_their_draft(client, section, reporter):
    story = draft_by(reporter, section)
    post_edit(
        client,
        story,
        go_live_at=admin_time(timezone.now() + timedelta(hours=1)),
        **{"action-publish": "1"},
    )
    assert not story.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_reporter_cannot_publish_through_the_bulk_action(client, section, reporter):
    story = draft_by(reporter, section)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={story.pk}", {})
    assert response.status_code in (302, 403)
    assert not is_live(story)


def test_reporter_cannot_approve_their_own_submission(client, section, reporter):
    post_new_story(client, section, **{"action-submit": "1"})
    story = ArticlePage.objects.get(slug="first-story")
    task_state = TaskState.objects.get(status="in_progress")
    url = f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/"
    response = client.post(url, {"comment": "Looks fine to me"})
    assert response.status_code in (302, 403)
    assert not is_live(story)
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"


def test_reporter_cannot_unpublish(client, section, reporter):
    story = ArticleFactory(parent=section, owner=reporter)
    response = client.post(f"/admin/pages/{story.pk}/unpublish/")
    assert response.status_code in (302, 403)
    assert is_live(story)


def test_nobody_publishes_through_the_api(client, section, reporter):
    """The API is read-only: writing to it is refused for everyone."""
    story = draft_by(reporter, section)
    for method in ("post", "put", "patch", "delete"):
        for url in ("/api/v2/pages/", f"/api/v2/pages/{story.pk}/"):
            response = getattr(client, method)(
                url, {"live": True}, content_type="application/json"
            )
            assert response.status_code in (404, 405), (method, url)
    assert not is_live(story)


def test_reporter_cannot_edit_someone_elses_story(client, section, reporter):
    story = ArticleFactory(parent=section)
    response = client.get(f"/admin/pages/{story.pk}/edit/")
    assert response.status_code in (302, 403)
    client.post(
        f"/admin/pages/{story.pk}/edit/",
        {"title": "Taken over", "slug": story.slug, "action-publish": "1"},
    )
    story.refresh_from_db()
    assert story.title != "Taken over"
    assert story.get_latest_revision().as_object().title != "Taken over"


def test_reporter_cannot_set_the_breaking_banner_or_moderate(client, reporter):
    CommentFactory(status=Comment.PENDING)
    for url in (
        "/admin/snippets/discovery/breakingnews/add/",
        "/admin/snippets/comments/comment/",
        f"/admin/settings/core/sitesettings/{Site.objects.get().pk}/",
        "/admin/users/",
    ):
        assert client.get(url).status_code in (302, 403), url


# Editors


def test_editor_publishes(client, section, editor):
    response = post_new_story(client, section, **{"action-publish": "1"})
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="first-story").live


def test_editor_edits_and_publishes_a_reporters_draft(client, section, editor):
    story = draft_by(member_of(REPORTERS, "rahima"), section)
    post_edit(client, story, title="Edited by the desk", **{"action-publish": "1"})
    story.refresh_from_db()
    assert story.live
    assert story.title == "Edited by the desk"


def test_editor_schedules(client, section, editor):
    story = draft_by(member_of(REPORTERS, "rahima"), section)
    at = (timezone.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    post_edit(client, story, go_live_at=admin_time(at), **{"action-publish": "1"})
    assert not is_live(story)
    assert (
        story.revisions.get(approved_go_live_at__isnull=False).approved_go_live_at == at
    )


def test_editor_unpublishes(client, section, editor):
    story = ArticleFactory(parent=section)
    response = client.post(f"/admin/pages/{story.pk}/unpublish/")
    assert response.status_code == 302
    assert not is_live(story)


def test_editor_can_publish_through_the_bulk_action(client, section, editor):
    """The same bulk route the reporter is refused works for an editor."""
    story = draft_by(member_of(REPORTERS, "rahima"), section)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    client.post(f"{url}?id={story.pk}", {})
    assert is_live(story)


def test_editor_moderates_comments(client, editor):
    comment = CommentFactory(status=Comment.PENDING)
    assert client.get("/admin/snippets/comments/comment/").status_code == 200
    url = reverse("wagtail_bulk_action", args=("comments", "comment", "approve"))
    client.post(f"{url}?id={comment.pk}")
    comment.refresh_from_db()
    assert comment.status == Comment.APPROVED


def test_editor_sets_the_breaking_banner(client, editor):
    url = "/admin/snippets/discovery/breakingnews/add/"
    assert client.get(url).status_code == 200
    starts = timezone.now()
    response = client.post(
        url,
        {
            "headline": "Cyclone warning for the coast",
            "link_url": "https://example.org/cyclone",
            "starts_at": admin_time(starts),
            "expires_at": admin_time(starts + timedelta(hours=6)),
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert BreakingNews.objects.get().headline == "Cyclone warning for the coast"


def test_editor_edits_the_front_page(client, editor):
    home = Site.objects.get(is_default_site=True).root_page
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200


def test_editor_compares_and_reverts_revisions(client, section, editor):
    story = ArticleFactory(parent=section, title="First version")
    story.title = "Second version"
    story.save_revision().publish()
    first, second = story.revisions.order_by("created_at")
    compare = client.get(
        f"/admin/pages/{story.pk}/revisions/compare/{first.pk}...{second.pk}/"
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "First" in html
    assert "Second" in html
    revert = client.get(f"/admin/pages/{story.pk}/revisions/{first.pk}/revert/")
    assert revert.status_code == 200
    assert 'value="First version"' in revert.content.decode()


def test_editor_locks_a_story(client, section, editor):
    story = ArticleFactory(parent=section)
    client.post(f"/admin/pages/{story.pk}/lock/")
    story.refresh_from_db()
    assert story.locked
    assert story.locked_by.username == "nasima"


def test_editor_cannot_change_site_settings_or_users(client, editor):
    site = Site.objects.get(is_default_site=True)
    assert client.get(f"/admin/settings/core/sitesettings/{site.pk}/").status_code in (
        302,
        403,
    )
    assert client.get("/admin/users/").status_code in (302, 403)


# Administrators


def test_administrator_changes_site_settings_and_users(client, administrator):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/core/sitesettings/{site.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="w-editor-form")
    data["publication_name"] = "The Evening Ledger"
    assert client.post(url, data).status_code == 302
    assert SiteSettings.for_site(site).publication_name == "The Evening Ledger"
    assert client.get("/admin/users/").status_code == 200
    reporter = member_of(REPORTERS, "rahima")
    edit_user = reverse("wagtailusers_users:edit", args=[reporter.pk])
    form = client.get(edit_user)
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="w-editor-form")
    data.setlist("groups", [str(Group.objects.get(name=EDITORS).pk)])
    data["first_name"], data["last_name"], data["is_active"] = "Rahima", "Akter", "on"
    assert client.post(edit_user, data).status_code == 302
    assert list(reporter.groups.values_list("name", flat=True)) == [EDITORS]
    assert client.get("/admin/groups/").status_code == 200
