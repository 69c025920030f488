"""Accounts: passwords, sessions, two-factor sign-in, and the audit log an
administrator reads in Reports → Site history."""

import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry, PageLogEntry, Site

from masthead.articles.tests.factories import ArticleFactory
from masthead.comments.models import Comment
from masthead.comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a sturdy passphrase for tests"


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser("chief", password=PASSWORD)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def form_data(
    html: str, form_selector: str = "form[method=POST], form[method=post]"
) -> dict:
    """What the browser would send back for the form as the page shows it."""
    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") != "file":
            data[name] = field.get("value", "")
    return data


def test_the_admin_refuses_a_common_password_for_a_new_user(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "username": "newbie",
            "email": "newbie@example.org",
            "first_name": "New",
            "last_name": "Reporter",
            "password1": "password123",
            "password2": "password123",
        },
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_changing_ones_password_refuses_a_common_one(admin_client, admin_user):
    response = admin_client.post(
        "/admin/account/",
        {
            "password-old_password": PASSWORD,
            "password-new_password1": "password123",
            "password-new_password2": "password123",
        },
    )
    assert "This password is too common." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)


def test_sessions_last_twelve_hours_by_default(client, admin_user, settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    client.post("/admin/login/", {"username": "chief", "password": PASSWORD})
    assert 12 * 3600 - 60 <= client.session.get_expiry_age() <= 12 * 3600


def test_a_session_ends_when_its_age_is_reached(client, admin_user, settings):
    settings.SESSION_COOKIE_AGE = 1
    client.post(
        "/admin/login/", {"username": "chief", "password": PASSWORD, "remember": "on"}
    )
    assert client.get("/admin/").status_code == 200
    time.sleep(2.1)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.fixture
def device(admin_user):
    return TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)


def sign_in_with_password(client):
    response = client.post("/admin/login/", {"username": "chief", "password": PASSWORD})
    assert response.status_code == 302


def test_a_user_with_a_device_must_give_a_code_before_the_admin(client, device):
    sign_in_with_password(client)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/verify/")
    wrong = client.post("/admin/two-factor/verify/", {"code": "123456"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    too_soon = client.post("/admin/two-factor/verify/", {"code": "123456"})
    assert "Too many wrong codes" in too_soon.content.decode()
    time.sleep(1.1)  # django-otp lets the next try come 1 s after a wrong one
    right = client.post(
        "/admin/two-factor/verify/",
        {"code": f"{totp(device.bin_key):06d}", "next": "/admin/pages/"},
    )
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_a_used_code_is_not_taken_twice(client, device):
    code = f"{totp(device.bin_key):06d}"
    sign_in_with_password(client)
    client.post("/admin/two-factor/verify/", {"code": code})
    client.logout()
    sign_in_with_password(client)
    again = client.post("/admin/two-factor/verify/", {"code": code})
    assert "That code is not right" in again.content.decode()


def test_without_a_device_two_factor_is_optional_by_default(client, admin_user):
    sign_in_with_password(client)
    assert client.get("/admin/pages/").status_code == 200


def test_required_two_factor_sends_users_without_a_device_to_set_it_up(
    client, admin_user, settings
):
    settings.MASTHEAD_2FA = "required"
    sign_in_with_password(client)
    response = client.get("/admin/pages/")
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith("/admin/two-factor/?next=")
    setup = client.get("/admin/two-factor/")
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    client.post("/admin/two-factor/", {"code": f"{totp(device.bin_key):06d}"})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/pages/").status_code == 200


def test_turning_it_off_asks_for_the_password(admin_client, admin_user, device):
    # force_login left the session unverified: give the code first.
    admin_client.post(
        "/admin/two-factor/verify/", {"code": f"{totp(device.bin_key):06d}"}
    )
    refused = admin_client.post("/admin/two-factor/", {"password": "guess"})
    assert "That is not your password." in refused.content.decode()
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    admin_client.post("/admin/two-factor/", {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=admin_user).exists()


def test_publishing_and_unpublishing_are_in_the_site_history(admin_client, admin_user):
    story = ArticleFactory(title="Tea auction prices climb")
    story.save_revision(user=admin_user).publish(user=admin_user)  # as the editor does
    response = admin_client.post(f"/admin/pages/{story.pk}/unpublish/", {})
    assert response.status_code == 302
    entries = PageLogEntry.objects.filter(page=story, user=admin_user)
    assert {"wagtail.publish", "wagtail.unpublish"} <= set(
        entries.values_list("action", flat=True)
    )
    history = admin_client.get("/admin/reports/site-history/").content.decode()
    assert "Tea auction prices climb" in history
    assert "Published" in history and "Unpublished" in history


def test_site_settings_changes_are_in_the_site_history(admin_client, admin_user):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/core/sitesettings/{site.pk}/"
    data = form_data(admin_client.get(url).content.decode())
    data["publication_name"] = "The Evening Lantern"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ModelLogEntry.objects.get(action="wagtail.edit", user=admin_user)
    assert entry.content_type.model == "sitesettings"
    assert entry.timestamp is not None
    history = admin_client.get("/admin/reports/site-history/").content.decode()
    assert "Site settings" in history or "site settings" in history.lower()


def test_user_changes_are_in_the_site_history(admin_client, admin_user):
    admin_client.post(
        "/admin/users/new/",
        {
            "username": "newbie",
            "email": "newbie@example.org",
            "first_name": "New",
            "last_name": "Reporter",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    newbie = get_user_model().objects.get(username="newbie")
    entry = ModelLogEntry.objects.get(action="wagtail.create", object_id=str(newbie.pk))
    assert entry.user == admin_user


def test_comment_moderation_is_in_the_site_history(admin_client, admin_user):
    approved, spam, blocked = (
        CommentFactory(status=Comment.PENDING, name=name)
        for name in ("Kind Reader", "Spam Bot", "Repeat Spammer")
    )
    for action, comment in (
        ("approve", approved),
        ("spam", spam),
        ("block", blocked),
    ):
        url = reverse("wagtail_bulk_action", args=("comments", "comment", action))
        response = admin_client.post(f"{url}?id={comment.pk}")
        assert response.status_code == 302
        entry = ModelLogEntry.objects.get(
            action=f"masthead.comments.{action}", object_id=str(comment.pk)
        )
        assert entry.user == admin_user
    history = admin_client.get("/admin/reports/site-history/").content.decode()
    for shown in (
        "Comment approved",
        "Comment marked as spam",
        "Comment marked as spam, sender blocked",
    ):
        assert shown in history


def test_editing_a_user_and_a_group_is_in_the_site_history(admin_client, admin_user):
    reporter = get_user_model().objects.create_user("rahim", password=PASSWORD)
    url = f"/admin/users/edit/{reporter.pk}/"
    data = form_data(admin_client.get(url).content.decode())
    data.update(first_name="Rahim", last_name="Uddin", email="rahim@example.org")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    edited = ModelLogEntry.objects.get(
        action="wagtail.edit", object_id=str(reporter.pk)
    )
    assert edited.user == admin_user
    group = Group.objects.get(name="Editors")
    url = f"/admin/groups/edit/{group.pk}/"
    data = form_data(admin_client.get(url).content.decode())
    data["name"] = "Desk editors"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    renamed = ModelLogEntry.objects.for_instance(group).get(action="wagtail.edit")
    assert renamed.user == admin_user
