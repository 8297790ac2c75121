"""Open data in the real site: every download read back with a real parser (csv, json, jsonschema,
Frictionless, feedparser and ElementTree, icalendar) and compared with the data as plain PyYAML
reads it (tests/rawdata.py, not the portal's models); the open-data page lists each file with its
true size. That a rebuild gives the same bytes is tests/test_pages.py's, for the whole site.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
from dateutil.rrule import rrulestr
from frictionless import Package
from referencing import Registry, Resource

import rawdata
from conftest import AS_OF, PROJECT as ROOT
from portal.exports import schemas
from portal.model.kinds import BY_KEY
from portal.load.portal import load_portal

ATOM = "{http://www.w3.org/2005/Atom}"
BOM = b"\xef\xbb\xbf"
CSV_FILES = ("offices", "guides", "guide-materials", "rules", "timeline", "rectification", "rectification-updates")
JSON_KINDS = {"offices": rawdata.offices, "guides": rawdata.guides, "rules": rawdata.rules, "timeline": rawdata.events,
              "rectification": rawdata.items}
BASE_URL = rawdata.site()["base_url"]
LICENCE = rawdata.site()["licence"]


def exports(site: Path) -> list[Path]:
    """Every file the open-data hook publishes (the opendata/ folder, feeds, schemas, calendar)."""
    found = [p for folder in ("opendata", "feeds", "schemas") for p in (site / folder).rglob("*") if p.is_file()]
    return sorted(found + [site / "timeline.ics"])


def read_csv(site: Path, name: str) -> list[dict]:
    raw = (site / "opendata" / f"{name}.csv").read_bytes()
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def read_json(site: Path, path: str):
    return json.loads((site / path).read_text(encoding="utf-8"))


class _Elements(HTMLParser):
    """Start tags with their attributes, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(html_file: Path, tag: str) -> list[dict]:
    parser = _Elements()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return [attrs for name, attrs in parser.tags if name == tag]


def local(site: Path, address: str) -> Path:
    """The file in the built site that a public address points at."""
    assert address.startswith(BASE_URL), address
    return site / address[len(BASE_URL):].split("#")[0]


# --- the open-data page --------------------------------------------------------------------------


def test_opendata_page_lists_every_download_with_its_true_size(site):
    page = site / "opendata" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert LICENCE["name"] in text and LICENCE["url"] in text
    assert f'<time datetime="{AS_OF.isoformat()}">' in text
    links = [a["href"] for a in elements(page, "a") if a.get("href", "").startswith("../")]
    listed = {(page.parent / href).resolve() for href in links}
    for path in exports(site):
        if path.parent.name == "rectification" and path.parent.parent.name == "opendata":
            continue  # one line sums up the per-item files: checked below
        if path.name == "index.html":
            continue  # the page itself
        assert path.resolve() in listed, f"{path.relative_to(site)} is not listed on /opendata/"
        shown = re.search(rf'href="\.\./{re.escape(path.relative_to(site).as_posix())}".*?data-bytes="(\d+)"', text)
        assert shown and int(shown.group(1)) == path.stat().st_size, path.relative_to(site)
    per_item = sorted((site / "opendata" / "rectification").glob("*.json"))
    assert [p.stem for p in per_item] == [i["id"] for i in rawdata.items()]
    total = sum(p.stat().st_size for p in per_item)
    assert f'data-bytes="{total}"' in text and f"共 {len(per_item)} 个文件" in text
    content = text[text.index('<div class="pt-index pt-opendata"'):text.index("</article>")]
    for href in re.findall(r'<a href="([^"]+)"', content):
        if not href.startswith("http"):
            assert (page.parent / href).resolve().is_file(), f"/opendata/ links {href}, which does not exist"


def test_opendata_page_is_in_the_navigation_under_about(site):
    html = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./opendata/" class="md-nav__link">\s*(<[^>]+>\s*)*开放数据', html), \
        "关于 › 开放数据 is missing from the navigation"


# --- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CSV_FILES)
def test_csv_starts_with_a_byte_order_mark_for_excel(site, name):
    raw = (site / "opendata" / f"{name}.csv").read_bytes()
    assert raw.startswith(BOM) and not raw.startswith(BOM * 2)
    assert raw[len(BOM):].decode("utf-8").splitlines()[0].split(",")[0] in ("id", "item_id", "guide_id")


def test_rectification_csv_has_one_row_per_item_with_status_and_overdue(site):
    rows = read_csv(site, "rectification")
    items = rawdata.items()
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    for row, item in zip(rows, items):
        assert row["status"] == rawdata.shown_status(item)  # 待核验 until someone other than the office verified it
        assert row["is_overdue"] == ("true" if rawdata.is_overdue(item, AS_OF) else "false")
        assert row["deadline"] == item["deadline"].isoformat()  # the first promise
        assert row["current_deadline"] == rawdata.current_deadline(item).isoformat()
        assert row["office"] == item["office"]
        assert row["measures"].split("；") == item["measures"]
        assert row["url"] == f"{BASE_URL}rectification/{item['id']}/"
    assert any(r["is_overdue"] == "true" for r in rows), "the data should exercise the overdue flag"
    assert any(r["status"] == rawdata.AWAITING for r in rows), "the data should show an item awaiting verification"


def test_updates_csv_has_one_row_per_dated_update(site):
    rows = read_csv(site, "rectification-updates")
    expected = [(i["id"], str(n), u["date"].isoformat(), u["status"], u.get("note", ""))
                for i in rawdata.items() for n, u in enumerate(i["updates"], start=1)]
    assert [(r["item_id"], r["seq"], r["date"], r["status"], r["note"]) for r in rows] == expected
    assert any("corrections" in i for i in rawdata.items(corrected=False)), "the data should show a corrected date"


def test_other_csv_files_hold_every_record_with_lists_joined(site):
    guides = read_csv(site, "guides")
    assert [g["id"] for g in guides] == [g["id"] for g in rawdata.guides()]
    for row, guide in zip(guides, rawdata.guides()):
        assert row["conditions"].split("；") == guide["conditions"]
        assert row["free"] == ("true" if guide["fee"]["free"] else "false")
    assert [r["id"] for r in read_csv(site, "rules")] == [r["id"] for r in rawdata.rules()]
    assert [r["id"] for r in read_csv(site, "offices")] == [o["id"] for o in rawdata.offices()]
    events = read_csv(site, "timeline")
    assert [e["id"] for e in events] == [e["id"] for e in rawdata.events()]
    for row, event in zip(events, rawdata.events()):
        assert row["date"] == (event["date"].isoformat() if "date" in event else "")
        assert row["weekday"] == (event["recurrence"]["weekday"] if "recurrence" in event else "")


# --- Data Package -------------------------------------------------------------------------------


def test_datapackage_describes_every_csv_and_validates(site):
    package = read_json(site, "opendata/datapackage.json")
    assert sorted(r["path"] for r in package["resources"]) == sorted(f"{n}.csv" for n in CSV_FILES)
    for resource in package["resources"]:
        header = read_csv(site, resource["name"])[0].keys()
        assert [f["name"] for f in resource["schema"]["fields"]] == list(header)
        assert all(re.search(r"[\u4e00-\u9fff]", f["title"]) for f in resource["schema"]["fields"])
    report = Package(str(site / "opendata" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])


def test_datapackage_catches_an_update_of_an_item_that_does_not_exist(site, tmp_path):
    copy = tmp_path / "opendata"
    shutil.copytree(site / "opendata", copy)
    updates = copy / "rectification-updates.csv"
    updates.write_bytes(re.sub(rb"\nZG-2014-001,1,", b"\nZG-2014-999,1,", updates.read_bytes(), count=1))
    package = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:  # the checksums would fail first; the reference is the point
        del resource["hash"], resource["bytes"]
    (copy / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    report = Package(str(copy / "datapackage.json")).validate()
    assert not report.valid
    assert {e.type for task in report.tasks for e in task.errors} == {"foreign-key"}


# --- JSON and JSON Schemas ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", JSON_KINDS)
def test_json_export_holds_every_record_valid_against_its_published_schema(site, kind):
    document = read_json(site, f"opendata/{kind}.json")
    records = JSON_KINDS[kind]()
    assert document["as_of"] == AS_OF.isoformat()
    assert document["licence"]["url"] == LICENCE["url"]
    assert [r["id"] for r in document["records"]] == [r["id"] for r in records] and document["count"] == len(records)
    address = document["schema"].partition("#")[0]
    published = json.loads(local(site, address).read_text(encoding="utf-8"))
    # The link may point into the data file's schema (#/$defs/Event): resolve it as a validator would.
    registry = Registry().with_resource(address, Resource.from_contents(published))
    validator = jsonschema.Draft202012Validator({"$ref": document["schema"]}, registry=registry)
    for record in document["records"]:
        data = {k: v for k, v in record.items() if k not in document["derived"]}
        assert list(validator.iter_errors(data)) == [], record["id"]


def test_rectification_json_carries_derived_status_and_overdue(site):
    document = read_json(site, "opendata/rectification.json")
    assert {"status", "is_overdue"} <= set(document["derived"])
    items = rawdata.items()
    assert [r["id"] for r in document["records"]] == [i["id"] for i in items]
    for record, item in zip(document["records"], items):
        assert record["status"] == rawdata.shown_status(item) and record["is_overdue"] == rawdata.is_overdue(item, AS_OF)
        assert record["deadline"] == item["deadline"].isoformat()
        assert record["current_deadline"] == rawdata.current_deadline(item).isoformat()
        assert [u["date"] for u in record["updates"]] == [u["date"].isoformat() for u in item["updates"]]


@pytest.mark.parametrize("kind", list(BY_KEY))
def test_published_schemas_are_the_generated_ones(site, kind):
    assert (site / "schemas" / f"{kind}.json").read_text(encoding="utf-8") == schemas.render(kind)


def test_item_pages_link_their_own_json(site):
    for item in rawdata.items():
        page = site / "rectification" / item["id"] / "index.html"
        links = [l for l in elements(page, "link") if "alternate" in l.get("rel", "").split() and l.get("type") == "application/json"]
        assert len(links) == 1, item["id"]
        document = json.loads((page.parent / links[0]["href"]).read_text(encoding="utf-8"))
        assert document["record"]["id"] == item["id"] and document["record"]["status"] == rawdata.shown_status(item)


# --- feeds ---------------------------------------------------------------------------------------


def test_every_page_links_both_feeds(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        if page.parent.name == "admin":  # the staff editor's shell is no page of published data
            continue
        feeds = {l["href"] for l in elements(page, "link")
                 if "alternate" in l.get("rel", "").split() and l.get("type") == "application/atom+xml"}
        assert len(feeds) == 2, page.relative_to(site)
        if page.name != "404.html":  # the error page is served at any address: its links are absolute
            assert {(page.parent / href).resolve() for href in feeds} == {
                (site / "feeds/rectification.atom").resolve(), (site / "feeds/changes.atom").resolve()}


def test_rectification_feed_has_one_entry_per_update_deadline_change_transfer_and_verification(site):
    raw = (site / "feeds" / "rectification.atom").read_bytes()
    root = ET.fromstring(raw)
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    expected = {}  # id: (item id, day, words the title shows)
    office_names = {office["id"]: office["name"] for office in rawdata.offices()}
    for item in rawdata.items():
        key = item["id"]
        for n, update in enumerate(item["updates"], start=1):
            awaiting = n == len(item["updates"]) and rawdata.shown_status(item) == rawdata.AWAITING
            expected[f"tag:example.org,2014:rectification/{key}/updates/{n}"] = (
                key, update["date"], f"{update['status']}（待核验）" if awaiting else update["status"])
        for n, change in enumerate(item.get("deadline_changes", []), start=1):
            expected[f"tag:example.org,2014:rectification/{key}/deadline-changes/{n}"] = (
                key, change["date"], f"期限调整为 {change['to'].isoformat()}")
        for n, transfer in enumerate(item.get("transfers", []), start=1):
            expected[f"tag:example.org,2014:rectification/{key}/transfers/{n}"] = (
                key, transfer["date"], f"移交{office_names[transfer['to']]}办理")
        if "verification" in item:
            expected[f"tag:example.org,2014:rectification/{key}/verification"] = (key, item["verification"]["date"], "核验办结")
    assert any("transfers" in key for key in expected), "the real data shows a transfer (ZG-2014-014)"
    assert root.tag == f"{ATOM}feed" and len(root.findall(f"{ATOM}entry")) == len(expected)
    assert sorted(e.id for e in feed.entries) == sorted(expected)
    assert any("待核验" in e.title for e in feed.entries) and any("期限调整" in e.title for e in feed.entries)
    for entry in feed.entries:
        key, day, words = expected[entry.id]
        assert key in entry.title and words in entry.title
        assert entry.updated == f"{day.isoformat()}T00:00:00+08:00"
        assert entry.link == f"{BASE_URL}rectification/{key}/"
    latest = max(day for _, day, _ in expected.values())
    assert feed.feed.updated == f"{latest.isoformat()}T00:00:00+08:00"  # from the data, not the build
    assert [e.updated for e in feed.entries] == sorted((e.updated for e in feed.entries), reverse=True)


def test_changes_feed_has_the_public_change_notes_of_guides_and_rules_and_the_corrections_of_items(site):
    feed = feedparser.parse((site / "feeds" / "changes.atom").read_bytes())
    assert not feed.bozo
    notes = [(c["date"].isoformat(), c["note"]) for r in (*rawdata.guides(), *rawdata.rules()) for c in r.get("changes", [])]
    corrections = [(c["date"].isoformat(), c) for i in rawdata.items() for c in i.get("corrections", [])]
    assert corrections, "the real data shows a correction (ZG-2014-011, illustrative)"
    entries = sorted((e.updated[:10], e.summary) for e in feed.entries)
    assert [e for e in entries if not e[1].startswith("更正")] == sorted(notes)
    fixed = [e for e in entries if e[1].startswith("更正")]
    assert len(fixed) == len(corrections)
    for (day, summary), (when, c) in zip(fixed, sorted(corrections, key=lambda p: (p[0], p[1]["reason"]))):
        assert day == when and f"原为“{c['was']}”，更正为“{c['now']}”" in summary and c["reason"] in summary
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert all(re.fullmatch(r"tag:example\.org,2014:((guides|rules)/[a-z0-9-]+/changes|rectification/ZG-\d{4}-\d{3}/corrections)/\d+", e.id)
               for e in feed.entries)


# --- calendar -------------------------------------------------------------------------------------


def test_calendar_has_every_event_with_stable_uids(site):
    calendar = icalendar.Calendar.from_ical((site / "timeline.ics").read_bytes())
    events = calendar.walk("VEVENT")
    data = rawdata.events()
    assert [str(e["UID"]) for e in events] == [f"{e['id']}@example.org" for e in sorted(data, key=lambda e: (rawdata.first_day(e), e["id"]))]
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    by_uid = {str(e["UID"]).split("@")[0]: e for e in events}
    for event in data:
        component = by_uid[event["id"]]
        assert str(component["SUMMARY"]) == event["title"]
        if "date" in event:  # a date alone: an all-day event on that day
            assert component.decoded("DTSTART") == event["date"] and "RRULE" not in component
            assert component.decoded("DTEND") == event["date"] + dt.timedelta(days=1)


def test_weekly_study_recurs_on_its_weekday_until_its_last_day(site):
    calendar = icalendar.Calendar.from_ical((site / "timeline.ics").read_bytes())
    by_uid = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    recurring = [e for e in rawdata.events() if "recurrence" in e]
    assert recurring
    for event in recurring:
        r = event["recurrence"]
        component = by_uid[event["id"]]
        start = component.decoded("DTSTART")
        assert str(start.tzinfo) == "Asia/Shanghai" and start.strftime("%H:%M") == r["start_time"]
        assert component.decoded("DTEND").strftime("%H:%M") == r["end_time"]
        rule = component["RRULE"]
        assert rule["FREQ"] == ["WEEKLY"]
        meetings = [d.date() for d in rrulestr(rule.to_ical().decode(), dtstart=start)]
        wanted = rawdata.WEEKDAYS.index(r["weekday"])
        days = [r["starts_on"] + dt.timedelta(days=n) for n in range((r["ends_on"] - r["starts_on"]).days + 1)]
        assert meetings == [d for d in days if d.weekday() == wanted]


# --- the manifest: what a supervisor checks a download against ------------------------------------


def test_manifest_lists_every_open_data_file_with_its_size_and_sha256(site):
    import hashlib
    import subprocess

    manifest = json.loads((site / "opendata" / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    published = {p.relative_to(site).as_posix() for p in exports(site)} - {"opendata/manifest.json", "opendata/index.html"}
    assert set(listed) == published
    for path, entry in listed.items():
        content = (site / path).read_bytes()
        assert entry["bytes"] == len(content) and entry["sha256"] == hashlib.sha256(content).hexdigest(), path
        assert entry["url"] == f"https://example.org/weifang-jisheng/{path}"
    assert manifest["as_of"] == AS_OF.isoformat()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    assert manifest["source"]["commit"] == (head.stdout.strip() if head.returncode == 0 else None)
    assert manifest["source"]["repository"] == "https://github.com/example/weifang-portal"


def test_opendata_page_tells_supervisors_how_to_check_a_download(site):
    page = (site / "opendata" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="verify"'):page.rindex("数据截至 <time")]
    assert 'href="../opendata/manifest.json"' in section
    for command in ("certutil -hashfile rectification.csv SHA256", "Get-FileHash rectification.csv -Algorithm SHA256",
                    "sha256sum rectification.csv"):
        assert command in section
    assert "source.commit" in section and "SHA-256" in section


def test_the_release_check_finds_a_file_that_does_not_match_the_manifest(tmp_path):
    from conftest import VALID
    from portal.exports import catalogue
    from portal.publish.release_checks import Release, manifest

    data = load_portal(VALID, as_of=AS_OF)
    for download in catalogue.downloads(data):
        (tmp_path / download.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / download.path).write_bytes(download.content)
    assert manifest(Release(tmp_path, data)) == []

    (tmp_path / "opendata" / "rectification.csv").write_bytes(b"tampered\n")

    assert manifest(Release(tmp_path, data)) == ["opendata/rectification.csv：与清单 opendata/manifest.json 里的大小或 SHA-256 不符"]
