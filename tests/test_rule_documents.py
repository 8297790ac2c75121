"""Work rules published as 政府信息公开 documents: the metadata block (索引号 … 主题分类) on every rule
page, a 效力状态 computed from dates and successors (never typed), each earlier text kept as a version
with what changed between versions, a 政策解读 link, and dates that agree between rules."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from portal.load.portal import load_portal
from portal.model.records import Rule, Validity

ROOT = Path(__file__).resolve().parents[1]
RULES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data" / "rules").glob("*.yml"))}
BLOCK = {"索引号": "index_number", "发布机构": "issuer", "发文字号": "document_number", "成文日期": "written_on",
         "发布日期": "published_on", "施行日期": "effective_on", "主题分类": "topic"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _block(html: str) -> dict[str, str]:
    dl = re.search(r'<dl class="pt-gkml"[^>]*>(.*?)</dl>', html, re.S)[1]
    return {dt_: _text(dd).removesuffix("示例").strip() for dt_, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", dl, re.S)}


@pytest.mark.parametrize("rid", sorted(RULES))
def test_every_rule_page_shows_the_metadata_block(real_site, rid):
    rule = RULES[rid]
    block = _block((real_site / "rules" / rid / "index.html").read_text(encoding="utf-8"))
    for title, key in BLOCK.items():
        value = rule[key]
        assert block[title] == (_cn(value) if isinstance(value, dt.date) else str(value)), title
    assert block["效力状态"] == "有效", "no real rule is withdrawn, expired or superseded on the as-of date"


def test_a_revised_rule_keeps_its_earlier_text_and_shows_what_changed(real_site):
    html = (real_site / "rules" / "shoujie-fuze" / "index.html").read_text(encoding="utf-8")
    versions = html[html.index('id="versions"'):html.index('id="related"')]
    assert len(re.findall(r'<li id="version-\d+">', versions)) == len(RULES["shoujie-fuze"]["versions"]) + 1
    removed = [_text(d) for d in re.findall(r"<del>(.*?)</del>", versions, re.S)]
    added = [_text(i) for i in re.findall(r"<ins>(.*?)</ins>", versions, re.S)]
    assert "删除： 第一条 为改进机关作风、方便群众办事，杜绝推诿扯皮，制定本制度。" in removed
    assert any("根据《潍坊市人口计生委工作规则》" in line and line.startswith("新增：") for line in added)
    assert any("办结后告知群众办理结果" in line for line in added)
    unchanged = [_text(s) for s in re.findall(r'<li class="pt-diff__same">(.*?)</li>', versions, re.S)]
    assert any("第二条" in line for line in unchanged), "lines both texts share are shown once, unmarked"
    assert "删除 " in _text(versions) and "新增 " in _text(versions), "the change is counted in words"


def test_a_rule_links_its_interpretation(real_site):
    html = (real_site / "rules" / "gongzuo-guize" / "index.html").read_text(encoding="utf-8")
    link = RULES["gongzuo-guize"]["interpretation"]
    assert f'<a href="{link["url"]}" rel="noopener">{link["title"]}</a>' in html


def test_a_rule_made_under_another_takes_effect_after_it():
    for rid, rule in RULES.items():
        for base in rule.get("based_on", []):
            assert rule["effective_on"] >= RULES[base]["effective_on"], f"{rid} before {base}"


BASE = {"id": "a", "title": "制度", "summary": "简介", "body": "正文", "effective_on": "2014-05-01",
        "applies_to": "全体", "sources": ["来源"]}


@pytest.mark.parametrize("extra, successor, expected", [
    ({}, None, Validity.IN_FORCE),
    ({"withdrawn": {"date": "2014-08-01", "reason": "已被新制度取代"}}, None, Validity.REPEALED),
    ({"withdrawn": {"date": "2015-08-01", "reason": "将被取代"}}, None, Validity.IN_FORCE),
    ({"expires_on": "2014-10-01"}, None, Validity.EXPIRED),
    ({"superseded_by": "b"}, "2014-09-01", Validity.REVISED),
    ({"superseded_by": "b"}, "2015-03-01", Validity.IN_FORCE),
])
def test_the_status_is_computed_from_dates_and_successors(extra, successor, expected):
    rule = Rule.model_validate({**BASE, **extra})
    after = Rule.model_validate({**BASE, "id": "b", "effective_on": successor}) if successor else None
    assert rule.validity(dt.date(2014, 12, 31), after) == expected


def test_the_status_cannot_be_typed(valid_tree):
    path = valid_tree / "data" / "rules" / "shouwen-fuze.yml"
    path.write_text(path.read_text(encoding="utf-8") + "validity: 有效\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_portal(valid_tree)
    assert "validity" in str(caught.value)


def test_a_superseded_rule_reads_as_revised_in_the_portal(valid_tree):
    rules = valid_tree / "data" / "rules"
    old = (rules / "shouwen-fuze.yml").read_text(encoding="utf-8")
    (rules / "shouwen-fuze.yml").write_text(old.replace("office: bangongshi\n", "superseded_by: shouwen-fuze-2\noffice: bangongshi\n"), encoding="utf-8")
    (rules / "shouwen-fuze-2.yml").write_text(old.replace("id: shouwen-fuze", "id: shouwen-fuze-2")
                                             .replace("effective_on: 2014-05-01", "effective_on: 2014-09-01"), encoding="utf-8")
    portal = load_portal(valid_tree, as_of=dt.date(2014, 12, 31))
    assert {r.id: str(portal.validity(r)) for r in portal.rules} == {"shouwen-fuze": "已修订", "shouwen-fuze-2": "有效"}


def test_open_data_carries_the_metadata_and_the_computed_status(real_site):
    import csv
    import io

    raw = (real_site / "opendata" / "rules.csv").read_text(encoding="utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(raw))}
    assert set(rows) == set(RULES)
    for rid, rule in RULES.items():
        assert rows[rid]["document_number"] == rule["document_number"]
        assert rows[rid]["published_on"] == rule["published_on"].isoformat()
        assert rows[rid]["validity"] == "有效"
        assert rows[rid]["versions"] == str(len(rule.get("versions", [])))
