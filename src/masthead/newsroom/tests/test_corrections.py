"""An editor corrects a published story: the note shows on the story, with
a new "Updated" time, in its JSON-LD and on the public corrections page."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from masthead.articles.models import ArticleCorrection, ArticlePage
from masthead.articles.tests.factories import ArticleFactory, SectionFactory
from masthead.feeds.tests.test_metadata import of_type, read
from masthead.newsroom.roles import EDITORS
from masthead.newsroom.tests.factories import admin_time, member_of, post_edit

pytestmark = pytest.mark.django_db

NOTE = "An earlier version gave the wrong year for the bridge's opening."


def correct_in_the_admin(client, story, text=NOTE, kind="correction", when=None):
    when = when or timezone.now().replace(second=0, microsecond=0)
    return post_edit(
        client,
        story,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": kind,
            "corrections-0-published_at": admin_time(when),
            "corrections-0-text": text,
            "corrections-0-ORDER": "1",
            "corrections-0-DELETE": "",
            "corrections-0-id": "",
            "action-publish": "1",
        },
    )


def test_editor_corrects_a_published_story(client):
    story = ArticleFactory(
        title="New bridge opens to traffic", body=[], parent=SectionFactory()
    )
    # Published a day ago: the correction is clearly later.
    ArticlePage.objects.filter(pk=story.pk).update(
        first_published_at=timezone.now() - timedelta(days=1),
        last_published_at=timezone.now() - timedelta(days=1),
    )
    assert "Updated" not in client.get(story.url).content.decode()
    client.force_login(member_of(EDITORS, "nasima"))
    corrected_at = timezone.now().replace(second=0, microsecond=0)
    response = correct_in_the_admin(client, story, when=corrected_at)
    assert response.status_code == 302
    client.logout()

    html = client.get(story.url).content.decode()
    assert "Corrections and updates" in html
    assert "An earlier version gave the wrong year for the bridge&#x27;s" in html
    updated = timezone.localtime(corrected_at).isoformat()
    shown = html.split('<span class="updated">Updated <time datetime="')[1][:25]
    assert datetime.fromisoformat(shown) >= corrected_at

    article = of_type(read(client, story.url), "NewsArticle")
    assert article["correction"] == [
        {"@type": "CorrectionComment", "text": NOTE, "datePublished": updated}
    ]

    listing = client.get("/corrections/").content.decode()
    assert NOTE.replace("'", "&#x27;") in listing
    assert f'<a href="{story.url}">New bridge opens to traffic</a>' in listing


def test_updated_time_is_the_newest_note(client):
    story = ArticleFactory()
    published = story.first_published_at
    ArticleCorrection.objects.create(
        article=story,
        text="Clarified the vote count.",
        published_at=published + timedelta(hours=2),
    )
    ArticleCorrection.objects.create(
        article=story,
        text="Added the mayor's reaction.",
        kind="update",
        published_at=published + timedelta(hours=5),
    )
    story = ArticlePage.objects.get(pk=story.pk)
    assert story.updated_at == published + timedelta(hours=5)


def test_a_story_never_changed_shows_no_updated_time(client):
    story = ArticleFactory()
    assert "Updated" not in client.get(story.url).content.decode()


def test_corrections_page_lists_newest_first_and_paginates(client, settings):
    settings.MASTHEAD_PAGE_SIZE = 2
    section = SectionFactory()
    base = timezone.now() - timedelta(days=10)
    for day in range(3):
        story = ArticleFactory(parent=section, title=f"Story of day {day}")
        ArticleCorrection.objects.create(
            article=story,
            text=f"Fix number {day}",
            published_at=base + timedelta(days=day),
        )
    draft = ArticleFactory(parent=section, title="Pulled story")
    ArticleCorrection.objects.create(
        article=draft, text="Fix on a pulled story", published_at=base
    )
    draft.unpublish()

    first = client.get("/corrections/").content.decode()
    assert first.index("Fix number 2") < first.index("Fix number 1")
    assert "Fix number 0" not in first
    assert 'rel="next" href="?page=2"' in first
    second = client.get("/corrections/?page=2").content.decode()
    assert "Fix number 0" in second
    assert "Fix on a pulled story" not in first + second
    assert client.get("/corrections/?page=9").status_code == 404
    assert client.get("/corrections/?page=x").status_code == 404


def test_footer_links_to_the_corrections_page(client):
    story = ArticleFactory()
    html = client.get(story.url).content.decode()
    assert '<a href="/corrections/">Corrections and updates</a>' in html


def test_corrections_page_query_count_does_not_grow(
    client, django_assert_max_num_queries
):
    section = SectionFactory()
    for n in range(15):
        ArticleCorrection.objects.create(
            article=ArticleFactory(parent=section), text=f"Fix {n}"
        )
    client.get("/corrections/")  # warm the site and settings caches
    with django_assert_max_num_queries(12):
        assert client.get("/corrections/").status_code == 200
