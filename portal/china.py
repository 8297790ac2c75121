"""Facts of the place the portal serves, which every stage uses: China's time zone and how a date
is written in Chinese. A leaf module beside the stages (it imports nothing of portal)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
"""China Standard Time, UTC+8 without daylight saving since 1991; named, so that a calendar file
can carry the zone's definition (VTIMEZONE) and calendar programs show Beijing time."""


def cn_date(day: dt.date | None) -> str:
    """2014-06-10 -> 2014年6月10日, as Chinese government pages write a date; "" for no date."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""
