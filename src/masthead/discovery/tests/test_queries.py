"""An article with its related stories and most read list costs a fixed number
of queries, however big the archive."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.articles.tests.factories import ArticleFactory, SectionFactory, make_image
from masthead.articles.tests.test_queries import ARTICLE_QUERY_BUDGET
from masthead.discovery.counting import flush_view_counts
from masthead.discovery.tests.factories import BreakingNewsFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"


def queries_for(client, url) -> int:
    client.get(url)  # warm: renditions are made on the first view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert b"You may also like" in response.content
    assert b"most-read" in response.content
    return len(captured)


def test_article_with_related_and_most_read_costs_the_same_on_a_bigger_archive(
    client,
):
    section = SectionFactory()
    image = make_image("card")
    BreakingNewsFactory()

    def add_stories(count):
        for n in range(count):
            story = ArticleFactory(
                parent=section,
                title=f"Story {len(added) + n} about the {WORDS[n % len(WORDS)]}",
                tags=["flood", f"tag{n % 3}"],
                featured_image=image,
            )
            client.get(f"/discovery/seen/{story.pk}.gif", HTTP_USER_AGENT=BROWSER)
            added.append(story)
        flush_view_counts()

    added: list = []
    add_stories(10)
    story = ArticleFactory(parent=section, tags=["flood"], featured_image=image)
    few = queries_for(client, story.url)
    add_stories(30)
    story.save_revision().publish()  # recomputed against 40 stories
    many = queries_for(client, story.url)
    assert many == few
    assert many <= ARTICLE_QUERY_BUDGET


WORDS = ["river", "budget", "cricket", "election", "port", "garment", "metro"]
