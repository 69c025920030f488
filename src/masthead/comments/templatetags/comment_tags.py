"""{% comment_thread page %}: an article's comments and form, in three queries
(site settings, closed switch, comments) however many comments there are."""

from django import template
from django.utils.safestring import mark_safe

from masthead.comments.forms import CommentForm
from masthead.comments.models import (
    CommentSettings,
    comments_open,
    max_depth,
    published_comments_for,
)
from masthead.comments.spam import make_token
from masthead.comments.text import render_comment

register = template.Library()

NOTICES = {
    "held": "Thank you. Your comment is held for moderation and will appear "
    "once a moderator approves it.",
    "published": "Thank you. Your comment is published.",
}


def build_tree(comments, depth_limit: int) -> list:
    """Top-level comments, each with .children (its replies), oldest first.

    A reply whose parent was later taken down stands at the top level: a
    moderator approved it, and the count includes it.
    """
    by_id = {c.pk: c for c in comments}
    roots = []
    for comment in comments:
        comment.children = []
        comment.can_reply = comment.depth < depth_limit
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        if parent is not None:
            parent.children.append(comment)
        else:
            roots.append(comment)
    return roots


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, article):
    request = context.get("request")
    if request is None or article.pk is None:
        # A preview of a story not yet saved has no thread.
        return {"article": article, "comments": [], "count": 0, "open": False}
    policy = CommentSettings.for_request(request)
    comments = published_comments_for(article)
    open_ = comments_open(article, policy)
    form = context.get("comment_form")
    reply_to = None
    if form is None and open_:
        reply_id = request.GET.get("reply_to", "")
        reply_to = next((c for c in comments if str(c.pk) == reply_id), None)
        form = CommentForm(
            initial={
                "token": make_token(article.pk),
                "parent": reply_to.pk if reply_to else None,
            }
        )
    elif form is not None:
        parent_id = str(form.data.get("parent", ""))
        reply_to = next((c for c in comments if str(c.pk) == parent_id), None)
    return {
        "article": article,
        "comments": build_tree(comments, max_depth()),
        "count": len(comments),
        "open": open_,
        "form": form,
        "reply_to": reply_to,
        "refusal": context.get("comment_refusal"),
        "notice": NOTICES.get(request.GET.get("comment", "")) if request else None,
    }


@register.filter
def comment_html(text: str) -> str:
    return mark_safe(render_comment(text))  # noqa: S308 - escaped, then nh3-cleaned
