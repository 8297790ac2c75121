"""Helpers for the tests that use the built site as a citizen does, in Debian's Chromium: one address
for every kind of page, the window sizes that matter, and switching 长辈模式 on with its button.

The server and the browser come from sitetools.py; this module only knows what to visit and how.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page

from conftest import AS_OF, PROJECT
from portal.publish.search_index import BUNDLE, ITEMS_BUNDLE

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}
ZOOM_200 = {"width": 640, "height": 400}
"""A 1280 x 800 window zoomed to 200%: the page gets half the CSS pixels, drawn twice as large."""
ELDER_BUTTON = "长辈模式"


def _first(kind: str) -> str:
    return sorted((PROJECT / "data" / kind).glob("*.yml"))[0].stem


def page_types(site: Path) -> dict[str, str]:
    """Name -> address of one page of every kind the site has, as the built site has them.

    An overdue item is listed besides the first item because only it shows the 逾期 badge; the
    search and open data pages are listed when the build made them.
    """
    pages = {
        "home": "/",
        "guides": "/guides/",
        "guide": f"/guides/{_first('guides')}/",
        "rules": "/rules/",
        "rule": f"/rules/{_first('rules')}/",
        "timeline": "/timeline/",
        "ledger": "/rectification/",
        "item": f"/rectification/{_first('rectification')}/",
        "about": "/about/",
        "accessibility": "/about/accessibility/",
    }
    overdue = [p.parent.name for p in sorted((site / "rectification").glob("*/index.html"))
               if "pt-status--overdue" in p.read_text(encoding="utf-8")]
    if overdue:
        pages["overdue item"] = f"/rectification/{overdue[0]}/"
    for optional in ("search", "opendata"):
        if (site / optional / "index.html").is_file():
            pages[optional] = f"/{optional}/"
    for name, url in pages.items():
        assert (site / url.strip("/") / "index.html").is_file(), f"{name}: {url} was not built"
    return pages


def guide_ids() -> list[str]:
    return [p.stem for p in sorted((PROJECT / "data" / "guides").glob("*.yml"))]


def elder_toggle(page: Page):
    return page.get_by_role("button", name=ELDER_BUTTON)


def switch_elder_mode_on(page: Page, origin: str) -> None:
    """Press 长辈模式 on the home page, as a reader does; the mode then holds for the whole visit."""
    page.goto(origin + "/")
    elder_toggle(page).click()
    assert elder_toggle(page).get_attribute("aria-pressed") == "true"


def new_context(browser: Browser, viewport: dict, *, zoom: float = 1, **options) -> BrowserContext:
    return browser.new_context(viewport=viewport, device_scale_factor=zoom, **options)


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: it does not scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


ALL_PAGES = """async (url) => {
    const pagefind = await import(url);
    const search = await pagefind.search(null);  // no term and no filter: every page of the bundle
    const pages = await Promise.all(search.results.map((result) => result.data()));
    return pages.map((page) => ({url: page.raw_url, content: page.content, filters: page.filters}));
}"""
"""Every page a bundle holds, through Pagefind's documented search API (`search(null)`, then each
result's `data()`: `raw_url` is the address without the base path), in the language of the page it
runs on: Pagefind keeps one index per <html lang>, so a page indexed in another language is missing."""


def indexed_pages(browser: Browser, origin: str, *bundles: str) -> list[dict]:
    """What the bundles named (default the main one and the first items bundle) hold, as a page of the site at
    `origin` (in Chinese) loads them: one dict per page, with its url, content and filters."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(origin + "/")
    found = [f for b in bundles or (BUNDLE, ITEMS_BUNDLE) for f in page.evaluate(ALL_PAGES, f"{origin}/{b}/pagefind.js")]
    context.close()
    return found
