"""A reporter files a story for review; an editor approves it; readers see it."""

import pytest
from django.contrib.auth.models import Group, User

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import SectionFactory
from tests.e2e.conftest import DESKTOP, screenshot

# The live server sees only committed data.
pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Night trains return to the northern line"
STANDFIRST = "Services resume on Monday after six months of track repairs."


def person(username: str, role: str) -> None:
    user = User.objects.create_user(username, password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=role))


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def test_story_goes_from_reporter_to_editor_to_readers(open_page, live_server):
    section = SectionFactory(title="Transport", slug="transport")
    person("rahima", "Reporters")
    person("nasima", "Editors")

    reporter = open_page(DESKTOP)
    sign_in(reporter, live_server.url, "rahima")
    reporter.goto(
        f"{live_server.url}/admin/pages/add/articles/articlepage/{section.pk}/"
    )
    reporter.get_by_role("textbox", name="Headline").fill(HEADLINE)
    reporter.get_by_role("textbox", name="Standfirst").fill(STANDFIRST)
    reporter.get_by_role("tab", name="Promote").click()
    reporter.get_by_role("textbox", name="Slug").fill("night-trains")
    reporter.get_by_role("button", name="Save draft").click()
    reporter.wait_for_url("**/edit/")
    assert reporter.get_by_text("created").first.is_visible()

    # The publish button is not offered to a reporter, only review.
    reporter.get_by_role("button", name="More actions").click()
    assert reporter.get_by_role("button", name="Publish").count() == 0
    reporter.get_by_role("button", name="Submit to Editor review").click()
    reporter.wait_for_url(f"**/admin/pages/{section.pk}/")
    assert reporter.get_by_text("has been submitted for moderation").is_visible()
    screenshot(reporter, "newsroom-submitted")
    story = ArticlePage.objects.get(title=HEADLINE)
    assert not story.live

    editor = open_page(DESKTOP)
    sign_in(editor, live_server.url, "nasima")
    awaiting = editor.locator("#newsroom-section")
    assert awaiting.get_by_role("link", name=HEADLINE).is_visible()
    screenshot(editor, "newsroom-dashboard")
    awaiting.get_by_role("link", name=HEADLINE).first.click()
    editor.wait_for_url("**/edit/")
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Approve and Publish", exact=True).click()
    editor.wait_for_url(f"**/admin/pages/{section.pk}/")
    row = editor.get_by_role("row").filter(has_text=HEADLINE)
    assert "LIVE" in row.inner_text().upper()

    story.refresh_from_db()
    assert story.live
    readers = open_page(DESKTOP)
    readers.goto(live_server.url + story.url)
    assert readers.get_by_role("heading", level=1, name=HEADLINE).is_visible()
    assert readers.get_by_text(STANDFIRST).is_visible()
    assert readers.foreign_requests == []
