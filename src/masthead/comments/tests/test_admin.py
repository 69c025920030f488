"""Editors moderate through the queue in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from masthead.comments.models import BlockedSender, Comment
from masthead.comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/snippets/comments/comment/"


@pytest.fixture
def moderator(client):
    user = User.objects.create_user("mod", "mod@example.org", "pw-for-tests-only")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_queue_shows_pending_comments_with_sender_details(client, moderator):
    held = CommentFactory(
        status=Comment.PENDING,
        name="Pending Person",
        email="pending@example.org",
        ip_address="192.0.2.44",
        held_because="new commenter",
    )
    CommentFactory(name="Approved Person")
    response = client.get(QUEUE, {"status": "pending"})
    assert response.status_code == 200
    html = response.content.decode()
    for shown in (
        "Pending Person",
        "pending@example.org",
        "192.0.2.44",
        held.article.title,
    ):
        assert shown in html
    assert "Approved Person" not in html


def test_moderators_have_a_pending_queue_in_the_menu(client, moderator):
    html = client.get("/admin/").content.decode()
    assert "Pending queue" in html
    assert f"{QUEUE}?status=pending" in html


def test_bulk_approve_and_mark_as_spam(client, moderator):
    a, b, c = (CommentFactory(status=Comment.PENDING) for _ in range(3))
    for action, ids, status in (
        ("approve", [a.pk, b.pk], Comment.APPROVED),
        ("spam", [c.pk], Comment.SPAM),
    ):
        url = reverse("wagtail_bulk_action", args=("comments", "comment", action))
        query = "&".join(f"id={pk}" for pk in ids) + f"&next={QUEUE}"
        confirm = client.get(f"{url}?{query}")
        assert confirm.status_code == 200
        response = client.post(f"{url}?{query}")
        assert response.status_code == 302
        assert set(
            Comment.objects.filter(pk__in=ids).values_list("status", flat=True)
        ) == {status}


def test_bulk_block_marks_spam_and_refuses_the_sender_next_time(client, moderator):
    comment = CommentFactory(
        status=Comment.PENDING, email="spammer@example.org", ip_address="192.0.2.13"
    )
    url = reverse("wagtail_bulk_action", args=("comments", "comment", "block"))
    response = client.post(f"{url}?id={comment.pk}&next={QUEUE}")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.SPAM
    assert BlockedSender.blocks("SPAMMER@example.org", None)
    assert BlockedSender.blocks("", "192.0.2.13")


def test_moderator_edits_a_comment_and_blocks_a_sender(client, moderator):
    comment = CommentFactory(text="Typo in here.")
    edit = reverse("wagtailsnippets_comments_comment:edit", args=(comment.pk,))
    response = client.post(
        edit,
        {
            "status": "approved",
            "name": comment.name,
            "email": comment.email,
            "website": "",
            "text": "Typo fixed.",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Typo fixed."

    add = reverse("wagtailsnippets_comments_blockedsender:add")
    response = client.post(add, {"email": "", "ip_address": "192.0.2.9", "reason": "x"})
    assert response.status_code == 302
    assert BlockedSender.blocks("", "192.0.2.9")


def test_newsroom_users_outside_the_moderating_groups_cannot_moderate(client):
    user = User.objects.create_user("rep", "rep@example.org", "pw-for-tests-only")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    assert client.get(QUEUE).status_code in (302, 403)
