"""The editor's dashboard on the admin's home page.

What needs an editor now (stories awaiting review, going out today, comments
held for moderation), what just went out, and how the paper is read: views per
day for 30 days and the most-read stories, drawn as SVG on the server (no
JavaScript) with the same numbers in text for screen readers. A fixed number
of queries however large the archive.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from masthead.articles.models import ArticlePage
from masthead.comments.models import Comment
from masthead.discovery.models import DailyViewCount

LIST_LENGTH = 8
CHART_DAYS = 30
TOP_STORIES = 5
# The charts' drawing area, in SVG units; the SVG scales to the panel's width.
CHART_WIDTH, CHART_HEIGHT, AXIS = 600, 160, 20
TOP_BAR_HEIGHT, TOP_LABEL_WIDTH = 28, 300


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


def local_day_bounds(day) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def awaiting_review() -> tuple[int, list[ArticlePage]]:
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type=ContentType.objects.get_for_model(Page),
    )
    ids = list(
        states.order_by("-created_at").values_list("object_id", flat=True)[:LIST_LENGTH]
    )
    stories = ArticlePage.objects.filter(pk__in=[int(pk) for pk in ids]).only(
        "title", "latest_revision_created_at"
    )
    order = {int(pk): n for n, pk in enumerate(ids)}
    return states.count(), sorted(stories, key=lambda s: order[s.pk])


def scheduled_today(today) -> list[ArticlePage]:
    start, end = local_day_bounds(today)
    going_out = dict(
        Revision.objects.filter(
            approved_go_live_at__gte=start,
            approved_go_live_at__lt=end,
            base_content_type=ContentType.objects.get_for_model(Page),
        ).values_list("object_id", "approved_go_live_at")
    )
    stories = list(
        ArticlePage.objects.filter(pk__in=[int(pk) for pk in going_out]).only("title")
    )
    for story in stories:
        story.goes_live_at = going_out[str(story.pk)]
    return sorted(stories, key=lambda s: s.goes_live_at)


def recently_published() -> list[ArticlePage]:
    return list(
        ArticlePage.objects.live()
        .order_by("-last_published_at")
        .only("title", "last_published_at", "url_path")[:LIST_LENGTH]
    )


def pending_comments() -> tuple[int, list[Comment]]:
    pending = Comment.objects.pending()
    latest = list(
        pending.select_related("article")
        .only("name", "text", "status", "created_at", "article__title")
        .order_by("-created_at")[:5]
    )
    return pending.count(), latest


def views_per_day(today) -> list[tuple]:
    """(day, views) for each of the last CHART_DAYS days, today last."""
    first = today - timedelta(days=CHART_DAYS - 1)
    totals = dict(
        DailyViewCount.objects.filter(day__gte=first, day__lte=today)
        .values("day")
        .annotate(total=Sum("views"))
        .values_list("day", "total")
    )
    return [
        (day, totals.get(day, 0))
        for day in (first + timedelta(days=n) for n in range(CHART_DAYS))
    ]


def top_stories(today) -> list[tuple[int, str, int]]:
    """(id, headline, views) of the most-read stories of the last CHART_DAYS days."""
    first = today - timedelta(days=CHART_DAYS - 1)
    return list(
        DailyViewCount.objects.filter(day__gte=first, day__lte=today)
        .values("article")
        .annotate(total=Sum("views"))
        .order_by("-total", "article")
        .values_list("article", "article__title", "total")[:TOP_STORIES]
    )


def day_bars(days: list[tuple]) -> list[Bar]:
    peak = max((views for _day, views in days), default=0) or 1
    slot = CHART_WIDTH / len(days)
    bars = []
    for n, (day, views) in enumerate(days):
        height = (CHART_HEIGHT - AXIS) * views / peak
        bars.append(
            Bar(
                x=round(n * slot + 1, 1),
                y=round(CHART_HEIGHT - AXIS - height, 1),
                width=round(slot - 2, 1),
                height=round(height, 1),
                label=day.strftime("%d %b"),
                value=views,
            )
        )
    return bars


def story_bars(stories: list[tuple[int, str, int]]) -> list[Bar]:
    peak = max((views for _pk, _title, views in stories), default=0) or 1
    room = CHART_WIDTH - TOP_LABEL_WIDTH - 60  # leave space for the number
    return [
        Bar(
            x=TOP_LABEL_WIDTH,
            y=n * TOP_BAR_HEIGHT + 4,
            width=round(max(room * views / peak, 1), 1),
            height=TOP_BAR_HEIGHT - 8,
            label=title if len(title) <= 40 else title[:39] + "…",
            value=views,
        )
        for n, (_pk, title, views) in enumerate(stories)
    ]


def is_editor(user) -> bool:
    return PagePermissionPolicy().user_has_permission(user, "publish")


class EditorsDashboardPanel(Component):
    name = "newsroom_dashboard"
    template_name = "newsroom/dashboard_panel.html"
    order = 50  # first: above Wagtail's own panels

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        review_count, review = awaiting_review()
        comment_count, comments = pending_comments()
        days = views_per_day(today)
        top = top_stories(today)
        bars = day_bars(days)
        return {
            "request": parent_context["request"],
            "review_count": review_count,
            "review": review,
            "scheduled": scheduled_today(today),
            "published": recently_published(),
            "comment_count": comment_count,
            "comments": comments,
            "days": days,
            "day_bars": bars,
            "total_views": sum(views for _day, views in days),
            "peak_views": max((views for _day, views in days), default=0),
            "top": top,
            "top_bars": story_bars(top),
            "chart_width": CHART_WIDTH,
            "chart_height": CHART_HEIGHT,
            "axis_y": CHART_HEIGHT - AXIS + 14,
            "top_height": max(len(top), 1) * TOP_BAR_HEIGHT,
            "first_label": bars[0].label,
            "last_label": bars[-1].label,
        }
