"""Each newsroom role can do its job and nothing more."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site, Workflow
from wagtail.test.utils.form_data import querydict_from_html

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticleFactory, SectionFactory
from masthead.newsroom.roles import ADMINISTRATORS, EDITORS, REPORTERS

pytestmark = pytest.mark.django_db


def member_of(role: str, username: str):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def section():
    return SectionFactory(slug="national")


def submit_new_story(client, section, action: str, title="A reporter's first story"):
    """Fill in the real 'add article' form as the browser would, and post it."""
    url = f"/admin/pages/add/articles/articlepage/{section.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    data["title"] = title
    data["slug"] = "first-story"
    data["body-count"] = "0"  # the body editor is built by JavaScript in a browser
    data[action] = "1"
    return client.post(url, data)


def test_roles_exist_after_migrating():
    for role in (REPORTERS, EDITORS, ADMINISTRATORS):
        assert Group.objects.filter(name=role).exists()
    home = Site.objects.get(is_default_site=True).root_page
    assert Workflow.objects.get(name="Editor review").workflow_pages.filter(page=home)


def test_reporter_writes_a_draft_and_submits_it_for_review(client, section):
    client.force_login(member_of(REPORTERS, "rahima"))
    submit_new_story(client, section, "action-submit")
    story = ArticlePage.objects.get(slug="first-story")
    assert not story.live
    assert story.current_workflow_state.status == "in_progress"


def test_reporter_cannot_publish_from_the_editor(client, section):
    client.force_login(member_of(REPORTERS, "rahima"))
    response = submit_new_story(client, section, "action-publish")
    assert response.status_code in (200, 302, 403)
    assert not ArticlePage.objects.filter(slug="first-story", live=True).exists()


def test_reporter_cannot_publish_through_the_bulk_action(client, section):
    draft = ArticleFactory(parent=section)
    draft.unpublish()
    client.force_login(member_of(REPORTERS, "rahima"))
    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}", {})
    assert response.status_code in (200, 302, 403)
    assert not Page.objects.get(pk=draft.pk).live


def test_reporter_cannot_edit_someone_elses_story(client, section):
    story = ArticleFactory(parent=section)
    client.force_login(member_of(REPORTERS, "rahima"))
    response = client.get(f"/admin/pages/{story.pk}/edit/")
    assert response.status_code in (302, 403)


def test_editor_publishes(client, section):
    client.force_login(member_of(EDITORS, "nasima"))
    response = submit_new_story(client, section, "action-publish")
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="first-story").live


def test_only_administrators_change_site_settings(client):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/core/sitesettings/{site.pk}/"
    client.force_login(member_of(EDITORS, "nasima"))
    assert client.get(url).status_code in (302, 403)
    client.force_login(member_of(ADMINISTRATORS, "kamal"))
    assert client.get(url).status_code == 200


def test_editor_can_publish_through_the_bulk_action(client, section):
    """The same bulk route the reporter is refused works for an editor."""
    draft = ArticleFactory(parent=section)
    draft.unpublish()
    client.force_login(member_of(EDITORS, "nasima"))
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}", {})
    assert Page.objects.get(pk=draft.pk).live
