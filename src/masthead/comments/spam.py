"""Spam defences that need no third party.

Each check returns a reason in plain words for refusing a comment, or "".
"""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from masthead.comments.models import BlockedSender, Comment, CommentSettings
from masthead.comments.text import count_links

TOKEN_SALT = "masthead.comments.form"  # noqa: S105 - a namespace, not a secret
# A cached page keeps serving its form for days; a week covers any cache we set.
TOKEN_MAX_AGE = 7 * 24 * 3600
HOUR = 3600
DUPLICATE = "You have already posted this comment on this article."


def make_token(article_id: int, issued_at: float | None = None) -> str:
    """A signed note of which article's form this is and when it was rendered."""
    issued = int(time.time() if issued_at is None else issued_at)
    return signing.dumps({"a": article_id, "t": issued}, salt=TOKEN_SALT)


def check_token(token: str, article_id: int) -> str:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return "This form was damaged. Reload the page and post your comment again."
    if not isinstance(data, dict) or data.get("a") != article_id:
        return "This form belongs to another article. Reload the page and try again."
    age = time.time() - data.get("t", 0)
    if age > TOKEN_MAX_AGE:
        return "This form is too old. Reload the page and post your comment again."
    if age < settings.MASTHEAD_COMMENT_MIN_SECONDS:
        return (
            "That was too quick to be typed by a person. Wait a moment and post again."
        )
    return ""


def same_origin(request) -> bool:
    """True if the browser says the form was posted from one of our pages.

    Browsers send Origin with every form POST (Referer as a fallback); a
    forged cross-site post carries the other site's origin.
    """
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(source)
    if not parts.scheme or not parts.netloc:
        return False
    origin = f"{parts.scheme}://{parts.netloc}"
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def _over_limit(key: str, limit: int) -> bool:
    cache.add(key, 0, HOUR)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, HOUR)
        count = 1
    return count > limit


def refusal(data: dict, article, ip_address: str | None, policy) -> str:
    """Why this valid-looking comment must be refused, or "" to accept it."""
    if BlockedSender.blocks(data["email"], ip_address):
        return "Comments from this address are not accepted."
    if count_links(data["text"]) > policy.max_links:
        return (
            f"A comment may contain at most {policy.max_links} links. "
            "Remove some and post again."
        )
    if is_duplicate(data, article):
        return DUPLICATE
    if ip_address and _over_limit(f"comments:ip:{ip_address}", policy.per_ip_per_hour):
        return "Too many comments from your network this hour. Try again later."
    email_key = f"comments:email:{data['email'].lower()}"
    if _over_limit(email_key, policy.per_email_per_hour):
        return "Too many comments from your email address this hour. Try again later."
    return ""


def is_duplicate(data: dict, article) -> bool:
    """True if this reader already posted this text on this article."""
    return (
        Comment.objects.on(article)
        .by_email(data["email"])
        .filter(text=data["text"])
        .exists()
    )


def hold_reason(data: dict, policy: CommentSettings) -> str:
    """Why the comment waits for a moderator, or "" to publish it now."""
    text = f"{data['name']}\n{data['text']}".casefold()
    for word in policy.blocked_word_list:
        if word in text:
            return f"contains the blocked word “{word}”"
    if policy.moderation == CommentSettings.TRUST_REGULARS:
        earlier = Comment.objects.published().by_email(data["email"]).count()
        if earlier >= policy.trusted_after:
            return ""
        return "new commenter"
    return "every comment is moderated"


def spam_score(data: dict, policy: CommentSettings) -> int:
    """A rough number for moderators to sort by: links and blocked words."""
    text = data["text"].casefold()
    return count_links(data["text"]) + 5 * sum(
        word in text for word in policy.blocked_word_list
    )
