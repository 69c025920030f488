"""A reader comments on a story, a moderator approves it, another reader replies."""

import pytest
from django.contrib.auth.models import Group, User

from masthead.articles.tests.factories import ArticleFactory
from masthead.comments.models import Comment
from tests.e2e.conftest import DESKTOP, PHONE, screenshot
from tests.e2e.test_reader_quality import axe_violations

# The live server sees only committed data.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story(settings):
    # A person in a test browser types faster than any person could.
    settings.MASTHEAD_COMMENT_MIN_SECONDS = 0
    return ArticleFactory(title="Ferry service resumes after river dredging")


def fill(page, **fields):
    for label, value in fields.items():
        page.get_by_role("textbox", name=label).fill(value)


def approve_in_the_admin(page, base_url: str, comment: Comment) -> None:
    """An editor signs in, opens the pending queue and approves the comment."""
    moderator = User.objects.create_user("moderator", password="pw-for-tests-only")
    moderator.groups.add(Group.objects.get(name="Editors"))
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Comments").click()
    page.get_by_role("link", name="Pending queue", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Nasrin Haque")
    assert "nasrin@example.org" in row.inner_text()
    row.get_by_role("checkbox").check()
    page.get_by_role("link", name="Approve the selected comments").click()
    page.get_by_role("button", name="Yes, go ahead").click()
    page.wait_for_load_state()
    assert page.get_by_text("1 comment: approved.").is_visible()
    comment.refresh_from_db()
    assert comment.status == Comment.APPROVED


def test_reader_comments_and_sees_it_after_moderation(open_page, live_server, story):
    page = open_page(DESKTOP)
    page.goto(live_server.url + story.url)
    form = page.locator("form.comment-form")
    assert not form.is_visible()
    page.get_by_text("Click to comment").click()
    assert form.is_visible()
    assert page.get_by_text("Your email address will never be published.").is_visible()

    fill(page, Name="Nasrin Haque", Comment="The dredging should have come sooner.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert page.get_by_text("This field is required.").is_visible()
    assert page.get_by_role("textbox", name="Comment").input_value() == (
        "The dredging should have come sooner."
    )
    assert page.get_by_role("textbox", name="Name").input_value() == "Nasrin Haque"
    screenshot(page, "comment-error")
    faults = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert faults == []

    fill(page, Email="nasrin@example.org")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(f"**{story.url}?comment=held#comments")
    assert page.get_by_text("Your comment is held for moderation").is_visible()
    assert page.foreign_requests == []
    screenshot(page, "comment-held")

    comment = Comment.objects.get()
    approve_in_the_admin(open_page(DESKTOP), live_server.url, comment)

    page.goto(live_server.url + story.url)
    assert page.get_by_text("The dredging should have come sooner.").is_visible()
    assert "(1)" in page.locator("#comments-title").inner_text()

    page.get_by_role("link", name="Reply to Nasrin Haque").click()
    assert page.get_by_text("Replying to Nasrin Haque.").is_visible()
    fill(
        page,
        Name="Karim",
        Email="karim@example.org",
        Comment="It came as fast as it could.",
    )
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url("**?comment=held#comments")
    Comment.objects.get(name="Karim").approve()

    page.goto(live_server.url + story.url)
    reply = page.locator(f"#comment-{comment.pk} .comment-replies .comment")
    assert reply.count() == 1
    assert "It came as fast as it could." in reply.inner_text()
    screenshot(page, "comment-thread")
    faults = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert faults == []


def test_comment_form_fits_a_phone(open_page, live_server, story):
    page = open_page(PHONE)
    page.goto(live_server.url + story.url)
    page.get_by_text("Click to comment").click()
    assert page.get_by_role("button", name="Post comment").is_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
