"""Addresses the exports point at: public page URLs and the stable ids of feed entries.

Everything here derives from site.yml and the records, never from the build, so that a link or an
id printed today is still the same after the next build.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from portal.model import forges
from portal.model.dataset import Portal

SHANGHAI = dt.timezone(dt.timedelta(hours=8), "CST")
"""China Standard Time has had no daylight saving since 1991: a fixed offset says the same as the zone."""


def history_url(portal: Portal, path: str) -> str:
    """Where the repository's forge shows every commit that changed a data file, e.g.
    https://github.com/org/repo/commits/main/data/rectification/ZG-2014-001.yml (portal/model/forges.py)."""
    return forges.history_url(portal.site.repository, path)


def url(portal: Portal, path: str) -> str:
    """The absolute public address of a path under the site root, e.g. url(p, "rectification/")."""
    return portal.site.base_url.rstrip("/") + "/" + path.lstrip("/")


def host(portal: Portal) -> str:
    return urlsplit(portal.site.base_url).hostname or "localhost"


def tag_authority(portal: Portal) -> str:
    """The "<host>,<year>" part of every tag: URI (RFC 4151).

    The year is the one the campaign started, the first day of the earliest timeline event: a fact
    that never moves once published, so ids do not change when the as-of date or the data grows.
    """
    return f"{host(portal)},{portal.events[0].first_day.year}"


def tag(portal: Portal, specific: str) -> str:
    return f"tag:{tag_authority(portal)}:{specific}"


def page_path(portal: Portal, kind: str, record_id: str) -> str:
    """Where a record's page lives; an event is an anchor on its year's timeline page."""
    if kind == "timeline":
        return portal.event_page(portal.event_by_id[record_id])
    return f"{kind}/{record_id}/"


def start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of a day in Weifang: how a date-only fact becomes a timestamp."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=SHANGHAI)
