"""An item page with a correction, on a phone in Chromium: the 更正记录 section reads without sideways
scrolling, the 已更正 mark beside the corrected update leads to it, and axe-core finds no serious or
critical WCAG 2.1 A/AA problem. One page load of the real site."""

from __future__ import annotations


from browsing import PHONE, new_context, sideways_overflow
from conftest import PROJECT
from portal.load.portal import load_portal
from test_accessibility import AXE, _axe_problems


def test_corrections_on_a_phone_read_link_and_pass_axe(site, origin, browser, tmp_path):
    corrected = [i for i in load_portal(PROJECT).items if i.corrections]
    assert corrected, "the real data shows a correction (ZG-2014-011, illustrative)"
    item = corrected[0]
    context = new_context(browser, PHONE, bypass_csp=True)  # axe is injected as a script: see test_accessibility
    page = context.new_page()
    page.goto(f"{origin}/rectification/{item.id}/")

    section = page.locator("section.pt-corrections")
    assert section.get_by_role("heading", name="更正记录").is_visible()
    first = item.corrections[0]
    entry = section.locator("#correction-1")
    assert entry.locator("del").inner_text() == first.was and entry.locator("ins").inner_text() == first.now
    assert first.reason in entry.inner_text()
    assert sideways_overflow(page) == 0
    page.get_by_role("link", name="已更正（见更正记录）").first.click()
    assert page.url.endswith("#correction-1")
    below_header = "el => { const r = el.getBoundingClientRect(), h = document.querySelector('.md-header').getBoundingClientRect(); return r.top >= h.bottom && r.top < innerHeight; }"
    assert entry.evaluate(below_header), "the corrected entry is hidden under the header"
    assert "最后修改" in page.locator(".pt-record-history").inner_text()
    page.screenshot(path=str(tmp_path / "corrections-375.png"), full_page=True)

    assert AXE.is_file()
    page.add_script_tag(path=str(AXE))
    assert _axe_problems(page) == []
    context.close()


def test_a_transfer_on_a_phone_names_both_offices_links_its_reason_and_passes_axe(site, origin, browser, tmp_path):
    portal = load_portal(PROJECT)
    moved = [i for i in portal.items if i.transfers]
    assert moved, "the real data shows a transfer (ZG-2014-014, illustrative)"
    item, transfer = moved[0], moved[0].transfers[0]
    first, now = portal.office_by_id[item.office].name, portal.office_by_id[transfer.to].name
    context = new_context(browser, PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{origin}/rectification/{item.id}/")

    facts = page.locator("dl.pt-facts").first
    assert first in facts.inner_text() and "按期办结率仍计在原责任科室" in facts.inner_text()
    assert now in facts.inner_text()
    section = page.get_by_role("heading", name="责任科室移交")
    assert section.is_visible()
    entry = page.locator("#transfers + ol li").first
    assert f"由{first}移交{now}办理" in entry.inner_text() and transfer.reason in entry.inner_text()
    assert transfer.approved_by in entry.inner_text()
    assert sideways_overflow(page) == 0
    facts.get_by_role("link", name="见移交原因").click()
    assert page.url.endswith("#transfers")
    page.screenshot(path=str(tmp_path / "transfer-375.png"), full_page=True)

    page.add_script_tag(path=str(AXE))
    assert _axe_problems(page) == []
    context.close()
