"""The editor's dashboard on the admin home page: what needs doing, what went
out, and a picture of how the paper is read."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticleFactory, SectionFactory
from masthead.comments.models import Comment
from masthead.comments.tests.factories import CommentFactory
from masthead.discovery.models import DailyViewCount
from masthead.newsroom.dashboard import AXIS, CHART_DAYS, CHART_HEIGHT
from masthead.newsroom.roles import EDITORS, REPORTERS
from masthead.newsroom.tests.factories import member_of, post_new_story

pytestmark = pytest.mark.django_db


def newsroom_panel(html: str) -> str:
    start = html.index('id="newsroom-heading"')
    end = html.index("</section>", html.index('id="nr-top"')) + len("</section>")
    return html[start:end]


def section_of(panel: str, heading_id: str) -> str:
    start = panel.index(f'id="{heading_id}"')
    return panel[start : panel.index("</section>", start)]


@pytest.fixture
def newsroom(client):
    """A morning in the newsroom: a story in review, one going out later
    today, one just published, a comment held and a month of reading."""
    section = SectionFactory(slug="city")
    client.force_login(member_of(REPORTERS, "rahima"))
    post_new_story(
        client, section, title="Flooded roads in the old town", **{"action-submit": "1"}
    )
    later = ArticlePage(title="Budget speech at noon", slug="budget", live=False)
    section.add_child(instance=later)
    later.go_live_at = timezone.now() + timedelta(seconds=5)
    later.save_revision().publish()
    popular = ArticleFactory(parent=section, title="Metro line opens")
    quiet = ArticleFactory(parent=section, title="Library extends its hours")
    CommentFactory(article=popular, status=Comment.PENDING, name="Nasrin Haque")
    today = timezone.localdate()
    DailyViewCount.objects.create(article=popular, day=today, views=40)
    DailyViewCount.objects.create(article=quiet, day=today, views=5)
    DailyViewCount.objects.create(
        article=popular, day=today - timedelta(days=3), views=10
    )
    DailyViewCount.objects.create(  # too old for the chart
        article=quiet, day=today - timedelta(days=CHART_DAYS + 2), views=999
    )
    client.force_login(member_of(EDITORS, "nasima"))
    return section


def test_editor_sees_what_needs_doing(client, newsroom):
    response = client.get("/admin/")
    assert response.status_code == 200
    panel = newsroom_panel(response.content.decode())
    review = section_of(panel, "nr-review")
    assert "(1)" in review
    assert "Flooded roads in the old town" in review
    assert "Budget speech at noon" in section_of(panel, "nr-scheduled")
    published = section_of(panel, "nr-published")
    assert "Metro line opens" in published
    assert "Budget speech" not in published
    comments = section_of(panel, "nr-comments")
    assert "(1)" in comments
    assert "Nasrin Haque" in comments


def test_views_chart_is_an_accessible_picture(client, newsroom):
    panel = newsroom_panel(client.get("/admin/").content.decode())
    chart = section_of(panel, "nr-views")
    assert '<svg role="img" aria-labelledby="nr-views-title nr-views-desc"' in chart
    assert "55 views in all; the busiest day had 45." in chart
    heights = [
        float(h) for h in re.findall(r'class="nr-bar"[^>]* height="([\d.]+)"', chart)
    ]
    assert len(heights) == CHART_DAYS
    assert heights[-1] == CHART_HEIGHT - AXIS  # today, the busiest day, is full height
    assert heights[-4] == pytest.approx((CHART_HEIGHT - AXIS) * 10 / 45, abs=0.1)
    assert heights.count(0) == CHART_DAYS - 2
    # The same numbers in words for screen readers.
    assert re.search(r'<table class="w-sr-only">.*<td>45</td>', chart, re.S)
    assert "<script" not in panel


def test_top_stories_are_ranked_by_reads(client, newsroom):
    panel = newsroom_panel(client.get("/admin/").content.decode())
    top = section_of(panel, "nr-top")
    assert '<svg role="img" aria-labelledby="nr-top-title"' in top
    assert top.index("Metro line opens") < top.index("Library extends its hours")
    assert "Metro line opens</a>: 50 views" in top
    assert "999" not in top


def test_reporters_do_not_get_the_editors_dashboard(client, newsroom):
    client.force_login(member_of(REPORTERS, "karim"))
    html = client.get("/admin/").content.decode()
    assert 'id="newsroom-heading"' not in html


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/").status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_the_newsroom(client, newsroom):
    client.get("/admin/")  # warm caches
    few = count_queries(client)
    today = timezone.localdate()
    for n in range(12):
        story = ArticleFactory(parent=newsroom, title=f"More news {n}")
        CommentFactory(article=story, status=Comment.PENDING)
        DailyViewCount.objects.create(article=story, day=today - timedelta(n), views=n)
    many = count_queries(client)
    assert many == few
    with CaptureQueriesContext(connection) as queries:
        client.get("/admin/")
    ours = [q for q in queries if "discovery_dailyviewcount" in q["sql"]]
    assert len(ours) == 2
