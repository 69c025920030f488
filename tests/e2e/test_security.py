"""Content-Security-Policy is strict and breaks nothing: the reader's pages and
the newsroom's admin load in Chromium with no violation reported; and an
editor turns on two-factor sign-in and signs in with a code."""

import re
import time

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from masthead.articles.tests.factories import ArticleFactory, home_page
from tests.e2e.conftest import DESKTOP, screenshot

# The live server sees only committed data.
pytestmark = pytest.mark.django_db(transaction=True)

# What Chromium writes to the console when a policy stops something, or when
# it cannot read a policy header.
POLICY_WORDS = re.compile(r"Content.Security.Policy|Permissions.Policy", re.I)


def watch(page):
    page.policy_problems = []
    page.on(
        "console",
        lambda message: (
            POLICY_WORDS.search(message.text)
            and page.policy_problems.append(f"{page.url}: {message.text}")
        ),
    )
    return page


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def story(settings):
    settings.MASTHEAD_COMMENT_MIN_SECONDS = 0  # a test browser types fast
    return ArticleFactory(title="Ferry service resumes after river dredging")


def test_reader_pages_load_with_no_policy_violation(open_page, live_server, story):
    page = watch(open_page(DESKTOP))
    beacons = []
    page.on(
        "response",
        lambda r: "/discovery/seen/" in r.url and beacons.append(r.status),
    )
    response = page.goto(live_server.url + "/")
    assert "default-src 'self'" in response.headers["content-security-policy"]

    page.goto(live_server.url + story.url)
    page.wait_for_load_state("networkidle")
    assert beacons == [200]  # the read counter still counts
    page.get_by_text("Click to comment").click()
    page.get_by_role("textbox", name="Name").fill("Nasrin Haque")
    page.get_by_role("textbox", name="Email").fill("nasrin@example.org")
    page.get_by_role("textbox", name="Comment").fill("The dredging came late.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(f"**{story.url}?comment=held#comments")

    page.goto(live_server.url + "/search/?q=ferry")
    assert page.get_by_role("link", name=story.title).first.is_visible()
    page.goto(live_server.url + "/no-such-page/")
    assert page.policy_problems == []


def test_admin_pages_load_with_no_policy_violation(open_page, live_server, story):
    User.objects.create_superuser("editor", password="pw-for-tests-only")
    page = watch(open_page(DESKTOP))
    sign_in(page, live_server.url, "editor")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in (
        f"/admin/pages/{story.pk}/edit/",
        f"/admin/pages/{story.get_parent().pk}/",
        "/admin/images/",
        "/admin/users/",
        "/admin/reports/site-history/",
        "/admin/two-factor/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    # The editor's live preview shows the page in a frame of the admin.
    page.goto(f"{live_server.url}/admin/pages/{story.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.get_by_role("heading", name=story.title).wait_for()
    screenshot(page, "security-editor-preview")
    assert page.policy_problems == []


def test_editor_turns_on_two_factor_and_signs_in_with_a_code(open_page, live_server):
    home_page()  # the dashboard summarises the page tree: it needs one
    User.objects.create_superuser("editor", password="pw-for-tests-only")
    page = watch(open_page(DESKTOP))
    sign_in(page, live_server.url, "editor")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/two-factor/")
    assert page.locator("main svg path").count() > 0  # the QR code
    device = TOTPDevice.objects.get(user__username="editor")
    page.get_by_role("textbox", name="Code from your authenticator app").fill(
        f"{totp(device.bin_key):06d}"
    )
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.get_by_text("Two-factor sign-in is on").wait_for()

    page.context.clear_cookies()
    sign_in(page, live_server.url, "editor")
    page.wait_for_url("**/admin/two-factor/verify/**")
    page.get_by_role("textbox", name="Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    page.locator(".messages").get_by_text("That code is not right").wait_for()
    page.goto(f"{live_server.url}/admin/pages/")  # no way round the code
    page.wait_for_url("**/admin/two-factor/verify/**")
    screenshot(page, "security-two-factor-code")
    time.sleep(1.1)  # django-otp lets the next try come 1 s after a wrong one
    # The code of the next 30 seconds: the one just used is never taken twice.
    device.refresh_from_db()
    page.get_by_role("textbox", name="Code from your authenticator app").fill(
        f"{totp(device.bin_key, drift=1):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/")
    assert page.policy_problems == []


def test_a_locked_out_editor_is_told_why_on_the_sign_in_page(
    open_page, live_server, settings
):
    settings.MASTHEAD_RATE_LIMIT_LOGIN = "off"  # the lock-out alone, here
    home_page()
    User.objects.create_superuser("editor", password="pw-for-tests-only")
    page = watch(open_page(DESKTOP))
    for _ in range(5):
        page.goto(f"{live_server.url}/admin/login/")
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill("a wrong guess")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
    sign_in(page, live_server.url, "editor")  # the right password, too late
    page.get_by_text("Too many failed sign-in attempts").wait_for()
    assert page.get_by_role("heading", name="Sign in to Wagtail").is_visible()
    assert page.url == f"{live_server.url}/admin/login/"
    screenshot(page, "security-locked-out")
    assert page.policy_problems == []
