"""A commenter's email and IP address never reach a public page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.articles.tests.factories import ArticleFactory
from masthead.comments.models import comment_count, published_comments_for
from masthead.comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_email_and_ip_address_never_appear_in_the_article(client):
    article = ArticleFactory()
    top = CommentFactory(
        article=article, email="secret.reader@example.org", ip_address="192.0.2.201"
    )
    CommentFactory(
        article=article,
        parent=top,
        email="another.secret@example.org",
        ip_address="2001:db8::77",
    )
    for url in (article.url, f"{article.url}?reply_to={top.pk}"):
        content = client.get(url).content
        assert top.text.encode() in content
        for private in (
            b"secret.reader@example.org",
            b"another.secret@example.org",
            b"192.0.2.201",
            b"2001:db8::77",
        ):
            assert private not in content


def test_reader_text_is_shown_escaped(client):
    article = ArticleFactory()
    CommentFactory(article=article, text="<script>alert(1)</script>")
    html = client.get(article.url).content.decode()
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html


def test_feed_helpers_give_published_comments_without_private_fields():
    article = ArticleFactory()
    CommentFactory(article=article, text="One.")
    CommentFactory(article=article, text="Held.", status="pending")
    comments = published_comments_for(article)
    assert [c.text for c in comments] == ["One."]
    assert comment_count(article) == 1
    assert {"email", "ip_address"} <= comments[0].get_deferred_fields()


def queries_for(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_article_queries_do_not_grow_with_comments(client):
    few, many = ArticleFactory(), ArticleFactory()
    for article, count in ((few, 3), (many, 30)):
        parent = None
        for n in range(count):
            # Every third comment replies to the one before it.
            comment = CommentFactory(article=article, parent=parent if n % 3 else None)
            parent = comment
    assert queries_for(client, few.url) == queries_for(client, many.url)
