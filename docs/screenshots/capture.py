"""Retake the README's article screenshots from a running demo.

    masthead demo --port 8000 &          # or any served data folder
    python docs/screenshots/capture.py [--base http://127.0.0.1:8000]

Opens the newest story with a picture in Debian's Chromium at the browser
suite's phone and desktop sizes (tests/e2e/conftest.py) and saves the first
screenful of each beside this file.
"""

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.e2e.conftest import CHROMIUM, DESKTOP, PHONE  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport=DESKTOP)
        page.goto(args.base + "/")
        # The lead story on the front page: the first headline in the main content.
        href = page.locator("main .card-title a").first.get_attribute("href")
        if not href or not re.match(r"^/", href):
            raise SystemExit(f"no story on the front page of {args.base}")
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.goto(args.base + href)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(HERE / f"article-{name}.png"))
            print(f"article-{name}.png: {args.base}{href}")  # noqa: T201
        browser.close()


if __name__ == "__main__":
    main()
