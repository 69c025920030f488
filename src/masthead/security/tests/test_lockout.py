"""Sign-in lock-out: repeated failures lock the account from anywhere, and the
address for any account; the lock ends by itself; a good sign-in resets."""

import logging
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import ModelLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "a sturdy passphrase for tests"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """The rate limit on sign-in requests (masthead.limits, tested there) is a
    second guard; these tests look at the lock-out alone."""
    settings.MASTHEAD_RATE_LIMIT_LOGIN = "off"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("editor", password=PASSWORD)


def sign_in(client, username, password, ip="203.0.113.7"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(client, times, username="editor", ip="203.0.113.7"):
    for _ in range(times):
        response = sign_in(client, username, "wrong password", ip)
    return response


def test_five_failures_lock_the_account_even_with_the_right_password(
    client, editor, caplog
):
    assert fail(client, 4).status_code == 200  # a plain "wrong password"
    with caplog.at_level(logging.WARNING, logger="masthead.security"):
        locked = fail(client, 1)
    assert locked.status_code == 429
    assert "Sign-in locked out" in caplog.text and "203.0.113.7" in caplog.text
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign in to Wagtail" in page  # Wagtail's page, with the reason
    assert "Too many failed sign-in attempts" in page
    assert "15 minutes" in page
    entry = ModelLogEntry.objects.get(action="masthead.locked_out")
    assert entry.object_id == str(editor.pk) and entry.data["ip"] == "203.0.113.7"


def test_another_address_cannot_sign_in_to_a_locked_account(client, editor):
    fail(client, 5, ip="203.0.113.7")
    assert sign_in(client, "editor", PASSWORD, ip="198.51.100.9").status_code == 429


def test_one_address_is_locked_across_usernames(client, editor):
    for name in ("alice", "bob", "carol", "dave", "erin"):
        fail(client, 1, username=name, ip="203.0.113.7")
    assert sign_in(client, "editor", PASSWORD, ip="203.0.113.7").status_code == 429
    # The editor, elsewhere, is not locked out by someone else's guessing.
    assert signed_in(sign_in(client, "editor", PASSWORD, ip="198.51.100.9"))


def test_the_address_is_the_readers_behind_a_trusted_proxy(client, editor, settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 1
    for name in ("alice", "bob", "carol", "dave", "erin"):
        client.post(
            "/admin/login/",
            {"username": name, "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    other_reader = client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert signed_in(other_reader)


def test_the_lock_ends_after_the_cool_off(client, editor, settings):
    # Each failure keeps the count for the cool-off from then: 3 s is ample
    # between two requests, even on a busy machine.
    settings.AXES_COOLOFF_TIME = timedelta(seconds=3)
    fail(client, 5)
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    time.sleep(3.5)  # the cache lets the counts expire
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_a_good_sign_in_resets_the_count(client, editor):
    fail(client, 4)
    assert signed_in(sign_in(client, "editor", PASSWORD))
    client.logout()
    assert fail(client, 4).status_code == 200  # four more are not five
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_an_administrator_can_lift_a_lock_out(client, editor):
    fail(client, 5)
    call_command("axes_reset_username", "editor", verbosity=0)
    call_command("axes_reset_ip", "203.0.113.7", verbosity=0)
    assert signed_in(sign_in(client, "editor", PASSWORD))
