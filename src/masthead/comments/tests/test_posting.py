"""A reader comments on an article, and replies to another reader."""

import re

import pytest

from masthead.articles.tests.factories import ArticleFactory
from masthead.comments.models import ClosedThread, Comment
from masthead.comments.tests.factories import (
    CommentFactory,
    form_data,
    post,
    set_policy,
)

pytestmark = pytest.mark.django_db


def comments_section(html: str) -> str:
    return html[html.index('id="comments"') :]


def test_form_shows_required_stars_and_the_email_notice(client):
    article = ArticleFactory()
    html = client.get(article.url).content.decode()
    section = comments_section(html)
    assert (
        '<summary>Click to comment <span class="comment-count">(0 comments)</span>'
        in section
    )
    assert 'Comments <span class="comment-count">(0)</span>' in section
    assert "Your email address will never be published." in section
    for label in ("Name", "Email", "Comment"):
        assert re.search(
            rf'{label} <span class="required" aria-hidden="true">\*</span>'
            r'<span class="required-text">\(required\)</span>',
            section,
        ), label
    assert re.search(r"Website</label>", section)
    assert f'action="/comments/post/{article.pk}/"' in section


def test_article_html_is_the_same_for_every_reader(client):
    """Nothing per reader: no CSRF token, no cookie, so the page can be cached."""
    article = ArticleFactory()
    response = client.get(article.url)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_missing_email_shows_an_error_beside_it_and_keeps_the_text(client):
    article = ArticleFactory()
    response = post(client, article, email="", text="Keep every word I typed.")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your comment was not posted." in html
    email_field = html[html.index('for="id_email"') : html.index('name="email"')]
    assert "This field is required." in email_field
    assert "Keep every word I typed." in html
    assert 'value="Nasrin Haque"' in html
    assert '<details class="comment-toggle" id="comment-form" open>' in html
    assert not Comment.objects.exists()


def test_invalid_website_is_refused_beside_the_field(client):
    article = ArticleFactory()
    response = post(client, article, website="ftp://files.example.org/")
    assert response.status_code == 400
    assert "Enter a web address starting http:// or https://." in (
        response.content.decode()
    )


def test_posted_comment_is_held_with_a_message_on_the_article(client):
    article = ArticleFactory()
    response = post(client, article)
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}?comment=held#comments"
    html = client.get(response["Location"]).content.decode()
    assert "Your comment is held for moderation" in html
    comment = Comment.objects.get()
    assert comment.status == Comment.PENDING
    assert comment.ip_address == "203.0.113.7"
    # Held comments are not shown.
    assert "The dredging should have started years ago." not in html


def test_approved_comment_shows_and_a_reply_nests_under_it(client):
    article = ArticleFactory()
    first = CommentFactory(
        article=article, name="Karim", website="https://karim.example.org/"
    )
    html = client.get(article.url).content.decode()
    assert first.text in html
    assert (
        '<a href="https://karim.example.org/" rel="nofollow ugc noopener">Karim</a>'
        in html
    )
    assert "(1)" in html
    assert "(1 comment)</span></summary>" in html

    reply_page = client.get(f"{article.url}?reply_to={first.pk}").content.decode()
    assert "Replying to Karim." in reply_page
    assert f'name="parent" value="{first.pk}"' in reply_page

    response = post(client, article, text="I disagree, politely.", parent=first.pk)
    assert response.status_code == 302
    reply = Comment.objects.get(parent=first)
    reply.approve()
    html = client.get(article.url).content.decode()
    replies = html[html.index(f'id="comment-{first.pk}"') :]
    replies = replies[replies.index('class="comment-replies"') :]
    assert f'id="comment-{reply.pk}"' in replies
    assert "I disagree, politely." in replies
    assert "(2)" in html


def test_comments_show_oldest_first_as_paragraphs_with_links(client):
    article = ArticleFactory()
    CommentFactory(article=article, text="Older.\n\nSee https://example.org/a?b=1&c=2.")
    CommentFactory(article=article, text="Newer.")
    html = client.get(article.url).content.decode()
    assert html.index("Older.") < html.index("Newer.")
    assert (
        '<p>Older.</p><p>See <a href="https://example.org/a?b=1&amp;c=2" '
        'rel="nofollow ugc noopener">https://example.org/a?b=1&amp;c=2</a>.</p>'
    ) in html


def test_replies_stop_at_the_depth_limit(client, settings):
    settings.MASTHEAD_COMMENT_MAX_DEPTH = 2
    article = ArticleFactory()
    top = CommentFactory(article=article)
    child = CommentFactory(article=article, parent=top)
    html = client.get(article.url).content.decode()
    assert f"?reply_to={top.pk}#" in html
    assert f"?reply_to={child.pk}#" not in html
    response = post(client, article, parent=child.pk)
    assert response.status_code == 400
    assert "Replies cannot nest any deeper here." in response.content.decode()


def test_reply_to_a_comment_on_another_article_is_refused(client):
    article = ArticleFactory()
    elsewhere = CommentFactory()
    response = post(client, article, parent=elsewhere.pk)
    assert response.status_code == 400
    assert "not available" in response.content.decode()


def test_closed_thread_shows_comments_but_no_form_and_refuses_posts(client):
    article = ArticleFactory()
    CommentFactory(article=article, text="Said before closing.")
    ClosedThread.objects.create(article=article)
    html = client.get(article.url).content.decode()
    assert "Said before closing." in html
    assert "Comments are closed on this article." in html
    assert "<form" not in comments_section(html)
    assert post(client, article).status_code == 400


def test_old_articles_close_by_the_age_rule(client):
    article = ArticleFactory()
    Article = type(article)
    Article.objects.filter(pk=article.pk).update(
        first_published_at=article.first_published_at.replace(year=2000)
    )
    set_policy(close_after_days=30)
    article.refresh_from_db()
    assert "Comments are closed" in client.get(article.url).content.decode()
    assert post(client, article).status_code == 400


@pytest.mark.parametrize(
    "origin", [None, "https://evil.example.com", "null", "http://testserver.evil"]
)
def test_posts_from_other_sites_are_forbidden(client, origin):
    article = ArticleFactory()
    response = post(client, article, origin=origin)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_referer_from_our_own_page_is_accepted_without_origin(client):
    article = ArticleFactory()
    response = client.post(
        f"/comments/post/{article.pk}/",
        form_data(article),
        HTTP_REFERER=f"http://testserver{article.url}",
    )
    assert response.status_code == 302


def test_unpublished_article_takes_no_comments(client):
    article = ArticleFactory()
    article.unpublish()
    assert post(client, article).status_code == 404


def test_moderators_hear_of_pending_comments(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_MODERATOR_EMAILS = ["desk@example.org"]
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["desk@example.org"]
    assert article.title in mailoutbox[0].subject
    assert "nasrin@example.org" not in mailoutbox[0].body


def test_preview_of_an_unsaved_story_renders_without_a_thread(rf):
    from django.template import Context, Template

    from masthead.articles.models import ArticlePage

    html = Template("{% load comment_tags %}{% comment_thread page %}").render(
        Context({"request": rf.get("/"), "page": ArticlePage(title="Draft")})
    )
    assert "Comments" in html
    assert "<form" not in html


def test_a_reply_stays_visible_when_its_parent_is_taken_down(client):
    article = ArticleFactory()
    top = CommentFactory(article=article)
    CommentFactory(article=article, parent=top, text="Still worth reading.")
    top.mark_spam()
    html = client.get(article.url).content.decode()
    assert "Still worth reading." in html
    assert top.text not in html
    assert "(1)" in html
