"""Browser journeys: Python Playwright driving Debian's Chromium, headless.

No browser is ever downloaded: CI installs Debian's `chromium` package.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path(os.environ.get("MASTHEAD_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the test's own ORM
# calls (setting up content) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(viewport) → a fresh page that records requests leaving the site."""
    contexts = []

    def _open(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.foreign_requests = []
        own_host = urlsplit(live_server.url).hostname

        def record(request):
            host = urlsplit(request.url).hostname
            if host and host != own_host:
                page.foreign_requests.append(request.url)

        page.on("request", record)
        return page

    yield _open
    for context in contexts:
        # Let the server finish answering before the test's data is flushed:
        # it shares the test's database connection.
        for page in context.pages:
            page.wait_for_load_state("networkidle")
        context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
