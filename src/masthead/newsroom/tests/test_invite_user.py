"""Administrators invite people to the newsroom with a role."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_invited_reporter_gets_the_role_and_a_link_to_choose_a_password(capsys, client):
    call_command(
        "invite_user", "Rahima@Example.com", role="reporter", name="Rahima Akter"
    )
    user = get_user_model().objects.get(email__iexact="rahima@example.com")
    assert list(user.groups.values_list("name", flat=True)) == ["Reporters"]
    assert not user.has_usable_password()
    assert user.get_full_name() == "Rahima Akter"
    link = capsys.readouterr().out.split("link: ")[1].strip()
    assert link in mail.outbox[0].body
    path = link.split("127.0.0.1:8000", 1)[1]
    assert client.get(path, follow=True).status_code == 200


@pytest.mark.parametrize(
    ("email", "message"),
    [("not-an-email", "not an email"), ("dup@example.com", "already")],
)
def test_bad_invitations_are_refused_in_one_line(email, message):
    get_user_model().objects.create_user("dup", "dup@example.com")
    with pytest.raises(CommandError, match=message):
        call_command("invite_user", email, role="editor")
