"""An item's deadline outcome (RectificationItem.deadline_outcome) is decided once, in the model: the
item page says it in words, the ledger's overdue lists show its days, the CSV's is_overdue agrees."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from conftest import VALID
from portal.model.deadlines import Deadline, Outcome
from portal.model.records import RectificationItem

D = dt.date
RAW = yaml.safe_load((VALID / "data/rectification/ZG-2014-001.yml").read_text(encoding="utf-8"))  # deadline 2014-04-30


def item(closed: str | None, verified: bool, moved_to: str | None = None) -> RectificationItem:
    """The fixture item, deadline 2014-04-30, reported 已完成 on `closed` (or still 整改中), verified or
    not, its deadline moved to `moved_to`."""
    data = {**RAW, "updates": RAW["updates"][:2]}
    if closed:
        data["updates"] = data["updates"] + [{"date": closed, "status": "已完成"}]
    if verified:
        data["verification"] = {"date": closed, "by": "bangongshi", "method": "实地查看", "note": "属实"}
    if moved_to:
        data["deadline_changes"] = [{"date": "2014-04-20", "to": moved_to, "reason": "需要协调", "approved_by": "局长"}]
    return RectificationItem.model_validate(data)


DAY = D(2014, 6, 1)  # the day each case is judged on (cases of their own, not the suite's AS_OF)


@pytest.mark.parametrize("closed, verified, moved_to, kind, days, deadline", [
    ("2014-04-30", True, None, Outcome.ON_TIME, 0, Deadline.ONLY),  # on the deadline day itself
    ("2014-04-28", True, "2014-05-31", Outcome.ON_TIME, 0, Deadline.FIRST),  # within the first, though extended
    ("2014-05-10", True, "2014-05-31", Outcome.WITHIN_EXTENSION, 10, Deadline.FIRST),
    ("2014-05-03", True, None, Outcome.LATE, 3, Deadline.ONLY),
    ("2014-05-21", True, "2014-05-11", Outcome.LATE, 10, Deadline.CURRENT),
    ("2014-05-21", False, None, Outcome.AWAITING, 0, Deadline.ONLY),  # reported after the deadline: no verdict yet
    (None, False, None, Outcome.OVERDUE, 32, Deadline.ONLY),  # 2014-04-30 to 2014-06-01
    (None, False, "2014-05-31", Outcome.OVERDUE, 1, Deadline.CURRENT),
    (None, False, "2014-06-01", Outcome.OPEN, 0, Deadline.CURRENT),  # the deadline day is not yet overdue
    (None, False, "2014-06-15", Outcome.OPEN, 14, Deadline.CURRENT),
])
def test_deadline_outcome(closed, verified, moved_to, kind, days, deadline):
    found = item(closed, verified, moved_to).deadline_outcome(DAY)
    assert (found.kind, found.days, found.deadline) == (kind, days, deadline)
    assert item(closed, verified, moved_to).is_overdue(DAY) is (kind is Outcome.OVERDUE)


def test_the_outcome_is_a_frozen_value():
    found = item(None, False).deadline_outcome(DAY)
    with pytest.raises(AttributeError):
        found.days = 0  # type: ignore[misc]
    assert found == item(None, False).deadline_outcome(DAY)


def test_no_template_decides_a_deadline_outcome():
    """The pages' templates word the outcome; comparing dates is the model's job."""
    from conftest import PROJECT
    for path in (PROJECT / "portal/render/templates/pages").glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        for decision in ("closed_on_time", "closed_on <=", "days_between", "current_deadline <", "deadline <"):
            assert decision not in text, f"{path.name} decides a deadline outcome ({decision}); use item.deadline_outcome"


@pytest.mark.parametrize("closed, moved_to, words", [
    ("2014-04-15", None, "按期办结"),
    ("2014-05-06", None, "逾期 6 天办结"),
    ("2014-05-06", "2014-05-20", "在调整后期限内办结，比原定期限晚 6 天"),
])
def test_the_item_page_and_the_feed_say_the_same_outcome(valid_tree, closed, moved_to, words):
    """ZG-2014-001, deadline 2014-04-30, reported 已完成 on `closed` and verified that day."""
    from portal.load.portal import load_portal
    from portal.exports import feeds
    from portal.render.pages import render_pages

    path = valid_tree / "data/rectification/ZG-2014-001.yml"
    text = path.read_text(encoding="utf-8").replace("date: 2014-04-15", f"date: {closed}")
    text += f"verification:\n  date: {closed}\n  by: bangongshi\n  method: 实地查看\n  note: 属实\n"
    if moved_to:
        text += f"deadline_changes:\n  - date: 2014-04-20\n    to: {moved_to}\n    reason: 需要协调\n    approved_by: 局长\n"
    path.write_text(text, encoding="utf-8")
    portal = load_portal(valid_tree, D(2014, 12, 31), D(2014, 12, 31))

    page = next(text for source, text, _ in render_pages(portal) if source == "rectification/ZG-2014-001.md")
    shown = f"<div><dt>期限执行</dt><dd>{words}</dd></div>" if moved_to else f"<dd>2014年4月30日（{words}）</dd>"
    assert shown in page
    entry = next(e for e in feeds.rectification_entries(portal) if e.id.endswith("ZG-2014-001/verification"))
    assert entry.summary == f"实地查看：属实（{words}）"
