"""A reader goes from the front page to a story, on a desktop and on a phone."""

import pytest

from masthead.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    make_image,
)
from tests.e2e.conftest import DESKTOP, PHONE, screenshot

# The live server sees only committed data.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    national = SectionFactory(title="National", slug="national")
    author = AuthorFactory(title="Rahima Akter", slug="rahima-akter")
    ArticleFactory(parent=national, title="Older story about the port")
    return ArticleFactory(
        parent=national,
        title="Ferry service resumes after river dredging",
        standfirst="Boats ran on the busiest route for the first time in a month.",
        dateline="BARISAL",
        authors=[author],
        featured_image=make_image("ferry", 1600, 900, credit="Photo: Staff"),
        body=[
            ("paragraph", "<p>The first ferry left the terminal at six.</p>"),
            ("pull_quote", {"quote": "We waited weeks.", "attribution": "A trader"}),
            ("paragraph", "<p>Operators expect full service by Friday.</p>"),
        ],
        tags=["Rivers"],
    )


def test_front_page_headline_leads_to_the_story(open_page, live_server, story):
    page = open_page(DESKTOP)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=story.title).first.click()
    page.wait_for_url(f"**{story.url}")
    assert page.get_by_role("heading", level=1).inner_text() == story.title
    assert page.foreign_requests == []
    screenshot(page, "article-desktop")


def test_story_reads_well_on_a_phone(open_page, live_server, story):
    page = open_page(PHONE)
    page.goto(live_server.url + story.url)

    heading = page.get_by_role("heading", level=1)
    assert heading.is_visible()
    assert heading.inner_text() == story.title
    assert page.get_by_text("The first ferry left the terminal at six.").is_visible()
    assert page.get_by_role("link", name="Rahima Akter").first.is_visible()
    # Nothing is wider than the phone: no sideways scrolling to read.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # The featured image loaded and fits the screen.
    width = page.evaluate(
        "Math.max(...[...document.images].map(i => i.complete ? i.naturalWidth : 0))"
    )
    assert width > 0
    assert page.foreign_requests == []
    screenshot(page, "article-phone")
