"""The front page as editors curate it: picks first, the latest in every empty
slot, each story once; sections feature a story of their own."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import (
    ArticleFactory,
    SectionFactory,
    home_page,
    make_image,
)
from masthead.articles.tests.test_queries import LISTING_QUERY_BUDGET
from masthead.discovery.frontpage import FEATURED_SLOTS
from masthead.discovery.models import (
    FrontPageFeatured,
    FrontPageLead,
    FrontPageSection,
    SectionFeatured,
)
from masthead.newsroom.roles import EDITORS, REPORTERS
from masthead.newsroom.tests.factories import member_of, page_form, post_edit

pytestmark = pytest.mark.django_db


def front(client, url="/") -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(nodes) -> list[str]:
    return [node.select_one(".card-title").get_text(strip=True) for node in nodes]


def lead_of(soup) -> str:
    return titles(soup.select(".front-lead .card"))[0]


def featured_of(soup) -> list[str]:
    return titles(soup.select(".featured-row .card"))


def blocks_of(soup) -> dict[str, list[str]]:
    """{section name: its cards' headlines}, in page order."""
    blocks = {}
    for block in soup.select(".section-block"):
        name = block.select_one(".block-title a").contents[0].strip()
        blocks[name] = titles(block.select(".card"))
    return blocks


def every_card_title(soup) -> list[str]:
    return titles(soup.select("main .card"))


def curate(home=None, lead=None, featured=(), sections=()):
    """Set the front page's picks and publish it, as the editor's form does."""
    home = home or home_page()
    if lead is not None:
        home.lead_pick.add(FrontPageLead(story=lead))
    for story in featured:
        home.featured_picks.add(FrontPageFeatured(story=story))
    for section, count in sections:
        home.section_picks.add(FrontPageSection(section=section, count=count))
    home.save_revision().publish()
    return home


def feature_in_section(section, story):
    section.featured_picks.add(SectionFeatured(story=story))
    section.save_revision().publish()


@pytest.fixture
def archive():
    """Two sections of stories, one a day, oldest first."""
    national = SectionFactory(title="National", slug="national")
    world = SectionFactory(title="World", slug="world")
    stories = []
    for n in range(12):
        section = national if n % 2 == 0 else world
        stories.append(ArticleFactory(parent=section, title=f"Story {n:02}"))
    start = timezone.now() - timedelta(days=20)
    for n, story in enumerate(stories):
        ArticlePage.objects.filter(pk=story.pk).update(
            first_published_at=start + timedelta(days=n)
        )
    return {"national": national, "world": world, "stories": stories}


def test_empty_slots_fall_back_to_the_latest_stories(client, archive):
    soup = front(client)
    assert lead_of(soup) == "Story 11"
    assert featured_of(soup) == ["Story 10", "Story 09", "Story 08", "Story 07"]
    blocks = blocks_of(soup)
    assert blocks["National"] == ["Story 06", "Story 04", "Story 02", "Story 00"]
    assert blocks["World"] == ["Story 05", "Story 03", "Story 01"]


def test_picked_stories_come_in_the_editors_order_then_the_latest(client, archive):
    s = archive["stories"]
    curate(lead=s[2], featured=[s[5], s[0]])
    soup = front(client)
    assert lead_of(soup) == "Story 02"
    assert featured_of(soup) == ["Story 05", "Story 00", "Story 11", "Story 10"]
    assert len(featured_of(soup)) == FEATURED_SLOTS


def test_a_story_shows_once_on_the_front_page(client, archive):
    s = archive["stories"]
    # The newest story is the lead pick and a featured pick; it would also be
    # the first story of its section block.
    curate(lead=s[11], featured=[s[11], s[3]])
    soup = front(client)
    cards = every_card_title(soup)
    assert len(cards) == len(set(cards))
    assert lead_of(soup) == "Story 11"
    assert featured_of(soup)[0] == "Story 03"
    assert "Story 11" not in blocks_of(soup)["World"]


def test_unpublished_and_future_picks_are_skipped(client, archive):
    s = archive["stories"]
    curate(lead=s[1], featured=[s[3], s[5]])
    s[1].unpublish()
    ArticlePage.objects.filter(pk=s[3].pk).update(
        first_published_at=timezone.now() + timedelta(days=1)
    )
    soup = front(client)
    assert lead_of(soup) == "Story 11"  # the latest takes the empty slot
    assert featured_of(soup) == ["Story 05", "Story 10", "Story 09", "Story 08"]
    assert "Story 01" not in every_card_title(soup)
    assert "Story 03" not in every_card_title(soup)


def test_a_deleted_pick_leaves_the_slot_to_the_latest(client, archive):
    s = archive["stories"]
    curate(lead=s[4])
    s[4].delete()
    assert lead_of(front(client)) == "Story 11"


def test_editors_choose_the_section_blocks_and_their_length(client, archive):
    curate(sections=[(archive["world"], 2), (archive["national"], 1)])
    blocks = blocks_of(front(client))
    assert list(blocks) == ["World", "National"]
    assert blocks == {"World": ["Story 05", "Story 03"], "National": ["Story 06"]}

    archive["world"].unpublish()
    assert list(blocks_of(front(client))) == ["National"]


def test_a_section_features_a_story_on_its_page_and_its_front_page_block(
    client, archive
):
    national = archive["national"]
    old = archive["stories"][0]
    feature_in_section(national, old)

    soup = front(client, "/national/")
    assert titles(soup.select(".section-featured .card")) == ["Story 00"]
    listed = titles(soup.select(".card-list .card"))
    assert "Story 00" not in listed  # once, on top
    assert listed[0] == "Story 10"

    assert blocks_of(front(client))["National"][0] == "Story 00"
    # Not taken by the featured row's fill either: it stays in its block.
    assert "Story 00" not in featured_of(front(client))

    old.unpublish()
    soup = front(client, "/national/")
    assert soup.select(".section-featured") == []
    assert titles(soup.select(".card-list .card"))[0] == "Story 10"


def test_the_lead_shows_big_with_its_picture_and_standfirst(client, archive):
    story = ArticleFactory(
        parent=archive["national"],
        title="Metro line opens",
        standfirst="Trains run every ten minutes from today.",
        featured_image=make_image("metro", 1600, 900),
    )
    curate(lead=story)
    lead = front(client).select_one(".front-lead .card-lead")
    assert lead.select_one("h2.card-title").get_text(strip=True) == "Metro line opens"
    assert "every ten minutes" in lead.select_one(".card-excerpt").get_text()
    assert lead.select_one(".card-media img")["srcset"]


def test_front_page_queries_do_not_grow_with_the_archive(client, archive):
    s = archive["stories"]
    image = make_image("card")
    curate(
        lead=s[3],
        featured=[s[1], s[2]],
        sections=[(archive["national"], 4), (archive["world"], 4)],
    )
    feature_in_section(archive["world"], s[7])

    def count_queries():
        client.get("/")  # warm: renditions are made on the first view
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/")
        assert response.status_code == 200
        return len(captured)

    def add_stories(count):
        for n in range(count):
            ArticleFactory(
                parent=archive["national" if n % 2 else "world"], featured_image=image
            )

    add_stories(4)  # the fill now has pictures too
    few = count_queries()
    add_stories(30)
    many = count_queries()
    assert many == few
    assert many <= LISTING_QUERY_BUDGET


def test_editors_curate_the_front_page_in_the_page_editor(client, archive):
    s = archive["stories"]
    home = home_page()
    client.force_login(member_of(EDITORS, "nasima"))
    response = post_edit(
        client,
        home,
        **{
            "lead_pick-TOTAL_FORMS": "1",
            "lead_pick-0-story": str(s[0].pk),
            "lead_pick-0-ORDER": "1",
            "featured_picks-TOTAL_FORMS": "2",
            "featured_picks-0-story": str(s[4].pk),
            "featured_picks-0-ORDER": "2",
            "featured_picks-1-story": str(s[2].pk),
            "featured_picks-1-ORDER": "1",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    soup = front(client)
    assert lead_of(soup) == "Story 00"
    assert featured_of(soup)[:2] == ["Story 02", "Story 04"]  # reordered


def test_editors_preview_a_new_lead_before_readers_see_it(client, archive):
    s = archive["stories"]
    home = home_page()
    client.force_login(member_of(EDITORS, "nasima"))
    data = page_form(client, f"/admin/pages/{home.pk}/edit/")
    data.update({"lead_pick-TOTAL_FORMS": "1", "lead_pick-0-story": str(s[3].pk)})
    preview = f"/admin/pages/{home.pk}/edit/preview/"
    assert client.post(preview, data).json()["is_valid"]
    soup = BeautifulSoup(client.get(preview).content, "html.parser")
    assert lead_of(soup) == "Story 03"
    client.logout()
    assert lead_of(front(client)) == "Story 11"  # not published yet


def test_reporters_cannot_change_the_front_page(client, archive):
    home = home_page()
    client.force_login(member_of(REPORTERS, "rahima"))
    url = f"/admin/pages/{home.pk}/edit/"
    assert client.get(url).status_code in (302, 403)
    response = client.post(
        url,
        {
            "title": home.title,
            "slug": home.slug,
            "lead_pick-TOTAL_FORMS": "1",
            "lead_pick-INITIAL_FORMS": "0",
            "lead_pick-0-story": str(archive["stories"][0].pk),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code in (302, 403)
    assert not FrontPageLead.objects.exists()
    assert lead_of(front(client)) == "Story 11"


def test_latest_lists_every_section_newest_first_with_excerpts(client, archive):
    soup = front(client, "/latest/")
    assert soup.h1.get_text(strip=True) == "Latest news"
    cards = soup.select(".card-list .card")
    assert titles(cards)[:3] == ["Story 11", "Story 10", "Story 09"]
    assert {c.select_one(".kicker").get_text() for c in cards} == {"National", "World"}
    assert cards[0].select_one(".card-excerpt").get_text(strip=True)
    assert front(client).select_one('nav.sections a[href="/latest/"]') is not None
    latest_link = front(client, "/latest/").select_one('nav a[href="/latest/"]')
    assert latest_link["aria-current"] == "page"


def test_latest_paginates_and_refuses_bad_pages(client, settings, archive):
    settings.MASTHEAD_PAGE_SIZE = 5
    second = front(client, "/latest/?page=2")
    assert titles(second.select(".card-list .card"))[0] == "Story 06"
    assert second.select_one('a[rel="prev"]')["href"] == "?page=1"
    assert client.get("/latest/?page=99").status_code == 404
    assert client.get("/latest/?page=abc").status_code == 404
