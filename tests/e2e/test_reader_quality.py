"""Every page type is accessible, valid HTML and light, checked in a real browser.

axe-core (injected into the page) finds accessibility faults; the Nu HTML Checker
(vnu, the validator behind validator.w3.org) finds markup errors. Both come from
the npm registry into tests/e2e/node_modules (`make install-test`).
"""

import json
import subprocess
from pathlib import Path

import pytest

from masthead.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    make_image,
)
from tests.e2e.conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

CHECKERS = Path(__file__).parent / "node_modules"
AXE = CHECKERS / "axe-core" / "axe.min.js"
VNU = CHECKERS / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTICLE_BYTES_BUDGET = 60_000  # transferred, without images
REQUESTS_BEFORE_IMAGES = 5


@pytest.fixture
def site_pages():
    """One page of every type a reader meets, with realistic content."""
    national = SectionFactory(title="National", slug="national", intro="Home news.")
    author = AuthorFactory(
        title="Rahima Akter",
        slug="rahima-akter",
        photo=make_image("portrait", 600, 600),
    )
    for n in range(3):
        ArticleFactory(
            parent=national, authors=[author], tags=["Rivers"], title=f"Older story {n}"
        )
    article = ArticleFactory(
        parent=national,
        title="Ferry service resumes after river dredging",
        standfirst="Boats ran on the busiest route for the first time in a month.",
        authors=[author],
        tags=["Rivers", "Transport"],
        featured_image=make_image("ferry", 1600, 900, credit="Photo: Staff"),
        body=[
            ("paragraph", "<p>The first ferry left the terminal at six.</p>" * 3),
            ("subheading", "What changes for passengers"),
            ("paragraph", "<p>Tickets go on sale at the jetty from Monday.</p>" * 4),
            (
                "image",
                {
                    "image": make_image("jetty", 1200, 800),
                    "caption": "The jetty",
                    "credit": "",
                },
            ),
            ("pull_quote", {"quote": "We waited weeks.", "attribution": "A trader"}),
            ("paragraph", "<p>Operators expect full service by Friday.</p>" * 3),
        ],
    )
    return {
        "home": "/",
        "section": "/national/",
        "article": article.url,
        "tag": "/tags/rivers/",
        "author": "/authors/rahima-akter/",
        "authors": "/authors/",
        "search": "/search/?q=ferry",
        "not-found": "/no-such-page/",
    }


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]}))
            .violations.map(v => ({id: v.id, impact: v.impact,
                                   targets: v.nodes.map(n => n.target.join(" "))}))"""
    )


def test_every_page_type_has_no_serious_accessibility_fault(
    open_page, live_server, site_pages
):
    failures = {}
    for viewport_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = open_page(viewport)
        for name, path in site_pages.items():
            page.goto(live_server.url + path)
            screenshot(page, f"{name}-{viewport_name}")
            serious = [
                v
                for v in axe_violations(page)
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                failures[f"{name} ({viewport_name})"] = serious
    assert failures == {}


def test_every_page_type_is_valid_html(client, site_pages, tmp_path):
    files = []
    for name, path in site_pages.items():
        response = client.get(path)
        assert response.status_code in (200, 404), name
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    result = subprocess.run(  # noqa: S603
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{Path(m['url']).stem}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []


def test_article_page_is_light_and_stable(open_page, live_server, site_pages):
    page = open_page(PHONE)
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(live_server.url + site_pages["article"])
    page.wait_for_load_state("networkidle")

    non_image = [r for r in responses if r.resource_type != "image"]
    transferred = sum(
        r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]
        for r in non_image
    )
    assert transferred < ARTICLE_BYTES_BUDGET
    assert len(non_image) <= REQUESTS_BEFORE_IMAGES
    # Nothing blocks rendering: JSON-LD is data for search engines, never run.
    assert (
        page.evaluate(
            "[...document.scripts].filter(s => s.type !== 'application/ld+json').length"
        )
        == 0
    )

    images = page.evaluate(
        """[...document.images].map(i => ({
            src: i.currentSrc, width: i.getAttribute("width"),
            height: i.getAttribute("height"), alt: i.getAttribute("alt"),
            loading: i.getAttribute("loading"), srcset: i.getAttribute("srcset"),
            inBody: !!i.closest(".story-body")}))"""
    )
    assert images, "the article has images"
    for image in images:
        assert image["width"] and image["height"], image  # nothing jumps as it loads
        assert image["alt"] is not None, image
        assert image["srcset"], image  # the phone fetches a phone-sized file
    assert all(i["loading"] == "lazy" for i in images if i["inBody"])
