"""A reader with only a keyboard reads, searches and comments, on a phone and a desktop.

Only Tab, Shift+Tab, Enter, Space and typing: no clicks. At every stop the focus
must be visible (an outline or shadow, unclipped, with 3:1 contrast against what
it is drawn on: WCAG 2.2 non-text contrast) and the stops must follow the page
from top to bottom.
"""

import itertools

import pytest
from wagtail.models import Site

from masthead.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
)
from masthead.comments.models import Comment
from masthead.core.models import SiteSettings
from tests.e2e.conftest import DESKTOP, PHONE

# The live server sees only committed data.
pytestmark = pytest.mark.django_db(transaction=True)

MAX_TABS = 80  # more stops than any page here has before its comment form

# The focused element, how its focus ring looks, and whether any of it is hidden.
FOCUS_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const rgba = (c) => {
        const m = c.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const v = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
        return v.length > 3 ? v : [...v, 1];
    };
    const luminance = ([r, g, b]) => {
        const lin = (c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const contrast = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    const backgroundOf = (node) => {
        for (let n = node; n; n = n.parentElement) {
            const c = rgba(getComputedStyle(n).backgroundColor);
            if (c && c[3] > 0) return c;
        }
        return [255, 255, 255, 1];
    };
    const s = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    let ring = null, color = null, behind = null;
    const width = parseFloat(s.outlineWidth) || 0;
    const offset = parseFloat(s.outlineOffset) || 0;
    if (s.outlineStyle !== "none" && width >= 2) {
        color = rgba(s.outlineColor);
        // An outline drawn outside the box sits on the parent's background.
        behind = backgroundOf(offset >= 0 ? el.parentElement : el);
        const grow = Math.max(offset + width, 0);
        ring = {left: rect.left - grow, right: rect.right + grow,
                top: rect.top - grow, bottom: rect.bottom + grow};
    } else if (s.boxShadow !== "none") {
        color = rgba(s.boxShadow);
        behind = backgroundOf(el.parentElement);
        ring = {left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom};
    }
    let clipped = false;
    if (ring) {
        for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
            const ns = getComputedStyle(n);
            if (ns.overflowX === "visible" && ns.overflowY === "visible") continue;
            const box = n.getBoundingClientRect();
            if (ring.left < box.left - 0.5 || ring.right > box.right + 0.5 ||
                ring.top < box.top - 0.5 || ring.bottom > box.bottom + 0.5) {
                clipped = true;
            }
        }
    }
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        name: (el.getAttribute("aria-label") || el.innerText || el.value || "")
            .trim().replace(/\\s+/g, " ").slice(0, 60),
        label: el.labels && el.labels.length ? el.labels[0].innerText.trim() : "",
        href: el.getAttribute("href") || "",
        region: el.closest("header") ? "header" : el.closest("main") ? "main"
            : el.closest("footer") ? "footer" : "other",
        top: rect.top + window.scrollY,
        left: rect.left + window.scrollX,
        onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 &&
            rect.top < window.innerHeight && rect.right > 0 &&
            rect.left < window.innerWidth,
        ring: !!ring,
        clipped,
        contrast: ring && color && color[3] > 0 ? contrast(color, behind) : 0,
    };
}"""


def focused(page) -> dict:
    stop = page.evaluate(FOCUS_JS)
    assert stop is not None, "focus was lost to the page body"
    return stop


def assert_focus_visible(stop: dict) -> None:
    where = f"{stop['tag']} “{stop['name'] or stop['label']}”"
    assert stop["onScreen"], f"{where} has focus but is off the screen"
    assert stop["ring"], f"{where} shows no focus ring"
    assert not stop["clipped"], f"{where}: its focus ring is cut off"
    assert stop["contrast"] >= 3, f"{where}: focus ring contrast {stop['contrast']:.2f}"


def tab_to(page, matches, key="Tab") -> list[dict]:
    """Press Tab until the focused element matches; every stop on the way."""
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        stop = focused(page)
        assert_focus_visible(stop)
        stops.append(stop)
        if matches(stop):
            return stops
    raise AssertionError(
        f"not reached in {MAX_TABS} presses of {key}; stops: "
        + ", ".join(s["name"] or s["label"] or s["tag"] for s in stops)
    )


def assert_top_to_bottom(stops: list[dict]) -> None:
    """Each stop is on the same line as the one before it or further down."""
    line = 8  # px: items on one visual line differ a little in their top edge
    for before, after in itertools.pairwise(stops):
        assert after["top"] >= before["top"] - line, (
            f"focus jumps up the page from “{before['name']}” to “{after['name']}”"
        )


@pytest.fixture
def story(settings):
    settings.MASTHEAD_COMMENT_MIN_SECONDS = 0  # a test types faster than a person
    national = SectionFactory(title="National", slug="national")
    SectionFactory(title="Business", slug="business")
    SectionFactory(title="Sport", slug="sport")
    author = AuthorFactory(title="Rahima Akter", slug="rahima-akter")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.facebook_url = "https://facebook.example/masthead"
    site_settings.x_url = "https://x.example/masthead"
    site_settings.save()
    return ArticleFactory(
        parent=national,
        title="Ferry service resumes after river dredging",
        standfirst="Boats ran on the busiest route for the first time in a month.",
        authors=[author],
        body=[
            ("paragraph", "<p>The first ferry left the terminal at six.</p>"),
            ("paragraph", "<p>Operators expect full service by Friday.</p>"),
        ],
        tags=["Rivers"],
    )


@pytest.mark.parametrize(
    ("viewport", "scheme"),
    [(PHONE, "light"), (DESKTOP, "light"), (PHONE, "dark")],
    ids=["phone", "desktop", "phone-dark"],
)
def test_keyboard_reader_skips_to_the_story_searches_and_comments(
    open_page, live_server, story, viewport, scheme
):
    page = open_page(viewport)
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + "/")

    # The first stop is the skip link, and it takes focus to the main content.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["name"] == "Skip to main content"
    assert_focus_visible(skip)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    first_in_main = tab_to(page, lambda s: True)[0]
    assert first_in_main["region"] == "main"

    # From the top again: the header in reading order, search before sections.
    page.goto(live_server.url + "/")
    header = tab_to(page, lambda s: s["name"] == "Sport")[1:]
    assert all(s["region"] == "header" for s in header)
    names = [s["name"] for s in header]
    assert names.index("Search") < names.index("Home") < names.index("National")
    assert names[-3:] == ["National", "Business", "Sport"]
    assert_top_to_bottom(header)

    # Back to the search entry, open it, type a query and send it.
    tab_to(page, lambda s: s["name"] == "Search", key="Shift+Tab")
    page.keyboard.press("Enter")
    search_box = tab_to(page, lambda s: True)[0]
    assert search_box["label"] == "What are you looking for?"
    page.keyboard.type("ferry")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=ferry")

    # The result leads to the story.
    tab_to(page, lambda s: s["name"] == story.title)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{story.url}")

    # On the story: skip the header, reach the comment control, open the form.
    assert tab_to(page, lambda s: True)[0]["name"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    in_article = tab_to(page, lambda s: s["name"].startswith("Click to comment"))
    assert_top_to_bottom(in_article)
    page.keyboard.press("Space")
    assert page.locator("form.comment-form").is_visible()

    form = tab_to(page, lambda s: s["name"] == "Post comment")
    labels = [s["label"] for s in form[:-1]]
    assert [label.split()[0] for label in labels] == [
        "Name",
        "Email",
        "Website",
        "Comment",
    ]
    assert ["(required)" in label for label in labels] == [True, True, False, True]
    assert_top_to_bottom(form)
    # Shift+Tab walks back up the same way, typing into each field.
    answers = {
        "Comment": "Dredging should be done every year, not once a decade.",
        "Website": "",
        "Email": "nasrin@example.org",
        "Name": "Nasrin Haque",
    }
    for label, text in answers.items():
        stops = tab_to(page, lambda s, at=label: s["label"].startswith(at), "Shift+Tab")
        assert len(stops) == 1, "each field is one Shift+Tab above the next"
        page.keyboard.type(text)
    tab_to(page, lambda s: s["name"] == "Post comment")
    page.keyboard.press("Space")
    page.wait_for_url(f"**{story.url}?comment=held#comments")
    assert page.get_by_text("Your comment is held for moderation").is_visible()

    comment = Comment.objects.get()
    assert (comment.name, comment.email, comment.text) == (
        "Nasrin Haque",
        "nasrin@example.org",
        answers["Comment"],
    )
