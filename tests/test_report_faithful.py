"""The data is faithful to the report it comes from (tests/fixtures/report/, a copy of the report in
../shared/seed/): the citation as printed, and every figure, date, place, name and quoted title that
a record does not mark as invented found in the report's text. Pages and open data show 示例 exactly
on the values marked as invented."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from pydantic import BaseModel
import yaml

from conftest import AS_OF, CORRECTED_ON
from portal.load.portal import load_portal
from portal.model.kinds import KINDS

ROOT = Path(__file__).resolve().parents[1]
REPORT_NAME = "000_ea20368b76aaf0bb.txt"
REPORT = (ROOT / "tests" / "fixtures" / "report" / REPORT_NAME).read_text(encoding="utf-8")
SEED = ROOT.parent / "shared" / "seed" / REPORT_NAME
TEXT = REPORT.replace(",", "，")
"""The report's text with its half-width commas written as the data writes them (，)."""
QUOTED = re.compile(r"《[^》]+》|“[^”]+”")


@pytest.fixture(scope="module")
def portal():
    """The real data as the site shows it today: corrections entered up to CORRECTED_ON applied."""
    return load_portal(ROOT, as_of=CORRECTED_ON)


def records(portal):
    """Every record and entry of the real data (offices, events, guides, rules, items)."""
    for kind in KINDS:
        if kind.records:
            yield from portal.of(kind)


def test_the_copy_of_the_report_is_the_report():
    if not SEED.exists():
        pytest.skip("../shared/seed/ is not beside this clone")
    assert SEED.read_text(encoding="utf-8") == REPORT


def test_the_citation_is_the_report_as_printed(portal):
    report = portal.site.report
    assert report.title in REPORT.splitlines()[1], "the title is the report's first line"
    assert f"——{report.subtitle}" in REPORT
    assert f"□{report.byline} " in REPORT, "本报记者 and 通讯员 as printed, in the order printed"


def test_every_record_cites_the_report_as_printed_and_nothing_it_does_not_give(portal):
    cited = portal.site.report.cited
    cited_by = [r for r in records(portal) if hasattr(r, "sources")]  # an office is cited by offices.yml
    sources = [s for r in cited_by for s in r.sources] + portal.site.sources
    citing = [s for s in sources if portal.site.report.title in s]
    assert len(citing) >= len(cited_by), "every record cites the report"
    assert set(citing) == {cited}
    assert not [s for s in sources if "日报" in s or re.search(r"[0-9]{4} ?年", s)], \
        "no newspaper name or year the report does not print"


def _values(record, prefix=""):
    """(path, value) of every plain value of a record, nested parts and lists included."""
    for name in type(record).model_fields:
        if name in ("sources", "illustrative", "illustrative_fields", "id"):
            continue
        value = getattr(record, name)
        path = f"{prefix}{name}"
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for i, one in items:
            here = path if i is None else f"{path}[{i}]"
            if isinstance(one, BaseModel):
                yield from _values(one, here + ".")
            elif one is not None:
                yield here, one


def _from_report(portal):
    """(record, path, value) of every value the data attributes to the report: not marked as invented."""
    for record in records(portal):
        if record.illustrative:
            continue
        for path, value in _values(record):
            if not record.invented(path):
                yield record, path, value


def test_some_values_are_attributed_to_the_report(portal):
    attributed = {(r.id, p) for r, p, _ in _from_report(portal)}
    assert ("wangjinmei-memorial", "date") in attributed and ("party-lecture", "figures") not in attributed
    assert len(attributed) > 40


def test_every_figure_attributed_to_the_report_is_in_it(portal):
    figures = [(r.id, p, v) for r, p, v in _from_report(portal) if re.fullmatch(r".*figures\[\d+\]\.value", p)]
    assert len(figures) >= 4
    for rid, path, value in figures:
        unit = next(v for r, p, v in _from_report(portal) if r.id == rid and p == path.replace(".value", ".unit"))
        assert f"{value}{unit}" in TEXT, f"{rid} {path}: {value}{unit} is not in the report"


def test_every_date_attributed_to_the_report_is_in_it(portal):
    dates = [(r.id, p, v) for r, p, v in _from_report(portal) if p in ("date", "recurrence.starts_on")]
    assert dates, "the report dates some events (4月9日, 4月10日, 5月9日)"
    for rid, path, day in dates:
        assert f"{day.month}月{day.day}日" in TEXT, f"{rid} {path}: {day.month}月{day.day}日 is not in the report"


def test_every_place_name_and_role_attributed_to_the_report_is_in_it(portal):
    named = [(r.id, p, v) for r, p, v in _from_report(portal)
             if p in ("place", "led_by", "participants", "name", "duties", "title") and isinstance(v, str)]
    assert len(named) >= 15
    for rid, path, value in named:
        if path == "title" and rid not in _rule_ids(portal):
            continue  # an event's title is a heading written for the page; its summary is checked below
        for part in re.split(r"[，；]", value.strip("《》")):
            assert part in TEXT, f"{rid} {path}: “{part}” is not in the report"


def _rule_ids(portal):
    return {rule.id for rule in portal.rules}


def test_every_quoted_title_figure_and_person_attributed_to_the_report_is_in_it(portal):
    texts = [(r.id, p, v) for r, p, v in _from_report(portal) if isinstance(v, str)]
    quoted = [(rid, path, q) for rid, path, text in texts for q in QUOTED.findall(text)]
    assert len(quoted) >= 8
    for rid, path, q in quoted:
        assert q in TEXT, f"{rid} {path}: {q} is not in the report"
    for rid, path, text in texts:
        for number in re.findall(r"[0-9]+", text):
            assert number in TEXT, f"{rid} {path}: the number {number} is not in the report"
        for person in re.findall(r"主任([\u4e00-\u9fff]{3})(?:任|就|为)", text):
            assert f"主任{person}" in TEXT, f"{rid} {path}: {person} is not named in the report"


def test_the_look_back_and_the_supervision_group_say_what_the_report_says(portal):
    look_back = next(e for e in portal.events if e.kind == "回头看")
    assert look_back.participants == "市人口计生系统"
    for body in (o for o in portal.offices if o.oversight):
        assert all(part in TEXT for part in re.split(r"[，；]", body.duties.rstrip("。"))), body.id
        assert "回头看" not in body.duties, body.id


def test_no_item_says_the_supervision_group_verified_it_in_the_look_back(portal, real_site_now, real_site):
    """The report's 回头看 was the whole system's review and its 督导组 supervised the 委直属事业单位; it
    never says the 督导组 verified a rectification item. Items that said so carry corrections, entered
    on CORRECTED_ON: the site published since shows the corrected verifier and keeps the old words in
    更正记录; a snapshot of 2014 shows the ledger as it stood then."""
    group = next(o.id for o in portal.offices if o.name.endswith("督导组"))
    verified = [i for i in portal.items if i.verification is not None]
    assert len(verified) >= 10
    for item in verified:
        assert item.verification.by != group and "督导组" not in item.verification.method, item.id
    corrected = [i for i in verified if any(c.field == "verification.by" and c.was == group for c in i.corrections)]
    assert len(corrected) == 16
    assert all(c.date == CORRECTED_ON for i in corrected for c in i.corrections if c.field.startswith("verification."))
    html = (real_site_now / "rectification" / corrected[0].id / "index.html").read_text(encoding="utf-8")
    assert "<del>教育实践活动“回头看”：督导组逐项检查整改台账" in html
    assert "<del>市人口计生委教育实践活动督导组</del>" in html and "<ins>领导小组办公室</ins>" in html  # names, not ids
    verification = html[html.index('id="verification"'):html.index('id="corrections"')]
    assert "已更正（见更正记录）" in verification, "the corrected verification links its 更正记录"
    then = (real_site / "rectification" / corrected[0].id / "index.html").read_text(encoding="utf-8")
    verification = then[then.index('id="verification"'):]
    assert "市人口计生委教育实践活动督导组" in verification and "已更正" not in verification, \
        f"as of {AS_OF} the page shows what the ledger said then"


def test_a_satisfaction_survey_asks_the_people_the_item_served(portal):
    """An item's survey asks about its own service, never another guide's (ZG-2014-019 asked 二胎 applicants)."""
    guides = {g.id: g for g in portal.guides}
    for item in portal.items:
        if item.satisfaction is None:
            continue
        served = [g for g in guides.values() if item.id in g.related_items]
        for other in guides.values():
            if other in served:
                continue
            names = [other.result.name.strip("《》")] + [a for a in other.aliases if len(a) > 3]
            assert not any(name in item.satisfaction.method for name in names), \
                f"{item.id}: the survey asks users of {other.title}, which the item is not about"


# --- pages and open data show the marks exactly ----------------------------------------------------


def _event_block(html: str, event_id: str) -> str:
    start = html.index(f'id="{event_id}"')
    return html[start:html.index("</li>\n</ol>" if event_id == "look-back" else '<li class="pt-event"', start)]


def test_the_timeline_marks_exactly_the_invented_values(real_site, portal):
    html = (real_site / "timeline" / "index.html").read_text(encoding="utf-8")
    for event in portal.events:
        block = _event_block(html, event.id) if event.id != portal.events[-1].id else html[html.index(f'id="{event.id}"'):]
        marked = re.findall(r'data-illustrative="([^"]+)"', block)
        shown = {p for p in marked}
        expected = {p for p in ("date", "place", "led_by", "participants", "summary",
                                "recurrence.start_time", "recurrence.end_time", "recurrence.starts_on",
                                "recurrence.ends_on", "recurrence.weekday",
                                *(f"figures[{i}]" for i in range(len(event.figures))))
                    if event.invented(p) and _shown(event, p)}
        assert shown == expected, f"{event.id}: 示例 beside {sorted(shown)}, invented {sorted(expected)}"
    lecture = _event_block(html, "party-lecture")
    assert re.search(r"<dt>地点</dt><dd>[^<]+ <span[^>]+>示例</span>", lecture), "the lecture's place is marked"
    assert "示例" not in _event_block(html, "wangjinmei-memorial"), "a value from the report carries no mark"


def _shown(event, path: str) -> bool:
    head = path.split(".")[0].split("[")[0]
    if head == "recurrence":
        return event.recurrence is not None
    if head == "date":
        return event.date is not None
    return bool(getattr(event, head))


def test_a_rule_marks_its_invented_values_and_not_its_title(real_site):
    html = (real_site / "rules" / "gongzuo-guize" / "index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1]
    assert "示例" not in heading, "the title is the report's"
    marked = set(re.findall(r'data-illustrative="([^"]+)"', html))
    assert marked == set(yaml.safe_load((ROOT / "data" / "rules" / "gongzuo-guize.yml").read_text(encoding="utf-8"))["illustrative_fields"])
    assert {"body", "effective_on", "document_number"} <= marked and "issuer" not in marked


def test_open_data_carries_the_same_marks(real_site, portal):
    raw = (real_site / "opendata" / "timeline.csv").read_text(encoding="utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(raw))}
    for event in portal.events:
        assert rows[event.id]["illustrative_fields"] == "；".join(event.illustrative_fields)
    assert rows["party-lecture"]["illustrative_fields"] == "place"
    offices = {row["id"]: row for row in csv.DictReader(io.StringIO(
        (real_site / "opendata" / "offices.csv").read_text(encoding="utf-8-sig")))}
    assert offices["duzhaozu"]["illustrative_fields"] == "phone"
