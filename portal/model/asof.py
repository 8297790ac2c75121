"""The as-of date (数据截至) of a build: the day whose view of the data every page shows."""

from __future__ import annotations

import datetime as dt
import os

CHINA = dt.timezone(dt.timedelta(hours=8))


def default_as_of() -> dt.date:
    """PORTAL_AS_OF, else SOURCE_DATE_EPOCH, else today (China Standard Time)."""
    explicit = os.environ.get("PORTAL_AS_OF")
    if explicit:
        return dt.date.fromisoformat(explicit)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), CHINA).date()
    return dt.datetime.now(CHINA).date()
