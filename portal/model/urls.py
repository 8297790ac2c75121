"""Every address on the public site, built here and nowhere else: a record's page, a section, the
pages of a long list, a file under /files/, an open-data file, a feed, the sitemap.

Paths are under the site root with no leading slash ("guides/fuwu-shouce/"); `absolute` puts the
site's public address in front. Pages, feeds, exports, release checks and `portal diff` call these
functions, and the page templates call them as the Jinja global `urls`. A section's folder is the
kind's `segment` in the registry (portal/model/kinds.py). Everything derives from site.yml and the
records, never from the build, so an address printed today is still the same after the next build.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel

from portal.model import forges, kinds

FILES = "files"  # data/files/<name> is published at files/<name>
OPENDATA = "opendata"
FEEDS = "feeds"
SITEMAP = "sitemap.xml"  # MkDocs writes it from the pages' addresses, which come from here; a release check reads it
CALENDAR = "timeline.ics"  # the timeline as an iCalendar file


def section(kind: str) -> str:
    """The first page of a kind's section: "guides/"."""
    segment = kinds.BY_KEY[kind].segment
    if segment is None:
        raise ValueError(f"{kind} records have no pages")
    return f"{segment}/"


def kind_of(record: BaseModel) -> kinds.Kind:
    """The kind a record (or an entry of a file that lists records, as an event) belongs to."""
    for kind in kinds.KINDS:
        model = kind.model if kind.folder else kinds.entry_model(kind) if kind.entries else None
        if model is not None and isinstance(record, model):
            return kind
    raise ValueError(f"no kind holds {type(record).__name__}")


def page(portal, record: BaseModel) -> str:
    """A record's page: "rectification/ZG-2014-001/"; an event's is an anchor on its year's timeline page."""
    kind = kind_of(record)
    folder = section(kind.key)  # a kind without pages (offices) has none to give
    if kind.entries:  # an entry of a file that lists records (an event) is an anchor on the timeline
        return event(portal, record)
    return f"{folder}{record.id}/"


def source(record: BaseModel) -> str:
    """The page's source path under docs/ as MkDocs is given it ("guides/fuwu-shouce.md"), which it
    publishes at `page(record)` (use_directory_urls)."""
    return page(None, record).removesuffix("/") + ".md"


def index(folder: str) -> str:
    """The source path of a folder's own page: "rectification/" -> "rectification/index.md"."""
    return f"{folder}index.md"


def paged(folder: str, number: int) -> str:
    """Page `number` of a long list whose first page is `folder` (portal/render/paging.py):
    "rectification/", then "rectification/page/2/", ... so a row's page never moves as the list grows."""
    return folder if number == 1 else f"{folder}page/{number}/"


def overdue() -> str:
    """The list of every overdue item, longest overdue first."""
    return f"{section('rectification')}overdue/"


def event_items(event_id: str) -> str:
    """The list of the rectification items an event brought, when its timeline page cannot hold them."""
    return f"{section('rectification')}event/{event_id}/"


def timeline(portal, year: int) -> str:
    """Where a year's events live. The campaign's first year is the timeline's own page and every
    later year has its own, so an event's address never moves when a new year's events are added."""
    first = section("timeline")
    return first if year == portal.timeline_years[0] else f"{first}{year}/"


def event(portal, record) -> str:
    """The page that shows an event, with its anchor: "timeline/#walking-survey"."""
    return f"{timeline(portal, record.first_day.year)}#{record.id}"


def file(name: str) -> str:
    """A file of data/files/ on the site: "files/shenqingbiao.pdf"."""
    return f"{FILES}/{name}"


def opendata(name: str) -> str:
    """A file of the open data: opendata("guides.csv"), opendata("manifest.json")."""
    return f"{OPENDATA}/{name}"


def opendata_page() -> str:
    return index(f"{OPENDATA}/")


def record_json(record: BaseModel) -> str:
    """One record's JSON, which its page links as its alternate: "opendata/rectification/ZG-2014-001.json"."""
    return opendata(f"{kind_of(record).opendata}/{record.id}.json")


def feed(name: str) -> str:
    """An Atom feed: "feeds/rectification.atom"."""
    return f"{FEEDS}/{name}.atom"


def schema(kind: str) -> str:
    """A kind's JSON Schema as published with the open data: "schemas/guide.json"."""
    return f"schemas/{kind}.json"


def absolute(portal, path: str) -> str:
    """The public address of a path under the site root: absolute(p, "rectification/")."""
    return portal.site.base_url.rstrip("/") + "/" + path.lstrip("/")


def host(portal) -> str:
    return urlsplit(portal.site.base_url).hostname or "localhost"


def history(portal, path: str) -> str:
    """Where the repository's forge shows every commit that changed a data file, in GitHub's, GitLab's
    or Gitea's form (portal/model/forges.py): https://github.com/org/repo/commits/main/data/rectification/ZG-2014-001.yml"""
    return forges.history_url(portal.site.repository, path)
