"""The as-of date (数据截至) of a build, the day whose view of the data every page shows; today's
date in China, which no event date may pass; and the ledger as it stood on the as-of date."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import TYPE_CHECKING

from portal.china import CHINA
from portal.load.problems import InvalidData

if TYPE_CHECKING:  # as_it_stood imports the models when it runs: `portal build` reads dates, no records
    from portal.model.records import RectificationItem


class DateSettingError(InvalidData):
    """A date given in the environment or on the command line that is not a day written YYYY-MM-DD.
    An InvalidData, so that every command and the build's hooks report it as they report bad data:
    one Chinese sentence, no traceback."""

    def __init__(self, message: str):
        self.problems = []
        self.message = message
        Exception.__init__(self, message)

    def report(self) -> str:
        return self.message


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EPOCH = re.compile(r"[0-9]{1,11}")  # seconds since 1970: up to the year 5138, never negative or fractional


def parse_day(text: str, what: str) -> dt.date:
    """A day written YYYY-MM-DD, and nothing else: Python would also read 2014-W15, 2014W151 and
    20140410, a surprise for whoever typed them."""
    if not _ISO_DAY.fullmatch(text.strip()):
        raise DateSettingError(f"{what}“{text}”不是有效日期，请写成 2014-06-30 这样的年-月-日格式")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DateSettingError(f"{what}“{text}”不是真实存在的日期；请核对年月日") from None


def default_as_of() -> dt.date:
    """PORTAL_AS_OF, else SOURCE_DATE_EPOCH, else today (China Standard Time)."""
    explicit = os.environ.get("PORTAL_AS_OF")
    if explicit:
        return parse_day(explicit, "环境变量 PORTAL_AS_OF 的值")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not _EPOCH.fullmatch(epoch.strip()):
            raise DateSettingError(f"环境变量 SOURCE_DATE_EPOCH 的值“{epoch}”不是从 1970-01-01 起的秒数（不带小数的整数，"
                                   "如 1404057600）；请改正它，或用 PORTAL_AS_OF=2014-06-30 指定数据截至日期")
        return dt.datetime.fromtimestamp(int(epoch), CHINA).date()
    return dt.datetime.now(CHINA).date()


def today_in_china() -> dt.date:
    """The real date in China, which no event date may be later than. Never the as-of date: a
    snapshot of an earlier day must still refuse a typo like 2041. PORTAL_TODAY stands in for the
    clock in tests."""
    explicit = os.environ.get("PORTAL_TODAY")
    if explicit:
        return parse_day(explicit, "环境变量 PORTAL_TODAY 的值")
    return dt.datetime.now(CHINA).date()


def as_it_stood(item: RectificationItem, day: dt.date) -> RectificationItem | None:
    """The item as the public ledger showed it on day: None when it was not yet on the ledger
    (received later, or no update published by then), else without the entries dated later.
    An item with nothing later is returned as it is, so a current build copies nothing."""
    from portal.model.records import DATED_LISTS, DATED_PARTS

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
