"""The moderation and commenter-data commands."""

import json

import pytest
from django.core.management import CommandError, call_command

from masthead.comments.models import BlockedSender, Comment
from masthead.comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_moderate_comments_lists_pending_only():
    held = CommentFactory(status=Comment.PENDING, text="Please approve me.")
    CommentFactory(text="Already out.")
    listing = run("moderate_comments")
    assert str(held.pk) in listing
    assert "Please approve me." in listing
    assert "Already out." not in listing


def test_moderate_comments_says_when_nothing_waits():
    assert "No comments are waiting" in run("moderate_comments")


def test_moderate_comments_approves_spams_and_deletes():
    a, b, c = (CommentFactory(status=Comment.PENDING) for _ in range(3))
    run("moderate_comments", "--approve", a.pk, "--spam", b.pk, "--delete", c.pk)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == Comment.APPROVED
    assert a.approved_at is not None
    assert b.status == Comment.SPAM
    assert not Comment.objects.filter(pk=c.pk).exists()


def test_moderate_comments_approve_all():
    CommentFactory.create_batch(3, status=Comment.PENDING)
    assert "approved 3 pending comments" in run("moderate_comments", "--approve-all")
    assert not Comment.objects.pending().exists()


def test_moderate_comments_unknown_id_is_one_clear_error():
    ok = CommentFactory(status=Comment.PENDING)
    with pytest.raises(CommandError, match="no comment with id 999999"):
        run("moderate_comments", "--approve", ok.pk, "999999")
    ok.refresh_from_db()
    assert ok.status == Comment.PENDING  # nothing half-done


def test_export_commenter_data_prints_everything_held():
    comment = CommentFactory(email="ada@example.org", ip_address="192.0.2.5")
    CommentFactory(email="someone.else@example.org")
    BlockedSender.objects.create(email="ada@example.org", reason="shouting")
    data = json.loads(run("export_commenter_data", "ADA@example.org"))
    assert [c["text"] for c in data["comments"]] == [comment.text]
    assert data["comments"][0]["ip_address"] == "192.0.2.5"
    assert data["comments"][0]["article"] == comment.article.title
    assert data["blocked"][0]["reason"] == "shouting"


def test_erase_commenter_data_only_says_what_without_yes():
    CommentFactory(email="ada@example.org")
    assert "Would delete 1 and anonymise 0" in run(
        "erase_commenter_data", "ada@example.org"
    )
    assert Comment.objects.count() == 1


def test_erase_commenter_data_deletes_and_keeps_threads_whole():
    alone = CommentFactory(email="ada@example.org")
    answered = CommentFactory(email="ada@example.org", ip_address="192.0.2.5")
    reply = CommentFactory(article=answered.article, parent=answered)
    run("erase_commenter_data", "ada@example.org", "--yes")
    assert not Comment.objects.filter(pk=alone.pk).exists()
    answered.refresh_from_db()
    assert answered.email == ""
    assert answered.ip_address is None
    assert answered.name == "Former reader"
    assert "removed" in answered.text
    assert Comment.objects.filter(pk=reply.pk).exists()
    assert json.loads(run("export_commenter_data", "ada@example.org"))["comments"] == []
