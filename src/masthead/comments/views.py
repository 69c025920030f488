"""Posting a comment. The form lives on cached article pages, so this view
checks the origin instead of a CSRF token (docs/decisions/0002)."""

from django.db import transaction
from django.http import Http404, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from masthead.articles.models import ArticlePage
from masthead.comments import spam
from masthead.comments.forms import CommentForm
from masthead.comments.models import (
    Comment,
    CommentSettings,
    comments_open,
    max_depth,
)
from masthead.core.clientip import client_ip
from masthead.limits.ratelimit import seconds_to_wait, wait_words

MAX_ID = 2**63 - 1  # the largest BigAutoField


@csrf_exempt
@require_POST
def post_comment(request, article_id: int):
    if not spam.same_origin(request):
        return HttpResponseForbidden(
            "Comments can only be posted from this site's own pages.",
            content_type="text/plain; charset=utf-8",
        )
    if article_id > MAX_ID:  # SQLite raises OverflowError instead of finding nothing
        raise Http404("No such article")
    article = get_object_or_404(ArticlePage.objects.live(), pk=article_id)
    policy = CommentSettings.for_request(request)
    form = CommentForm(request.POST)
    wait = seconds_to_wait(request, "comments")
    if wait:
        return refuse(
            request,
            article,
            form,
            f"You have posted several comments in a short while. Wait "
            f"{wait_words(wait)}, then post again: what you wrote is kept below.",
            status=429,
            retry_after=wait,
        )
    if not comments_open(article, policy):
        return refuse(request, article, form, "Comments are closed on this article.")
    if form.data.get("homepage"):
        return refuse(request, article, form, "Your comment looked automated.")
    reason = spam.check_token(form.data.get("token", ""), article.pk)
    if reason:
        return refuse(request, article, form, reason)
    if not form.is_valid():
        return refuse(request, article, form, "")
    parent = form.parent_for(article, max_depth())
    if form.errors:
        return refuse(request, article, form, "")
    ip_address = client_ip(request)
    if ip_address == "unknown":
        ip_address = None
    reason = spam.refusal(form.cleaned_data, article, ip_address, policy)
    if reason:
        return refuse(request, article, form, reason)

    data = form.cleaned_data
    held_because = spam.hold_reason(data, policy)
    with transaction.atomic():
        # A double click sends the same comment twice at once, and both pass
        # the check above. Holding the article's row makes the second wait
        # here for the first to commit, then see it (SQLite's IMMEDIATE
        # transactions queue writers the same way).
        Page.objects.select_for_update().filter(pk=article.pk).values("pk").get()
        duplicate = spam.is_duplicate(data, article)
        if not duplicate:
            comment = Comment.objects.create(
                article=article,
                parent=parent,
                name=data["name"],
                email=data["email"],
                website=data["website"],
                text=data["text"],
                ip_address=ip_address,
                spam_score=spam.spam_score(data, policy),
                status=Comment.PENDING if held_because else Comment.APPROVED,
                held_because=held_because,
                approved_at=None if held_because else timezone.now(),
            )
    if duplicate:
        return refuse(request, article, form, spam.DUPLICATE)
    if held_because:
        return HttpResponseRedirect(f"{article.url}?comment=held#comments")
    return HttpResponseRedirect(f"{article.url}?comment=published#comment-{comment.pk}")


def refuse(request, article, form: CommentForm, reason: str, status=400, retry_after=0):
    """The article again, its form open with what the reader typed and why."""
    response = article.serve(request)
    response.context_data["comment_form"] = form
    response.context_data["comment_refusal"] = reason
    response.status_code = status
    if retry_after:
        response["Retry-After"] = str(retry_after)
        response["Cache-Control"] = "private, no-store"
    return response
