"""The campaign timeline as an iCalendar file (RFC 5545) that phones and desktop calendars subscribe to.

Events with only a date are all-day events; a weekly meeting is one event with a weekly recurrence
rule. Times are Weifang local time (Asia/Shanghai); UIDs come from event ids, so a subscribed
calendar updates an event in place instead of adding a copy.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from portal.china import CHINA

from portal.model import urls
from portal.model.records import WEEKDAYS, Event
from portal.model.dataset import Portal

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # in the order of models.WEEKDAYS
PATH = urls.CALENDAR


def _uid(portal: Portal, event: Event) -> str:
    return f"{event.id}@{urls.host(portal)}"


def _local(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CHINA)


def first_meeting(event: Event) -> dt.date:
    """The first day on the recurrence's weekday: RFC 5545 counts DTSTART as an instance even
    when it does not match the rule, so it must be a real meeting day."""
    r = event.recurrence
    offset = (WEEKDAYS.index(r.weekday) - r.starts_on.weekday()) % 7
    return r.starts_on + dt.timedelta(days=offset)


def _description(event: Event, link: str) -> str:
    lines = [event.summary]
    for label, value in (("带队或主持", event.led_by), ("参加人员", event.participants)):
        if value:
            lines.append(f"{label}：{value}")
    lines += [f"{f.label}：{f.value}{f.unit}" for f in event.figures]
    lines.append(f"详情：{link}")
    return "\n".join(lines)


def vevent(portal: Portal, event: Event, stamp: dt.datetime) -> icalendar.Event:
    link = urls.absolute(portal, urls.event(portal, event))
    component = icalendar.Event()
    component.add("uid", _uid(portal, event))
    component.add("dtstamp", stamp)
    component.add("summary", event.title)
    r = event.recurrence
    if r is None:
        component.add("dtstart", event.date)  # a date alone: an all-day event
        component.add("dtend", event.date + dt.timedelta(days=1))  # DTEND is exclusive
    else:
        first = first_meeting(event)
        component.add("dtstart", _local(first, r.start_time))
        component.add("dtend", _local(first, r.end_time))
        # With a local DTSTART, UNTIL must be UTC (RFC 5545 3.3.10): the end of the last day in Weifang.
        until = dt.datetime.combine(r.ends_on, dt.time(23, 59, 59), tzinfo=CHINA).astimezone(dt.timezone.utc)
        component.add("rrule", {"freq": "weekly", "byday": BYDAY[WEEKDAYS.index(r.weekday)], "until": until})
    if event.place:
        component.add("location", event.place)
    component.add("description", _description(event, link))
    component.add("categories", [event.kind])
    component.add("url", link)
    return component


def calendar(portal: Portal) -> bytes:
    site = portal.site
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{urls.host(portal)}//{site.short_name}//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{site.short_name}：活动时间轴")
    cal.add("x-wr-timezone", CHINA.key)
    # DTSTAMP says when this calendar was made: the as-of date, never the clock, so rebuilds match.
    stamp = dt.datetime.combine(portal.as_of, dt.time(0, 0), tzinfo=CHINA).astimezone(dt.timezone.utc)
    for event in sorted(portal.events, key=lambda e: (e.first_day, e.id)):
        cal.add_component(vevent(portal, event, stamp))
    cal.add_missing_timezones()  # VTIMEZONE for Asia/Shanghai, from the system's time zone database
    return cal.to_ical()
