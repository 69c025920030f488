"""What a reader finds next, seen in a real browser: the related block under a
story, and the curated front page on a phone and a desktop."""

import io

import pytest
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image, ImageDraw

from masthead.articles.tests.factories import ArticleFactory, SectionFactory, home_page
from masthead.core.models import CustomImage
from masthead.discovery.counting import flush_view_counts
from masthead.discovery.models import FrontPageLead, SectionFeatured
from tests.e2e.conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

STORIES = [
    ("National", "Ferry service resumes after river dredging", "Boats ran again."),
    ("National", "Dredgers move north to clear the Meghna", "Work starts Monday."),
    ("National", "River ports ready for the monsoon season", "Pontoons repaired."),
    ("National", "Ferry fares to rise by a tenth in July", "Operators cite fuel."),
    ("Business", "Shipyards win orders for twelve river vessels", "A record year."),
    ("Business", "Garment exports climb for a third month", "Orders from Europe."),
    ("World", "Talks on shared rivers resume in the capital", "Water sharing."),
    ("World", "Monsoon arrives early across the region", "Forecasters warn."),
    ("Sport", "Rowing club sends crew to the Asian championships", "Eight go."),
    ("Sport", "Cricket board names new captain for the tour", "A young side."),
    ("National", "City council approves new bus lanes", "Work begins in May."),
    ("National", "Hospitals add beds as dengue cases rise", "Wards are full."),
    ("Business", "Central bank holds its policy rate", "Inflation eases."),
    ("Business", "Tea auction prices reach a five-year high", "Buyers return."),
    ("Business", "Port handles record container traffic", "New cranes help."),
    ("World", "Neighbours sign a deal on power trade", "Lines by 2028."),
    ("World", "Cyclone season outlook calls for vigilance", "Coasts prepare."),
    ("World", "Aid convoy reaches flooded villages", "Roads reopen."),
    ("Sport", "Football league sets dates for new season", "Kick-off in August."),
    ("Sport", "Young sprinter breaks the national record", "Under eleven seconds."),
    ("Sport", "Chess olympiad team named after trials", "Two newcomers."),
    ("National", "Schools reopen after the summer break", "Attendance is high."),
]
COLOURS = [(40, 90, 140), (150, 60, 40), (60, 120, 70), (120, 100, 30)]


def picture(n: int) -> CustomImage:
    """A plain generated picture: sky, a river band and a sun, in varied colours."""
    sky = COLOURS[n % len(COLOURS)]
    image = Image.new("RGB", (1600, 900), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 560, 1600, 900), fill=tuple(c // 2 for c in sky))
    draw.ellipse((1100 - 60 * n, 140, 1300 - 60 * n, 340), fill=(240, 210, 120))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return CustomImage.objects.create(
        title=f"Photo {n}", file=ImageFile(buffer, name=f"photo-{n}.jpg")
    )


@pytest.fixture
def newsroom():
    sections = {
        title: SectionFactory(title=title, slug=title.lower())
        for title in ("National", "Business", "World", "Sport")
    }
    stories = []
    for n, (section, title, standfirst) in enumerate(STORIES):
        image = picture(n)
        stories.append(
            ArticleFactory(
                parent=sections[section],
                title=title,
                standfirst=standfirst,
                tags=["Rivers"] if "iver" in title or "erry" in title else ["News"],
                featured_image=image,
            )
        )
    return {"sections": sections, "stories": stories}


def test_related_block_shows_headline_excerpt_picture_and_date(
    open_page, live_server, newsroom
):
    story = newsroom["stories"][0]
    page = open_page(DESKTOP)
    page.goto(live_server.url + story.url)
    cards = page.locator("aside.slot-related .related-stories .card")
    assert cards.count() >= 3
    for n in range(cards.count()):
        card = cards.nth(n)
        card.scroll_into_view_if_needed()
        assert card.locator(".card-title a").inner_text().strip()
        assert card.locator(".card-excerpt").inner_text().strip()
        assert card.locator("time[datetime]").count() == 1
        image = card.locator(".card-media img")
        image.evaluate("img => img.complete || new Promise(done => img.onload = done)")
        assert image.evaluate("img => img.naturalWidth") > 0
        box = image.bounding_box()
        assert box and box["width"] > 50  # a thumbnail, not a speck
    screenshot(page, "related-desktop")


def test_front_page_looks_like_a_newspaper(open_page, live_server, newsroom):
    stories = newsroom["stories"]
    home = home_page()
    home.lead_pick.add(FrontPageLead(story=stories[1]))
    home.save_revision().publish()
    business = newsroom["sections"]["Business"]
    business.featured_picks.add(SectionFeatured(story=stories[4]))
    business.save_revision().publish()

    reader = Client(HTTP_USER_AGENT="Mozilla/5.0 (Android 14; Mobile) Firefox/133.0")
    for n, story in enumerate(stories[:6]):
        for _ in range(6 - n):
            reader.get(f"/discovery/seen/{story.pk}.gif")
    flush_view_counts()

    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = open_page(viewport)
        page.goto(live_server.url + "/")
        assert page.locator(".front-side .most-read li").count() == 5
        lead = page.locator(".front-lead .card-lead")
        assert lead.locator(".card-title").inner_text() == stories[1].title
        lead_image = lead.locator("img")
        assert lead_image.evaluate("img => img.naturalWidth") > 0
        assert page.locator(".featured-row .card").count() == 4
        blocks = page.locator(".section-block")
        assert blocks.count() == 4
        assert blocks.nth(1).locator(".card-title").first.inner_text() == (
            stories[4].title  # Business features its own story first
        )
        # Tall enough that lazy pictures lower down load for the screenshot.
        for image in page.locator("main img").all():
            image.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        screenshot(page, f"front-{name}")
