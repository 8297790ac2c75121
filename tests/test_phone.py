"""On a phone (375 x 667), at 200% zoom and in 长辈模式, no page scrolls sideways: wide tables scroll
inside their own box, and the 长辈模式 button stays on screen. Loading any page asks no host but the
site's own: in mainland China a request to a blocked host can stall a page for a long time.

Debian's Chromium over the real build, served from 127.0.0.1.
"""

from __future__ import annotations

import pytest

from browsing import PHONE, ZOOM_200, elder_toggle, new_context, page_types, sideways_overflow, switch_elder_mode_on

WIDE_TABLES = """() => [...document.querySelectorAll(".md-content table")]
  .filter(table => table.getBoundingClientRect().width > table.closest(".md-content__inner").clientWidth)
  .map(table => {
    const box = table.closest(".pt-scroll");
    return {caption: table.querySelector("th")?.innerText ?? "",
            ownBox: !!box && box.tabIndex === 0 && !!box.getAttribute("aria-label")
                    && box.scrollWidth > box.clientWidth && getComputedStyle(box).overflowX === "auto"};
  })"""
"""Tables wider than the text column, and whether each scrolls in a labelled box the keyboard reaches."""


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder-mode"])
@pytest.mark.parametrize("window", [PHONE, ZOOM_200], ids=["phone-375", "zoom-200"])
def test_no_page_scrolls_sideways(site, origin, browser, window, elder):
    context = new_context(browser, window, zoom=2)
    page = context.new_page()
    if elder:
        switch_elder_mode_on(page, origin)
    problems = []
    for name, url in page_types(site).items():
        page.goto(origin + url)
        if overflow := sideways_overflow(page):
            problems.append(f"{name} {url} is {overflow} px wider than the window")
        button = elder_toggle(page).bounding_box()
        if not button or button["x"] < 0 or button["x"] + button["width"] > window["width"]:
            problems.append(f"{name} {url}: the 长辈模式 button is not fully on screen ({button})")
        if elder and elder_toggle(page).get_attribute("aria-pressed") != "true":
            problems.append(f"{name} {url}: 长辈模式 did not stay on")
    context.close()
    assert not problems, "\n".join(problems)


def test_wide_tables_scroll_inside_their_own_box_on_a_phone(site, origin, browser):
    context = new_context(browser, PHONE, zoom=2)
    page = context.new_page()
    wide, problems = [], []
    for name, url in page_types(site).items():
        page.goto(origin + url)
        for table in page.evaluate(WIDE_TABLES):
            wide.append(name)
            if not table["ownBox"]:
                problems.append(f"{name}: the table starting “{table['caption']}” does not scroll in its own box")
    context.close()
    assert "ledger" in wide, "the ledger's table fits a phone: this test no longer checks anything there"
    assert not problems, "\n".join(problems)


def test_no_page_asks_another_host_for_anything(site, origin, browser):
    context = new_context(browser, PHONE, zoom=2)
    page = context.new_page()
    elsewhere = []
    page.on("request", lambda request: None if request.url.startswith(origin + "/") or request.url.startswith("data:")
            else elsewhere.append(f"{page.url} -> {request.url}"))
    counted = []
    page.on("request", lambda request: counted.append(request.url))
    for url in page_types(site).values():
        page.goto(origin + url, wait_until="networkidle")
        page.mouse.wheel(0, 20000)  # whatever loads on scrolling loads now
        page.wait_for_load_state("networkidle")
    context.close()
    assert len(counted) > len(page_types(site)), "no requests were seen: the check saw nothing"
    assert not elsewhere, "\n".join(elsewhere)
