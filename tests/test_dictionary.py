"""The data dictionary (/about/data/ and a page per kind) and the validator examples of the contributing
guide (/about/contributing/errors/).

The dictionary is compared with pydantic's own JSON Schema of each kind, walked independently, so a
field the dictionary missed or misnamed shows up. Every cross-field rule and every reference it
claims is proved by breaking a record that way and running the real validator. The guide's
examples are run through the validator too: each mistake must give exactly the problem shown.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml

from conftest import copy_valid
from portal.render import dictionary, examples as validation_examples
from portal.render.dictionary import CHECKS
from portal.load.reader import load_file
from portal.model.kinds import BY_KEY, KINDS, references
from portal.model.status import Status
from portal.model.records import (
    Correction, DeadlineChange, Event, Fee, Guide, Material, Office, Origin, RectificationItem, Recurrence, Reply, Result,
    Rule, Satisfaction, SynonymGroup, TimeLimit, Transfer, Update, Verification, Withdrawal,
)
from portal.load.problems import InvalidData
from portal.load.portal import load_portal
from conftest import AS_OF

ROOT = Path(__file__).resolve().parents[1]


# --- the page lists every field the validator knows ------------------------------------------------


def schema_fields(schema: dict, node: dict, prefix: str = "") -> dict[str, dict]:
    """path -> {title, required, enum} for every property, recursively, from a JSON Schema."""
    found = {}
    required = set(node.get("required", []))
    for name, prop in node.get("properties", {}).items():
        many, target = False, prop
        options = [o for o in target.get("anyOf", [target]) if o.get("type") != "null"]
        target = options[0] if len(options) == 1 else target
        if target.get("type") == "array":
            many, target = True, target["items"]
        if "$ref" in target:
            target = schema["$defs"][target["$ref"].rsplit("/", 1)[1]]
        path = f"{prefix}{name}{'[]' if many else ''}"
        found[path] = {"title": prop.get("title"), "required": name in required, "enum": target.get("enum")}
        if target.get("type") == "object" or "properties" in target:
            found.update(schema_fields(schema, target, path + "."))
    return found


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Source path -> Markdown of every page of the dictionary."""
    return dict(dictionary.render_pages(load_portal(ROOT, as_of=AS_OF)))


def _rows(pages: dict[str, str], kind: str) -> dict[str, str]:
    """The dictionary's rows of one kind, from its own pages, by field path, as text a reader sees."""
    table = "".join(pages[page].split("<tbody>", 1)[1].split("</tbody>", 1)[0] for page in dictionary.kind_pages(kind))
    rows = {}
    for row in re.findall(r"<tr id=.*?</tr>", table, flags=re.S):
        path = html.unescape(re.search(r'<code class="pt-nowrap">(.*?)</code>', row).group(1))
        rows[path] = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", row)))
    return rows


@pytest.mark.parametrize("kind", sorted(BY_KEY))
def test_dictionary_lists_every_field_the_schema_has_with_its_chinese_name(pages, kind):
    model = BY_KEY[kind].model
    schema = model.model_json_schema()
    expected = schema_fields(schema, schema)
    rows = _rows(pages, kind)
    assert sorted(rows) == sorted(expected)
    for path, field in expected.items():
        assert field["title"] in rows[path], path
        required = "必填" in rows[path].split(field["title"], 1)[1]
        assert required == field["required"], f"{path}: required is {field['required']}"
        for value in field["enum"] or []:
            assert value in rows[path], f"{path} does not list {value}"


def test_status_row_lists_every_status_and_office_rows_name_every_office(pages):
    rows = _rows(pages, "rectification")
    assert all(status in rows["updates[].status"] for status in Status.reportable())
    offices = load_file(ROOT / "data/offices.yml", "data/offices.yml").data["offices"]
    for office in offices:
        assert f"{office['id']} （{office['name']}）" in rows["office"]
    assert "offices.yml" in rows["office"]


def test_examples_come_from_the_real_data(pages):
    rows = _rows(pages, "rectification")
    first = load_file(ROOT / "data/rectification/ZG-2014-001.yml", "ZG").data
    assert first["id"] in rows["id"]
    assert first["received_on"].isoformat() in rows["received_on"]


def test_the_overview_links_each_kind_with_its_files_and_count_and_holds_what_every_kind_shares(pages):
    portal = load_portal(ROOT, as_of=AS_OF)
    assert list(pages) == [dictionary.PAGE] + [page for kind in KINDS for page in dictionary.kind_pages(kind.key)]
    overview = pages[dictionary.PAGE]
    counts = {"rectification": f"{len(portal.items)} 项", "guide": f"{len(portal.guides)} 篇",
              "rule": f"{len(portal.rules)} 项", "timeline": f"{len(portal.events)} 项活动",
              "offices": f"{len(portal.offices)} 个科室和单位", "site": "1 份",
              "synonyms": "1 份"}  # one file, as site.yml
    assert set(counts) == set(BY_KEY)
    for kind, name, pattern, _ in dictionary.kinds():
        row = re.search(rf'<tr id="{kind}">(.*?)</tr>', overview).group(1)
        assert f'<a href="{kind}/">{name}</a>' in row and f"<code>{pattern}</code>" in row, row
        assert f"<td>{counts[kind]}</td>" in row, row
        own = pages[dictionary.kind_page(kind)]
        assert f"现有 {counts[kind]}" in own and f"<code>{pattern}</code>" in own
        assert '<a href="../#general">' in own and '<a href="../#types">' in own  # the shared rules stay on the overview
        assert all(f'<a href="../{other}/">' in own for other in BY_KEY if other != kind)
        assert "<tr id=" not in overview.split('id="general"', 1)[1]  # no field row left on the overview
    for rule in dictionary.GENERAL_RULES:
        assert rule in html.unescape(overview)
    assert 'id="types"' in overview and "只能写该字段列出的值之一" in overview


def test_every_field_is_listed_in_the_order_files_are_written():
    """The shared record fields (sources, illustrative) come last, as in every data file."""
    names = dictionary.field_order(RectificationItem)
    assert names[:2] == ["id", "title"]
    assert names[-2:] == ["sources", "illustrative"]
    for model, pattern in ((kind.model, kind.path) for kind in KINDS):
        for path in sorted(ROOT.glob(pattern)):
            keys = list(load_file(path, path.name).data)
            assert keys == [name for name in dictionary.field_order(model) if name in keys], path.name


# --- what the dictionary says, the validator does ---------------------------------------------------


class _Plain(yaml.SafeDumper):
    """The portal's loader refuses anchors: write a value used twice out twice."""

    def ignore_aliases(self, data) -> bool:
        return True


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _edit(root: Path, rel: str, change) -> None:
    path = root / rel
    data = load_file(path, rel).data
    change(data)
    _dump(path, data)


ITEM, GUIDE, RULE = "data/rectification/ZG-2014-001.yml", "data/guides/shengyu-fuwu.yml", "data/rules/shouwen-fuze.yml"
OFFICES, TIMELINE, SYNONYMS = "data/offices.yml", "data/timeline.yml", "data/synonyms.yml"


def _second_copies_first(key):
    def change(data):
        data[key][1]["id"] = data[key][0]["id"]
    return change


def _recurring(change):
    def apply(data):
        event = next(e for e in data["events"] if e.get("recurrence"))
        change(event)
    return apply


def _correction(**change) -> dict:
    """A valid correction of the last update of the valid tree's ZG-2014-001, changed as asked."""
    return {"date": dt.date(2014, 4, 20), "field": "updates[2].note", "was": "已推行一次性告知，群众一次办结。",
            "now": "已推行一次性告知，群众一次即可办结。", "reason": "原说明有漏字。", **change}


def _closure(part: str, **values):
    """Add a verification or satisfaction to the valid tree's closed item (已完成 on 2014-04-15, by fuwu-dating)."""
    base = {"verification": {"date": dt.date(2014, 4, 20), "by": "bangongshi", "method": "电话回访", "note": "属实"},
            "satisfaction": {"date": dt.date(2014, 4, 20), "method": "电话回访", "surveyed": 5, "satisfied": 5}}[part]
    return lambda d: d.update({part: {**base, **values}})


def _deadline_change(**values):
    change = {"date": dt.date(2014, 4, 1), "to": dt.date(2014, 5, 31), "reason": "需要协调", "approved_by": "分管副主任"}
    return lambda d: d.update(deadline_changes=[{**change, **values}])


def _transfer(**values):
    transfer = {"date": dt.date(2014, 4, 1), "to": "bangongshi", "reason": "职责调整", "approved_by": "分管副主任"}
    return lambda d: d.update(transfers=[{**transfer, **values}])


BREAKS = {
    # (model, field): (file, change, field path of the problem)
    (Guide, "office"): (GUIDE, lambda d: d.update(office="no-such-office"), "office"),
    (Rule, "office"): (RULE, lambda d: d.update(office="no-such-office"), "office"),
    (RectificationItem, "office"): (ITEM, lambda d: d.update(office="no-such-office"), "office"),
    (Guide, "related_rules"): (GUIDE, lambda d: d.update(related_rules=["no-such-rule"]), "related_rules[0]"),
    (Guide, "related_items"): (GUIDE, lambda d: d.update(related_items=["ZG-2099-999"]), "related_items[0]"),
    (Rule, "related_guides"): (RULE, lambda d: d.update(related_guides=["no-such-guide"]), "related_guides[0]"),
    (SynonymGroup, "guides"): (SYNONYMS, lambda d: d["groups"][0].update(guides=["no-such-guide"]), "groups[0].guides[0]"),
    (Origin, "event"): (ITEM, lambda d: d["origin"].update(event="no-such-event"), "origin.event"),
    (Guide, "id"): (GUIDE, lambda d: d.update(id="another-guide"), "id"),
    (Rule, "id"): (RULE, lambda d: d.update(id="another-rule"), "id"),
    (RectificationItem, "id"): (ITEM, lambda d: d.update(id="ZG-2014-099"), "id"),
    (Office, "id"): (OFFICES, _second_copies_first("offices"), "offices[1].id"),
    (Event, "id"): (TIMELINE, _second_copies_first("events"), "events[1].id"),
    (Event, "date"): (TIMELINE, _recurring(lambda e: e.update(date=dt.date(2014, 5, 9))), None),
    (Guide, "next_review"): (GUIDE, lambda d: d.update(next_review=d["reviewed_on"]), "next_review"),
    (RectificationItem, "deadline"): (ITEM, lambda d: d.update(deadline=d["received_on"] - dt.timedelta(days=1)), "deadline"),
    (Update, "date"): (ITEM, lambda d: d["updates"][0].update(date=d["received_on"] - dt.timedelta(days=1)), "updates[0].date"),
    (Update, "status"): (ITEM, lambda d: d["updates"][-1].pop("note"), "updates[2].status"),
    (Recurrence, "ends_on"): (TIMELINE, _recurring(lambda e: e["recurrence"].update(ends_on=dt.date(2014, 1, 1))),
                              None),
    (Recurrence, "end_time"): (TIMELINE, _recurring(lambda e: e["recurrence"].update(end_time="09:00")), None),
    (TimeLimit, "promised_days"): (GUIDE, lambda d: d["time_limit"].update(promised_days=99), "time_limit.promised_days"),
    (Fee, "amount"): (GUIDE, lambda d: d.update(fee={"free": False}), "fee"),
    (Material, "template"): (GUIDE, lambda d: d["materials"][0].update(template="no-such-form.pdf"), "materials[0].template"),
    (Material, "example"): (GUIDE, lambda d: d["materials"][0].update(example="no-such-example.pdf"), "materials[0].example"),
    (Result, "sample"): (GUIDE, lambda d: d["result"].update(sample="no-such-sample.png"), "result.sample"),
    (RectificationItem, "received_on"): (ITEM, lambda d: d.update(received_on=dt.date(2041, 3, 5)), "received_on"),
    (DeadlineChange, "date"): (ITEM, _deadline_change(date=dt.date(2014, 3, 1)), "deadline_changes[0].date"),
    (DeadlineChange, "to"): (ITEM, _deadline_change(to=dt.date(2014, 4, 30)), "deadline_changes[0].to"),
    (Verification, "date"): (ITEM, _closure("verification", date=dt.date(2014, 4, 14)), "verification.date"),
    (Verification, "by"): (ITEM, _closure("verification", by="fuwu-dating"), "verification.by"),
    (Satisfaction, "date"): (ITEM, _closure("satisfaction", date=dt.date(2014, 4, 14)), "satisfaction.date"),
    (Satisfaction, "surveyed"): (ITEM, _closure("satisfaction", surveyed=0, satisfied=0), "satisfaction.surveyed"),
    (Satisfaction, "satisfied"): (ITEM, _closure("satisfaction", satisfied=6), "satisfaction.satisfied"),
    (Correction, "date"): (ITEM, lambda d: d.update(corrections=[_correction(date=dt.date(2014, 3, 1))]), "corrections[0].date"),
    (Correction, "field"): (ITEM, lambda d: d.update(corrections=[_correction(field="updates[9].note")]), "corrections[0].field"),
    (Correction, "was"): (ITEM, lambda d: d.update(corrections=[_correction(was="已推行。")]), "corrections[0].was"),
    (Correction, "now"): (ITEM, lambda d: d.update(corrections=[_correction(now=_correction()["was"])]), "corrections[0].now"),
    (Reply, "date"): (ITEM, lambda d: d.update(reply={"date": dt.date(2014, 3, 1), "text": "已答复。"}), "reply.date"),
    (Transfer, "date"): (ITEM, _transfer(date=dt.date(2014, 3, 1)), "transfers[0].date"),
    (Transfer, "to"): (ITEM, _transfer(to="fuwu-dating"), "transfers[0].to"),
    (RectificationItem, "replaces"): (ITEM, lambda d: d.update(replaces="ZG-2099-999"), "replaces"),
    (Withdrawal, "date"): (ITEM, lambda d: d.update(withdrawn={"date": dt.date(2014, 3, 1), "reason": "重复。"}), "withdrawn.date"),
}
"""One way to break each rule the dictionary states beyond a field's type; None: the problem's
path is the recurring event's, whatever its position in the file."""


def test_every_rule_and_reference_the_dictionary_states_has_a_case_below():
    declared = {(ref.model, ref.name) for kind in KINDS for ref in references(kind.model)}
    assert set(BREAKS) == set(CHECKS) | declared


@pytest.mark.parametrize("key", list(BREAKS), ids=lambda k: f"{k[0].__name__}.{k[1]}")
def test_the_validator_enforces_what_the_dictionary_says(tmp_path, key):
    root = copy_valid(tmp_path / "site")
    rel, change, expected = BREAKS[key]
    _edit(root, rel, change)
    with pytest.raises(InvalidData) as caught:
        load_portal(root, as_of=AS_OF)
    fields = [p.field for p in caught.value.problems if p.path == rel]
    if expected is None:
        assert any(re.fullmatch(r"events\[\d+\](\.recurrence\.\w+)?", f) for f in fields), fields
    else:
        assert expected in fields, fields


def _set(data, parts: list[str], value) -> bool:
    """Put value at a dictionary path (updates[].evidence[].url) in the first place it exists."""
    key = parts[0].removesuffix("[]")
    if not isinstance(data, dict) or (len(parts) > 1 and key not in data and parts[0].endswith("[]")):
        return False
    if len(parts) == 1:
        data[key] = value
        return True
    data.setdefault(key, {})  # an optional part the valid tree leaves out (site.yml's gov_badge)
    children = data[key] if parts[0].endswith("[]") else [data[key]]
    return any(_set(child, parts[1:], value) for child in children)


def _fields_with_a_pattern():
    seen = {}
    for kind, _, _, fields in dictionary.kinds():
        for doc in dictionary.walk(fields):
            if doc.explained and doc.explained.pattern and doc.explained.name not in seen and not doc.many:
                seen[doc.explained.name] = (kind, doc)
    return list(seen.values())


@pytest.mark.parametrize("kind,doc", _fields_with_a_pattern(), ids=lambda v: getattr(v, "path", v))
def test_a_typed_fields_rule_is_the_validators_own_message(tmp_path, kind, doc):
    """Write a bad value into one field of each patterned type: the validator's message carries
    the very rule the dictionary shows for that type."""
    root = copy_valid(tmp_path / "site")
    rel = {"rectification": ITEM, "guide": GUIDE, "rule": RULE, "timeline": TIMELINE, "offices": OFFICES,
           "site": "data/site.yml"}[kind]
    def change(data):
        if doc.path.startswith("corrections[]."):  # the valid tree has no correction: one to break
            data["corrections"] = [_correction()]
        assert _set(data, doc.path.split("."), "坏 值"), doc.path

    _edit(root, rel, change)
    with pytest.raises(InvalidData) as caught:
        load_portal(root, as_of=AS_OF)
    messages = [p.message for p in caught.value.problems if p.path == rel]
    assert any(doc.explained.rule in m for m in messages), messages


# --- the contributing guide's examples are what the validator prints ------------------------------------


def test_each_mistake_in_the_guide_gives_exactly_one_problem_in_its_own_file():
    shown = validation_examples.show_mistakes(ROOT)
    assert len(shown) == len(validation_examples.MISTAKES)
    for example in shown:
        assert len(example.problems) == 1, (example.mistake.title, example.problems)
        assert str(example.problems[0]).startswith(f"{example.path}:")


def test_the_guides_examples_pass_once_corrected(tmp_path):
    """The fix the guide offers is a fix: the untouched example files validate."""
    office = load_file(ROOT / "data/offices.yml", "o").data["offices"][0]
    tree = tmp_path / "site"
    (tree / "data/rectification").mkdir(parents=True)
    for name in ("site.yml", "offices.yml"):
        (tree / "data" / name).write_bytes((ROOT / "data" / name).read_bytes())
    (tree / "data/timeline.yml").write_text(validation_examples.TIMELINE, encoding="utf-8")
    text = validation_examples.ITEM.substitute(id="ZG-2014-901", office=office["id"], office_name=office["name"])
    (tree / "data/rectification/ZG-2014-901.yml").write_text(text, encoding="utf-8")
    load_portal(tree, as_of=AS_OF)


def test_each_mistake_that_names_a_field_links_to_that_fields_row_in_the_dictionary():
    links = {}
    for example in validation_examples.show_mistakes(ROOT):
        link = validation_examples.dictionary_link(example)
        assert (link is None) == (example.problems[0].field == ""), (example.mistake.title, link)
        links[example.mistake.title] = link
    assert links["日期写成了其他格式"] == "../../data/rectification/#rectification-deadline"
    assert links["状态不在可选值里"] == "../../data/rectification/#rectification-updates-status"
    assert links["时刻没加引号"] == "../../data/timeline/#timeline-events-recurrence-end-time"


def test_every_value_the_guide_says_needs_quotes_is_refused_without_them():
    for value, problem in validation_examples.show_quoted(ROOT):
        assert problem is not None, f"{value} passed without quotes"
        assert f"“{value}”" in problem.message and "加上引号" in problem.message


def test_the_items_page_explains_the_append_only_rule_corrections_and_withdrawal(pages):
    page = html.unescape(pages[dictionary.kind_pages("rectification")[-1]])
    for words in ("已发布的内容只增不改", "portal validate --against", "field: updates[1].date", "was: 2014-06-12",
                  "now: 2014-06-11", "withdrawn:", "reason:", "更正记录"):
        assert words in page, words
    assert "contributing/corrections/" in page  # the guide's page with the whole story
