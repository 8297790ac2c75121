"""The stable ids of feed entries (tag: URIs) and the time zone their timestamps are in; page
addresses are built in portal/model/urls.py.

Everything here derives from site.yml and the records, never from the build, so that a link or an
id printed today is still the same after the next build.
"""

from __future__ import annotations

import datetime as dt

from portal.china import CHINA
from portal.model.dataset import Portal
from portal.model.urls import host



def tag_authority(portal: Portal) -> str:
    """The "<host>,<year>" part of every tag: URI (RFC 4151).

    The year is the one the campaign started, the first day of the earliest timeline event: a fact
    that never moves once published, so ids do not change when the as-of date or the data grows.
    """
    return f"{host(portal)},{portal.events[0].first_day.year}"


def tag(portal: Portal, specific: str) -> str:
    return f"tag:{tag_authority(portal)}:{specific}"


def start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of a day in Weifang: how a date-only fact becomes a timestamp."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=CHINA)
