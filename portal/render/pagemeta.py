"""The page metadata 《政府网站发展指引》(国办发〔2017〕47号) asks every page of a government site to
carry, as <meta name=… content=…> in its <head>: the site's (SiteName, SiteDomain, SiteIDCode), the
column's (ColumnName, ColumnType) and the article's (ArticleTitle, PubDate, ContentSource, Keywords,
Author, Description, Url), filled from site.yml and the record a page shows."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from pydantic import BaseModel

from portal.model import urls
from portal.model.dataset import Portal
from portal.model.kinds import KINDS

NAMES = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate",
         "ContentSource", "Keywords", "Author", "Description", "Url")
"""The names, in the order the guideline's attachment lists them."""

COLUMN_TYPES = {"guide": "办事服务", "windows": "办事服务", "rule": "信息公开", "timeline": "信息公开",
                "rectification": "信息公开"}
"""Each section's 栏目类型: services people use, or information the department discloses."""
OTHER_COLUMNS = {"": ("首页", "首页"), "about": ("关于本站", "其他"), "opendata": ("关于本站", "信息公开"),
                 "search": ("站内搜索", "其他")}
"""Folders that are no kind's section: the home page, the about pages, open data, search."""
DESCRIPTION_LIMIT = 120  # characters: enough for a search result's snippet


def column(src_uri: str) -> tuple[str, str]:
    """(ColumnName, ColumnType) of a page by the first folder of its source path."""
    folder = src_uri.split("/", 1)[0].removesuffix(".md")
    folder = "" if folder == "index" else folder  # index.md is the home page; performance.md is a page of its own
    for kind in KINDS:
        if kind.segment and kind.segment == folder:
            return (kind.name if kind.key != "rectification" else "整改公开"), COLUMN_TYPES.get(kind.key, "信息公开")
    return OTHER_COLUMNS.get(folder, ("关于本站", "其他"))


@lru_cache(maxsize=4)
def _records_by_source(portal: Portal) -> dict[str, BaseModel]:
    """Each record that has a page of its own, by that page's source path (guides/fuwu-shouce.md)."""
    found = {}
    for kind in KINDS:
        if kind.segment and kind.records and len(kind.templates) > 1:
            for record in portal.of(kind):
                found[urls.source(record)] = record
    return found


def _published(record: BaseModel | None, portal: Portal) -> dt.date:
    """When the record's current text was published: a rule's publication, a guide's review, an
    item's latest entry; the as-of date for a page that lists or explains."""
    for name in ("published_on", "effective_on", "reviewed_on", "last_entry_on"):
        day = getattr(record, name, None) if record is not None else None
        if isinstance(day, dt.date):
            return day
    return portal.as_of


def page_metadata(portal: Portal, src_uri: str, url: str, title: str) -> list[tuple[str, str]]:
    """(name, content) of every 47号 meta tag of one page, in NAMES order; a site fact site.yml
    leaves out (SiteIDCode) is left out rather than written empty."""
    site = portal.site
    record = _records_by_source(portal).get(src_uri)
    column_name, column_type = column(src_uri)
    keywords = [column_name]
    if record is not None:
        keywords += list(getattr(record, "aliases", ())) + [getattr(record, "category", None) or ""]
    description = (getattr(record, "summary", None) or getattr(record, "description", None)
                   or getattr(record, "area", None) or site.campaign_summary)
    sources = getattr(record, "sources", None) or site.sources
    values = {
        "SiteName": site.name, "SiteDomain": urls.host(portal), "SiteIDCode": site.site_code or "",
        "ColumnName": column_name, "ColumnType": column_type, "ArticleTitle": title,
        "PubDate": _published(record, portal).isoformat(), "ContentSource": sources[0],
        "Keywords": ",".join(k for k in dict.fromkeys(keywords) if k), "Author": site.department,
        "Description": description[:DESCRIPTION_LIMIT], "Url": urls.absolute(portal, url),
    }
    return [(name, values[name]) for name in NAMES if values[name]]
