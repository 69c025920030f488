"""Every page type is accessible, valid HTML and light, checked in a real browser.

axe-core (injected into the page) finds accessibility faults; the Nu HTML Checker
(vnu, the validator behind validator.w3.org) finds markup errors. Both come from
the npm registry into tests/e2e/node_modules (`make install-test`).
"""

import contextlib
import json
import subprocess
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from masthead.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    add_correction,
    make_image,
)
from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE, screenshot

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
    add_correction(
        article,
        "An earlier version gave the wrong hour for the first sailing.",
        days_later=0,
    )
    pages = {
        "home": "/",
        "section": "/national/",
        "article": article.url,
        "tag": "/tags/rivers/",
        "author": "/authors/rahima-akter/",
        "authors": "/authors/",
        "search": "/search/?q=ferry",
        "not-found": "/no-such-page/",
    }
    for name in ("latest", "corrections"):  # listings not every site has yet
        with contextlib.suppress(NoReverseMatch):
            pages[name] = reverse(f"articles:{name}")
    return pages


IMPACTS = ("critical", "serious", "moderate", "minor")


@pytest.fixture(scope="module")
def figures():
    """Per page type, what the reader's browser fetched and what the checkers
    found; written to test-artifacts/page-figures.{json,md} for the release notes."""
    found: dict[str, dict] = {}
    yield found
    if found:
        write_figures(found)


def write_figures(found: dict[str, dict]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-figures.json").write_text(json.dumps(found, indent=2))

    def kb(n) -> str:
        return "-" if n is None else f"{n / 1000:.1f}"

    def load(row, viewport) -> str:
        m = row.get(viewport)
        if not m:
            return "-"
        return (
            f"{kb(m['bytes'])} ({kb(m['bytes'] - m['image_bytes'])}) · "
            f"{m['requests']} ({m['requests'] - m['images']})"
        )

    lines = [
        f"Page figures, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, from "
        "tests/e2e/test_reader_quality.py (Chromium, cold cache, Django's test "
        "server: nothing compressed, no page cache).",
        "",
        "kB transferred (without images) · requests (without images); axe: "
        "violations by impact critical/serious/moderate/minor, phone and desktop "
        "together; vnu: errors.",
        "",
        "| page | status | phone | desktop | axe | vnu |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in found.items():
        axe = row.get("axe")
        axe_text = "/".join(str(axe[i]) for i in IMPACTS) if axe else "-"
        vnu = row.get("vnu_errors", "-")
        lines.append(
            f"| {name} | {row.get('status', '-')} | {load(row, 'phone')} | "
            f"{load(row, 'desktop')} | {axe_text} | {vnu} |"
        )
    (ARTIFACTS / "page-figures.md").write_text("\n".join(lines) + "\n")


def load_cold(open_page, url: str, viewport) -> tuple:
    """A fresh browser opens the page: (page, status, what it fetched)."""
    page = open_page(viewport)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    images = [r for r in finished if r.resource_type == "image"]

    def size(requests) -> int:
        return sum(
            r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]
            for r in requests
        )

    return (
        page,
        response.status,
        {
            "bytes": size(finished),
            "requests": len(finished),
            "image_bytes": size(images),
            "images": len(images),
        },
    )


def axe_violations(page) -> list[dict]:
    # Evaluated through the browser's debugging protocol: a <script> added to
    # the page would be refused by the Content-Security-Policy, as it should.
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]}))
            .violations.map(v => ({id: v.id, impact: v.impact,
                                   targets: v.nodes.map(n => n.target.join(" "))}))"""
    )


def test_every_page_type_has_no_serious_accessibility_fault(
    open_page, live_server, site_pages, figures
):
    failures = {}
    for name, path in site_pages.items():
        row = figures.setdefault(name, {})
        seen = {}
        for viewport_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            url = live_server.url + path
            page, status, fetched = load_cold(open_page, url, viewport)
            row["status"] = status
            row[viewport_name] = fetched
            screenshot(page, f"{name}-{viewport_name}")
            violations = axe_violations(page)
            seen.update((v["id"], v["impact"]) for v in violations)
            serious = [v for v in violations if v["impact"] in ("serious", "critical")]
            if serious:
                failures[f"{name} ({viewport_name})"] = serious
        impacts = Counter(seen.values())
        row["axe"] = {impact: impacts[impact] for impact in IMPACTS}
    assert failures == {}


def server_error_page(rf) -> str:
    """What a reader sees when a page fails with a bug."""
    handler = get_resolver().resolve_error_handler(500)
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = handler(rf.get("/national/"))
    assert response.status_code == 500
    return response.content.decode()


def test_server_error_page_has_no_accessibility_fault(open_page, rf, figures):
    page = open_page(PHONE)
    page.set_content(server_error_page(rf))
    violations = axe_violations(page)
    impacts = Counter(v["impact"] for v in violations)
    row = figures.setdefault("server-error", {"status": 500})
    row["axe"] = {impact: impacts[impact] for impact in IMPACTS}
    screenshot(page, "server-error-phone")
    assert violations == []


def test_every_page_type_is_valid_html(client, rf, site_pages, tmp_path, figures):
    files = []
    for name, path in site_pages.items():
        response = client.get(path)
        assert response.status_code in (200, 404), name
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    server_error = tmp_path / "server-error.html"
    server_error.write_text(server_error_page(rf))
    files.append(str(server_error))
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
    per_page = Counter(error.split(":", 1)[0] for error in errors)
    for name in [*site_pages, "server-error"]:
        figures.setdefault(name, {})["vnu_errors"] = per_page[name]
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

    # Pictures a reader sees: the read-count beacon is a 1-pixel GIF, not one.
    images = page.evaluate(
        """[...document.images].filter(i => !i.matches(".beacon")).map(i => ({
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
