"""Each spam defence refuses what it should, in plain words, and lets readers in."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from masthead.articles.tests.factories import ArticleFactory
from masthead.comments.models import BlockedSender, Comment
from masthead.comments.spam import make_token
from masthead.comments.tests.factories import CommentFactory, post, set_policy

pytestmark = pytest.mark.django_db


def refused(response, reason: str) -> bool:
    return response.status_code == 400 and reason in response.content.decode()


@pytest.fixture
def article():
    return ArticleFactory()


def test_a_normal_reader_gets_through(client, article):
    assert post(client, article).status_code == 302
    assert Comment.objects.count() == 1


def test_filled_honeypot_is_refused(client, article):
    response = post(client, article, homepage="http://spam.example.com")
    assert refused(response, "Your comment looked automated.")
    assert not Comment.objects.exists()


def test_posting_faster_than_a_person_types_is_refused(client, article):
    response = post(client, article, seconds_ago=0)
    assert refused(response, "too quick to be typed by a person")


def test_form_from_a_page_cached_for_days_still_works(client, article):
    assert post(client, article, seconds_ago=6 * 24 * 3600).status_code == 302


def test_form_older_than_a_week_is_refused(client, article):
    response = post(client, article, seconds_ago=8 * 24 * 3600)
    assert refused(response, "This form is too old.")


@pytest.mark.parametrize("token", ["", "forged", make_token(0) + "x"])
def test_missing_or_forged_token_is_refused(client, article, token):
    response = post(client, article, token=token)
    assert refused(response, "This form was damaged.")


def test_token_of_another_article_is_refused(client, article):
    other = ArticleFactory()
    token = make_token(other.pk, time.time() - 60)
    response = post(client, article, token=token)
    assert refused(response, "This form belongs to another article.")


def test_too_many_links_are_refused(client, article):
    set_policy(max_links=2)
    links = " ".join(f"https://shop{n}.example.com/" for n in range(3))
    response = post(client, article, text=f"Cheap deals {links}")
    assert refused(response, "at most 2 links")
    assert post(client, article, text="Two: https://a.example/ https://b.example/")
    assert Comment.objects.count() == 1


def test_the_same_comment_twice_is_refused(client, article):
    assert post(client, article).status_code == 302
    response = post(client, article)
    assert refused(response, "You have already posted this comment")
    assert Comment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_click_stores_the_comment_once(settings):
    """Two identical posts at the same moment, as a double click sends them."""
    article = ArticleFactory()
    pairs = 10
    set_policy(per_ip_per_hour=100, per_email_per_hour=100)
    settings.MASTHEAD_RATE_LIMIT_COMMENTS = "off"  # twenty posts in a few seconds
    statuses = []

    def send(text: str, start: threading.Barrier) -> None:
        client = Client()
        start.wait()
        try:
            statuses.append(post(client, article, text=text).status_code)
        finally:
            connection.close()  # each thread has its own connection

    for n in range(pairs):
        start = threading.Barrier(2)
        threads = [
            threading.Thread(target=send, args=(f"Said once, sent twice {n}.", start))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(statuses) == [302] * pairs + [400] * pairs
    assert Comment.objects.count() == pairs


def test_rate_limit_per_ip_address(client, article):
    set_policy(per_ip_per_hour=2)
    for n in range(2):
        assert post(client, article, email=f"r{n}@example.org").status_code == 302
    response = post(client, article, email="r9@example.org")
    assert refused(response, "Too many comments from your network this hour.")
    assert (
        post(client, article, ip="192.0.2.99", email="r9@example.org").status_code
        == 302
    )


def test_rate_limit_per_email_address(client, article):
    set_policy(per_email_per_hour=2)
    for n in range(2):
        assert (
            post(client, article, ip=f"192.0.2.{n}", text=f"Point {n}").status_code
            == 302
        )
    response = post(client, article, ip="192.0.2.50", text="Point 3")
    assert refused(response, "Too many comments from your email address")


def test_blocked_email_and_ip_are_refused(client, article):
    BlockedSender.objects.create(email="NASRIN@example.org")
    BlockedSender.objects.create(ip_address="192.0.2.66")
    assert refused(post(client, article), "not accepted")
    response = post(client, article, ip="192.0.2.66", email="other@example.org")
    assert refused(response, "not accepted")
    assert not Comment.objects.exists()


def test_blocked_words_send_a_comment_to_the_queue(client, article):
    set_policy(moderation="trust_regulars", trusted_after=0, blocked_words="casino\n")
    post(client, article, text="Visit my CASINO tonight")
    comment = Comment.objects.get()
    assert comment.status == Comment.PENDING
    assert "casino" in comment.held_because
    assert comment.spam_score >= 5


def test_trusted_regulars_are_published_at_once(client, article):
    set_policy(moderation="trust_regulars", trusted_after=1)
    post(client, article, text="First.")
    assert Comment.objects.get().status == Comment.PENDING
    Comment.objects.get().approve()
    response = post(client, article, text="Second.")
    second = Comment.objects.get(text="Second.")
    assert second.status == Comment.APPROVED
    assert response["Location"].endswith(f"?comment=published#comment-{second.pk}")
    assert (
        "Your comment is published."
        in client.get(response["Location"]).content.decode()
    )


def test_new_readers_are_held_by_default(client, article):
    CommentFactory(email="nasrin@example.org", article=article)  # approved before
    post(client, article, text="Again.")
    assert Comment.objects.get(text="Again.").status == Comment.PENDING
