"""Every citizen can use the site: axe-core finds no serious or critical WCAG 2.1 A/AA problem on
any kind of page, in either mode; the keyboard reaches every control, the skip link first, each
with a focus ring one can see; 长辈模式 is a real toggle button that enlarges the text and stays on.

Real parts throughout: the real MkDocs build, a static server on 127.0.0.1, Debian's Chromium, and
axe-core from npm (node_modules/axe-core, which scripts/test installs with `npm ci`).
"""

from __future__ import annotations

import pytest

from browsing import DESKTOP, PHONE, ZOOM_200, elder_toggle, new_context, page_types
from conftest import PROJECT

AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.dataset.tabStop) el.dataset.tabStop = String(document.querySelectorAll("[data-tab-stop]").length);
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  return {
    stop: el.dataset.tabStop,
    what: `${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute("aria-label") || el.title || "").trim().slice(0, 30)}"`,
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,  // portal.css draws an outline
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
    inSiteChrome: !!el.closest(".md-header, .md-tabs, .md-sidebar"),
    skip: el.matches(".md-skip"),
  };
}"""

CONTROLS = """() => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
  .filter(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length
    && el.checkVisibility({visibilityProperty: true, opacityProperty: true}))
  .map(el => { el.dataset.control = ""; return el; }).length"""
"""Marks everything a reader can see and operate on the page as loaded: links, buttons, fields, FAQ
summaries, scroll boxes. (The back-to-top button appears only later, when a reader scrolls up.)"""

UNREACHED = """() => [...document.querySelectorAll("[data-control]:not([data-tab-stop])")]
  .map(el => `${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 30)}"`)"""


def _axe_problems(page, enhanced_contrast: bool = False) -> list[str]:
    """axe's serious and critical WCAG 2.1 A/AA problems; with enhanced_contrast, also every text
    below 7:1 (4.5:1 when large): the AAA rule color-contrast-enhanced, which 高对比度 promises."""
    tags = WCAG_TAGS + ["wcag2aaa"] if enhanced_contrast else WCAG_TAGS
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in BLOCKING or v["id"] == "color-contrast-enhanced"]


MODES = {"standard": None, "elder-mode": ".pt-elder-toggle", "high-contrast": ".pt-contrast-toggle"}
"""The display modes a reader can choose, each with the header button that switches it on; axe checks
every page in each of them, switching with the page's own button between runs (one load per page),
and in 高对比度 holds every text to AAA's 7:1."""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_serious_or_critical_wcag_problem_on_any_kind_of_page_in_every_mode(site, origin, browser,
                                                                                         viewport):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` in the project folder (scripts/test does)"
    # axe is injected as an inline script, which the pages' Content-Security-Policy rightly refuses;
    # this context alone lets the test's own script in. The other tests keep the policy.
    context = new_context(browser, viewport, bypass_csp=True)
    page = context.new_page()
    problems = {}
    for name, url in page_types(site).items():
        page.goto(origin + url)
        page.add_script_tag(path=str(AXE))
        for mode, button in MODES.items():
            if button:  # the button keeps its mode for the visit: switch it off again after the run
                page.locator(button).dispatch_event("click")
                assert page.locator(button).get_attribute("aria-pressed") == "true", f"{mode} did not switch on"
            if found := _axe_problems(page, enhanced_contrast=mode == "high-contrast"):
                problems[f"{name} {url} ({mode})"] = found
            if button:
                page.locator(button).dispatch_event("click")
    context.close()
    assert not problems, "\n".join(f"{where}: {p}" for where, found in problems.items() for p in found)


def _walk_with_tab(page, limit: int = 500) -> list[dict]:
    """Press Tab from the top of a freshly loaded page until focus leaves the page or comes round."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None and stops:
            # Focus is on no element: Tab left the page, or Material hid and blurred its back-to-top
            # button the moment Tab reached it (it hides whenever the page scrolls down). A reader's
            # next Tab then goes on after the button, to the footer; after leaving the page, it comes
            # round to the first stop. One more Tab tells the two apart.
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
        if focused is None or (stops and focused["stop"] == stops[0]["stop"]):
            return stops
        stops.append(focused)
    raise AssertionError(f"Tab never left the page after {limit} presses")


def test_tab_from_page_load_reaches_the_skip_link_first_and_it_leads_to_the_content(site, origin, browser):
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    problems = []
    for name, url in page_types(site).items():
        page.goto(origin + url)
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED)
        if not (first and first["skip"] and first["onScreen"]):
            problems.append(f"{name}: the first Tab reached {first and first['what']}, not a visible skip link")
            continue
        page.keyboard.press("Enter")
        if not page.evaluate("() => !!document.querySelector(':target')?.closest('.md-content')"):
            problems.append(f"{name}: the skip link does not lead into the page content")
        page.keyboard.press("Tab")
        after = page.evaluate(FOCUSED)
        if after and after["inSiteChrome"]:
            problems.append(f"{name}: after the skip link, Tab went back to the navigation ({after['what']})")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("window", [DESKTOP, ZOOM_200], ids=["desktop", "zoom-200"])
def test_keyboard_reaches_every_control_and_shows_where_it_is(site, origin, browser, window):
    context = new_context(browser, window, zoom=2 if window is ZOOM_200 else 1)
    page = context.new_page()
    problems = []
    for name, url in page_types(site).items():
        # /search/ draws its filters once Pagefind has loaded them, which moves the footer's links
        # down: the walk starts when the page has settled, as a reader's would.
        page.goto(origin + url, wait_until="networkidle" if name == "search" else "load")
        assert page.evaluate(CONTROLS) > 0
        stops = _walk_with_tab(page)
        problems += [f"{name}: {s['what']} has no visible focus ring" for s in stops if not s["ring"]]
        problems += [f"{name}: {s['what']} is focused off screen" for s in stops if not s["onScreen"]]
        problems += [f"{name}: {what} cannot be reached with Tab" for what in page.evaluate(UNREACHED)]
    context.close()
    assert not problems, "\n".join(problems)


def test_the_menu_of_narrow_screens_opens_and_closes_from_the_keyboard(site, origin, browser):
    context = new_context(browser, ZOOM_200, zoom=2)
    page = context.new_page()
    page.goto(origin + "/guides/")
    menu_link = page.locator(".md-nav--primary").get_by_role("link", name="工作制度")
    assert not menu_link.is_visible()
    stops = _walk_with_tab(page)
    assert not any("工作制度" in s["what"] for s in stops), "Tab wandered into the closed menu"
    page.goto(origin + "/guides/")
    menu = page.get_by_role("button", name="导航栏")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.focus()  # Tab reaches it: the keyboard walk at 200% checks that
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    menu_link.wait_for(state="visible")
    stops = _walk_with_tab(page)
    assert any("工作制度" in s["what"] and s["onScreen"] for s in stops), "the open menu's links cannot be reached"
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    context.close()


def test_elder_mode_button_enlarges_text_and_stays_on_across_pages_and_visits(site, origin, browser):
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(origin + "/")
    button = elder_toggle(page)
    assert button.is_visible()
    assert button.evaluate("b => !!b.closest('header')"), "the 长辈模式 button is not in the header"
    assert button.get_attribute("aria-pressed") == "false"
    text_size = "() => parseFloat(getComputedStyle(document.querySelector('.md-content p')).fontSize)"
    normal = page.evaluate(text_size)

    button.focus()
    page.keyboard.press("Enter")  # a keyboard user switches it as well as a mouse user
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate(text_size) >= 1.3 * normal

    page.get_by_role("link", name="办事指南").first.click()  # another page, as a reader moves on
    page.wait_for_url("**/guides/")
    assert elder_toggle(page).get_attribute("aria-pressed") == "true"
    assert page.evaluate(text_size) >= 1.3 * normal

    later = context.new_page()  # a later visit in the same browser
    later.goto(origin + "/rules/")
    assert elder_toggle(later).get_attribute("aria-pressed") == "true"
    elder_toggle(later).click()
    assert elder_toggle(later).get_attribute("aria-pressed") == "false"
    later.goto(origin + "/")
    assert later.evaluate(text_size) == normal
    context.close()


def test_accessibility_statement_names_the_standards_and_how_to_report_a_problem(site):
    text = (site / "about" / "accessibility" / "index.html").read_text(encoding="utf-8")
    for needed in ("WCAG 2.1", "GB/T 37668-2019", "互联网网站适老化通用设计规范", "已知的不足", "咨询电话", "长辈模式",
                   "高对比度", "朗读本页", "我要纠错/留言"):
        assert needed in text, f"/about/accessibility/ does not mention {needed}"
    menu = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "无障碍与适老化" in menu, "the statement is not in the 关于 menu"
