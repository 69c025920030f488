"""Moderation in the admin: a comment queue with bulk approve and mark as
spam, blocked senders and closed threads, under one Comments menu."""

import django_filters
from django.urls import reverse
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from masthead.comments.models import BlockedSender, ClosedThread, Comment


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Comment.STATUSES)

    class Meta:
        model = Comment
        fields = ["status"]


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Comments"
    list_display = [
        "name",
        "article",
        "email",
        "ip_address",
        "status",
        "spam_score",
        "held_because",
        "created_at",
    ]
    list_export = [*list_display, "website", "text"]
    filterset_class = CommentFilterSet
    search_fields = ["name", "email", "text"]
    ordering = ["-created_at"]
    list_per_page = 50

    def get_queryset(self, request):
        return Comment.objects.select_related("article")


class BlockedSenderViewSet(SnippetViewSet):
    model = BlockedSender
    icon = "cross"
    menu_label = "Blocked senders"
    list_display = ["email", "ip_address", "reason", "created_at"]


class ClosedThreadViewSet(SnippetViewSet):
    model = ClosedThread
    icon = "lock"
    menu_label = "Closed threads"
    list_display = ["article", "reason", "closed_at"]


class PendingQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("comments.change_comment")


class CommentsGroup(SnippetViewSetGroup):
    menu_label = "Comments"
    menu_icon = "comment"
    menu_order = 250
    items = (CommentViewSet, BlockedSenderViewSet, ClosedThreadViewSet)

    def get_submenu_items(self):
        queue = PendingQueueMenuItem(
            "Pending queue",
            f"{reverse('wagtailsnippets_comments_comment:list')}?status=pending",
            icon_name="comment",
            order=0,
        )
        return [queue, *super().get_submenu_items()]


register_snippet(CommentsGroup)


class CommentStatusAction(SnippetBulkAction):
    """Set the status of the chosen comments."""

    models = [Comment]
    template_name = "comments/confirm_bulk_status.html"
    status = ""
    verb = ""

    def check_perm(self, comment):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", comment
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.verb}

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for comment in objects:
            if cls.status == Comment.APPROVED:
                comment.approve()
            else:
                comment.mark_spam()
            # Who moderated what, in the admin's Site history.
            log(comment, f"masthead.comments.{cls.action_type}", user=user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment: %(verb)s.",
            "%(count)d comments: %(verb)s.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "verb": self.verb}


@hooks.register("register_bulk_action")
class ApproveCommentsAction(CommentStatusAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected comments"
    action_priority = 10
    status = Comment.APPROVED
    verb = "approved"


@hooks.register("register_bulk_action")
class SpamCommentsAction(CommentStatusAction):
    display_name = "Mark as spam"
    action_type = "spam"
    aria_label = "Mark the selected comments as spam"
    action_priority = 20
    status = Comment.SPAM
    verb = "marked as spam"


@hooks.register("register_bulk_action")
class BlockSendersAction(CommentStatusAction):
    """Refuse further comments from the senders, and mark these as spam."""

    display_name = "Block sender"
    action_type = "block"
    aria_label = "Block the senders of the selected comments and mark them as spam"
    action_priority = 25
    status = Comment.SPAM
    verb = "marked as spam, senders blocked"

    @classmethod
    def execute_action(cls, objects, **kwargs):
        for comment in objects:
            if comment.email or comment.ip_address:
                BlockedSender.objects.get_or_create(
                    email=comment.email,
                    ip_address=comment.ip_address,
                    defaults={"reason": f"sent comment {comment.pk}"},
                )
        return super().execute_action(objects, **kwargs)


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action(
        "masthead.comments.approve", "Approve comment", "Comment approved"
    )
    actions.register_action(
        "masthead.comments.spam", "Mark comment as spam", "Comment marked as spam"
    )
    actions.register_action(
        "masthead.comments.block",
        "Block comment sender",
        "Comment marked as spam, sender blocked",
    )
