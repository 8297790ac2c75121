"""Atom feeds (RFC 4287) for people who follow the portal in a feed reader.

rectification.atom has one entry per dated progress update, deadline change, transfer and verification of a
rectification item; changes.atom one per public change note (and withdrawal) of a service guide or work
rule, and one per correction of a rectification item's published values (portal/checks/corrections.py).
Every timestamp comes
from the data and every id is a tag: URI built from record ids, so a reader never sees an entry twice.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Iterable

from portal.checks.corrections import describe
from portal.model import urls
from portal.model.addresses import start_of, tag
from portal.model.dataset import Portal
from portal.model.status import Status

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    day: dt.date
    page: str  # path of the page it is about, under the site root
    summary: str
    category: str


@dataclass(frozen=True)
class Feed:
    name: str  # the file is feeds/<name>.atom
    title: str
    subtitle: str
    page: str  # the page the feed follows


RECTIFICATION = Feed("rectification", "整改进展", f"整改事项每一条进展（{'、'.join(Status.reportable())}；未核验的办结标“{Status.AWAITING}”）、期限调整和核验。",
                     urls.section("rectification"))
CHANGES = Feed("changes", "变更和更正", "办事指南和工作制度的公开变更记录，以及整改事项已发布内容的更正。", urls.section("guide"))
FEEDS = (RECTIFICATION, CHANGES)


def path(feed: Feed) -> str:
    return urls.feed(feed.name)


def rectification_entries(portal: Portal) -> list[Entry]:
    entries = []
    for item in portal.items:
        page = urls.page(portal, item)  # also the stem of its entries' ids
        for n, update in enumerate(item.updates, start=1):
            # The office's report of closing is news, but not yet closure: until verified it says so.
            awaiting = n == len(item.updates) and item.awaiting_verification
            status = f"{update.status}（{Status.AWAITING}）" if awaiting else update.status
            entries.append(Entry(tag(portal, f"{page}updates/{n}"),
                                 f"{item.id} {item.title}：{status}", update.date, page,
                                 update.note or f"状态更新为“{update.status}”。", item.public_status if awaiting else update.status))
        for n, change in enumerate(item.deadline_changes, start=1):
            entries.append(Entry(tag(portal, f"{page}deadline-changes/{n}"),
                                 f"{item.id} {item.title}：期限调整为 {change.to.isoformat()}", change.date, page,
                                 f"{change.reason}（{change.approved_by}批准）", "期限调整"))
        for n, transfer in enumerate(item.transfers, start=1):
            to = portal.office_by_id[transfer.to].name
            entries.append(Entry(tag(portal, f"{page}transfers/{n}"),
                                 f"{item.id} {item.title}：移交{to}办理", transfer.date, page,
                                 f"{transfer.reason}（{transfer.approved_by}批准）", "移交"))
        if item.verification:
            by = portal.office_by_id[item.verification.by].name
            outcome = item.deadline_outcome(portal.as_of)
            verdict = f"（{outcome.words}）" if outcome.closed else ""
            entries.append(Entry(tag(portal, f"{page}verification"), f"{item.id} {item.title}：经{by}核验办结",
                                 item.verification.date, page,
                                 f"{item.verification.method}：{item.verification.note}{verdict}",
                                 "已核验"))
        if item.withdrawn:
            entries.append(Entry(tag(portal, f"{page}withdrawn"), f"{item.id} {item.title}：已撤销",
                                 item.withdrawn.date, page, item.withdrawn.reason, "已撤销"))
    return entries


def change_entries(portal: Portal) -> list[Entry]:
    entries = []
    for label, records in (("办事指南", portal.guides), ("工作制度", portal.rules)):
        for record in records:
            page = urls.page(portal, record)  # also the stem of its entries' ids
            for n, change in enumerate(record.changes, start=1):
                entries.append(Entry(tag(portal, f"{page}changes/{n}"), f"{label}更新：{record.title}",
                                     change.date, page, change.note, label))
            if record.withdrawn:
                entries.append(Entry(tag(portal, f"{page}withdrawn"), f"{label}撤销：{record.title}",
                                     record.withdrawn.date, page, record.withdrawn.reason, label))
    for item in portal.items:
        page = urls.page(portal, item)
        for n, c in enumerate(item.corrections, start=1):
            entries.append(Entry(tag(portal, f"{page}corrections/{n}"),
                                 f"整改事项更正：{item.id} {item.title}", c.date, f"{page}#correction-{n}",
                                 f"更正{describe(c.field, item)}：原为“{c.was}”，更正为“{c.now}”。更正原因：{c.reason}", "整改事项更正"))
    return entries


def _newest_first(entries: Iterable[Entry]) -> list[Entry]:
    # The id breaks ties between entries of the same day, so the order never depends on input order.
    return sorted(entries, key=lambda e: (e.day, e.id), reverse=True)


def _timestamp(day: dt.date) -> str:
    return start_of(day).isoformat()


def _sub(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    element.text = text
    return element


def atom(feed: Feed, portal: Portal, entries: Iterable[Entry]) -> bytes:
    entries = _newest_first(entries)
    site = portal.site
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: "zh-CN"})
    _sub(root, "id", tag(portal, feed.name))
    _sub(root, "title", f"{site.short_name}：{feed.title}")
    _sub(root, "subtitle", feed.subtitle)
    # With no entries yet, the feed is as new as the data it was built from.
    _sub(root, "updated", _timestamp(entries[0].day if entries else portal.as_of))
    _sub(root, "link", rel="self", type="application/atom+xml", href=urls.absolute(portal, path(feed)))
    _sub(root, "link", rel="alternate", type="text/html", href=urls.absolute(portal, feed.page))
    author = _sub(root, "author")
    _sub(author, "name", site.department)
    _sub(author, "uri", site.base_url)
    _sub(root, "rights", f"{site.licence.name} {site.licence.url}")
    for entry in entries:
        element = _sub(root, "entry")
        _sub(element, "id", entry.id)
        _sub(element, "title", entry.title)
        _sub(element, "updated", _timestamp(entry.day))
        _sub(element, "link", rel="alternate", type="text/html", href=urls.absolute(portal, entry.page))
        _sub(element, "category", term=entry.category)
        _sub(element, "summary", entry.summary, type="text")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"

