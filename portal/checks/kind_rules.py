"""Rules within one record of a kind, beyond what its model checks field by field: a guide's time
limits and review dates, an event's recurrence, and an item's dates, closure (核验) and deadline
changes. Each rule may look at other files (an item's verifier is an office), never at the files
under data/files/ (portal/checks/file_rules.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from portal.checks import messages
from portal.checks.collector import Collector, Loaded
from portal.load.reader import Document
from portal.model.records import DATED_LISTS, DATED_PARTS
from portal.model.status import Status
from portal.model.records import Guide, RectificationItem, TimelineFile


def check(out: Collector, loaded: Loaded, today: dt.date) -> None:
    for doc, timeline in loaded.get("timeline", ()):
        for i, event in enumerate(timeline.events):
            r = event.recurrence
            if r and r.ends_on < r.starts_on:
                out.at(doc, ("events", i, "recurrence", "ends_on"), "末次日期早于首次日期；请核对", TimelineFile)
            if r and r.end_time <= r.start_time:
                out.at(doc, ("events", i, "recurrence", "end_time"), "结束时刻不晚于开始时刻；请核对", TimelineFile)
    for doc, guide in loaded.get("guide", ()):
        limit = guide.time_limit
        if limit.legal_days is not None and limit.promised_days is not None and limit.promised_days > limit.legal_days:
            out.at(doc, ("time_limit", "promised_days"),
                   f"承诺时限 {limit.promised_days} 个工作日比法定时限 {limit.legal_days} 个工作日还长；承诺时限不能超过法定时限", Guide)
        if guide.next_review <= guide.reviewed_on:
            out.at(doc, ("next_review",), f"下次审核日期应晚于审核日期 {guide.reviewed_on.isoformat()}", Guide)
        elif guide.next_review > _years_after(guide.reviewed_on, REVIEW_YEARS):
            out.at(doc, ("next_review",), messages.REVIEW_TOO_FAR.format(day=guide.reviewed_on.isoformat(), years=REVIEW_YEARS), Guide)
    offices = loaded.get("offices")
    oversight = {o.id: o.name for o in offices[0][1].offices if o.oversight} if offices else {}
    for doc, item in loaded.get("rectification", ()):
        _check_item_dates(out, doc, item)
        _check_closure(out, doc, item, oversight)
        _check_deadline_changes(out, doc, item)
        _check_transfers(out, doc, item, oversight)
        _check_not_future(out, doc, item, today)


REVIEW_YEARS = 3
"""A guide is reviewed at least every three years: a next review further off is a typo (9999-12-31)."""


def _years_after(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years, day=28 if (day.month, day.day) == (2, 29) else day.day)


EVENT_DATES = (
    ("received_on",),
    *((name, "*", "date") for name in DATED_LISTS),
    *((name, "date") for name in DATED_PARTS),
)
"""Where an item records something that happened: none of these may be later than today in China
("*" stands for every entry of a list). Its dated lists and parts come from the model (records.py)."""


def _dated(value: Any, path: tuple, loc: tuple = ()) -> Iterable[tuple[tuple, dt.date]]:
    """(location, date) of every value at path ("*": each entry of a list); nothing where a part is absent."""
    if value is None:
        return
    if not path:
        yield loc, value
    elif path[0] == "*":
        for i, entry in enumerate(value):
            yield from _dated(entry, path[1:], (*loc, i))
    else:
        yield from _dated(getattr(value, path[0]), path[1:], (*loc, path[0]))


def _check_not_future(out: Collector, doc: Document, item: RectificationItem, today: dt.date) -> None:
    for path in EVENT_DATES:
        for loc, day in _dated(item, path):
            if day > today:
                out.at(doc, loc, messages.FUTURE_DATE, RectificationItem)


def _check_closure(out: Collector, doc: Document, item: RectificationItem, oversight: dict[str, str]) -> None:
    """Closing is checked by someone else (核验), after the office reported it closed; a
    satisfaction survey counts people, and asks about a closed item."""
    m = RectificationItem
    if item.office in oversight:
        out.at(doc, ("office",), messages.OVERSIGHT_AS_OWNER.format(name=oversight[item.office]), m)
    closing = item.updates[-1] if item.status.closes else None
    verified = item.verification
    reopened = None
    if verified is not None and any(Status(u.status).closes and u.date <= verified.date for u in item.updates):
        # Closed, verified (销号), then updated again: the 销号 stays on the record as it was
        # published, and a problem that comes back is a new item.
        reopened = next((i for i, u in enumerate(item.updates) if u.date > verified.date), None)
    if reopened is not None:
        out.at(doc, ("updates", reopened, "date"), messages.REOPENED_AFTER_VERIFICATION.format(
            day=verified.date.isoformat(), id=item.id), m)
    for name in ("verification", "satisfaction"):
        part = getattr(item, name)
        if part is None:
            continue
        if reopened is not None:
            continue  # said once, at the update after the 销号
        what = m.model_fields[name].title
        if closing is None:
            out.at(doc, (name,), messages.NOT_CLOSED.format(what=what), m)
        elif part.date < closing.date:
            out.at(doc, (name, "date"), messages.BEFORE_CLOSING.format(
                what=what, status=closing.status, day=closing.date.isoformat()), m)
    if verified is not None and verified.by in (item.office, item.current_office):
        out.at(doc, ("verification", "by"), messages.VERIFIED_BY_OWNER.format(office=item.office), m)
    satisfaction = item.satisfaction
    if satisfaction is not None:
        if satisfaction.surveyed == 0:
            out.at(doc, ("satisfaction", "surveyed"), messages.NOBODY_SURVEYED, m)
        if satisfaction.satisfied > satisfaction.surveyed:
            out.at(doc, ("satisfaction", "satisfied"), messages.MORE_SATISFIED_THAN_SURVEYED.format(
                satisfied=satisfaction.satisfied, surveyed=satisfaction.surveyed), m)


def _check_deadline_changes(out: Collector, doc: Document, item: RectificationItem) -> None:
    m = RectificationItem
    before, previous = item.deadline, None
    closed = item.reported_closed_on
    for i, change in enumerate(item.deadline_changes):
        at = ("deadline_changes", i)
        if change.date < item.received_on:
            out.at(doc, (*at, "date"), f"期限调整日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
        elif previous is not None and change.date < previous:
            out.at(doc, (*at, "date"), messages.OUT_OF_ORDER.format(what="期限调整", day=previous.isoformat()), m)
        elif closed is not None and change.date > closed:
            out.at(doc, (*at, "date"), messages.CHANGE_AFTER_CLOSING.format(day=closed.isoformat()), m)
        if change.to == before:
            out.at(doc, (*at, "to"), messages.SAME_DEADLINE.format(day=before.isoformat()), m)
        elif change.to < change.date:
            out.at(doc, (*at, "to"), messages.DEADLINE_BEFORE_CHANGE.format(day=change.date.isoformat()), m)
        before, previous = change.to, change.date


def _check_transfers(out: Collector, doc: Document, item: RectificationItem, oversight: dict[str, str]) -> None:
    """Each transfer hands the item to another office, in date order, after it was received."""
    m = RectificationItem
    before, previous = item.office, None
    for i, transfer in enumerate(item.transfers):
        at = ("transfers", i)
        if transfer.date < item.received_on:
            out.at(doc, (*at, "date"), f"移交日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
        elif previous is not None and transfer.date < previous:
            out.at(doc, (*at, "date"), messages.OUT_OF_ORDER.format(what="移交", day=previous.isoformat()), m)
        if transfer.to == before:
            out.at(doc, (*at, "to"), f"接手科室与移交前的责任科室（{before}）相同；请写接手的科室", m)
        elif transfer.to in oversight:
            out.at(doc, (*at, "to"), messages.OVERSIGHT_AS_OWNER.format(name=oversight[transfer.to]), m)
        before, previous = transfer.to, transfer.date


def _check_item_dates(out: Collector, doc: Document, item: RectificationItem) -> None:
    m = RectificationItem
    if item.deadline < item.received_on:
        out.at(doc, ("deadline",), f"整改期限早于受理日期 {item.received_on.isoformat()}；请核对", m)
    previous: dt.date | None = None
    for i, update in enumerate(item.updates):
        if i == 0 and update.date < item.received_on:
            out.at(doc, ("updates", i, "date"), f"进展日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
        if previous is not None and update.date < previous:
            out.at(doc, ("updates", i, "date"), messages.OUT_OF_ORDER.format(what="进展", day=previous.isoformat()), m)
        previous = update.date
        if Status(update.status).closes and not update.note:
            out.at(doc, ("updates", i, "status"), f"状态“{update.status}”必须写进展说明 note，向群众说明结果", m)
    for i, correction in enumerate(item.corrections):
        if correction.date < item.received_on:
            out.at(doc, ("corrections", i, "date"), f"更正日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
    if item.reply and item.reply.date < item.received_on:
        out.at(doc, ("reply", "date"), f"答复日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
    if item.withdrawn and item.withdrawn.date < item.received_on:
        out.at(doc, ("withdrawn", "date"), f"撤销日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
