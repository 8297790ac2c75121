"""待核验 and 延期 as a supervisor sees them on a phone: one load of an item that is both (ZG-2014-014:
reported 已完成 on 2014-08-28, never verified; deadline moved from 2014-06-30 to 2014-08-31),
several checks on it, axe-core included."""

from __future__ import annotations

from browsing import PHONE, new_context, sideways_overflow
from test_accessibility import AXE, BLOCKING, WCAG_TAGS


def test_an_item_awaiting_verification_with_a_moved_deadline_reads_well_at_375_px(site, origin, browser):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` in the project folder (scripts/test does)"
    context = new_context(browser, PHONE, bypass_csp=True)  # axe is injected inline: see test_accessibility
    page = context.new_page()
    page.goto(origin + "/rectification/ZG-2014-014/")

    status = page.locator(".pt-item__status")
    assert status.locator(".pt-status--awaiting").inner_text() == "待核验"
    assert status.locator(".pt-status--extended").inner_text() == "延期"
    assert "已完成" not in status.inner_text()  # the office's word alone is not closure
    for badge in status.locator(".pt-status").all():
        box = badge.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], badge.inner_text()

    facts = page.locator(".pt-facts").first
    assert facts.get_by_text("原定期限").is_visible() and facts.get_by_text("2014年6月30日").is_visible()
    assert facts.get_by_text("调整后期限").is_visible() and facts.get_by_text("2014年8月31日").first.is_visible()
    reason = page.locator("#deadline-changes + ol")
    assert "讲座要与社区暑期活动统筹安排" in reason.inner_text() and "分管副主任" in reason.inner_text()
    page.get_by_role("link", name="见调整原因").click()  # the facts lead to the reasons
    assert page.evaluate("() => location.hash") == "#deadline-changes"

    verification = page.locator("#verification + p")
    assert "待核验" in verification.inner_text() and verification.is_visible()
    assert sideways_overflow(page) == 0
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found["violations"] if v["impact"] in BLOCKING] == []
    context.close()
