"""The as-of date (数据截至) of a build, the day whose view of the data every page shows; today's
date in China, which no event date may pass; and the ledger as it stood on the as-of date."""

from __future__ import annotations

import datetime as dt
import os

from portal.china import CHINA
from portal.model.records import DATED_LISTS, DATED_PARTS, RectificationItem


def default_as_of() -> dt.date:
    """PORTAL_AS_OF, else SOURCE_DATE_EPOCH, else today (China Standard Time)."""
    explicit = os.environ.get("PORTAL_AS_OF")
    if explicit:
        return dt.date.fromisoformat(explicit)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), CHINA).date()
    return dt.datetime.now(CHINA).date()


def today_in_china() -> dt.date:
    """The real date in China, which no event date may be later than. Never the as-of date: a
    snapshot of an earlier day must still refuse a typo like 2041. PORTAL_TODAY stands in for the
    clock in tests."""
    explicit = os.environ.get("PORTAL_TODAY")
    if explicit:
        return dt.date.fromisoformat(explicit)
    return dt.datetime.now(CHINA).date()


def as_it_stood(item: RectificationItem, day: dt.date) -> RectificationItem | None:
    """The item as the public ledger showed it on day: None when it was not yet on the ledger
    (received later, or no update published by then), else without the entries dated later.
    An item with nothing later is returned as it is, so a current build copies nothing."""
    if item.received_on > day or item.updates[0].date > day:
        return None
    changed = {}
    for name in DATED_LISTS:
        entries = getattr(item, name)
        kept = [entry for entry in entries if entry.date <= day]
        if len(kept) != len(entries):
            changed[name] = kept
    for name in DATED_PARTS:
        part = getattr(item, name)
        if part is not None and part.date > day:
            changed[name] = None
    return item.model_copy(update=changed) if changed else item
