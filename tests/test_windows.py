"""Guides say who acts and where (国办函〔2016〕108号 elements): each guide page names its 实施机关,
主管部门 and 行使层级, its optional elements when written, and the windows that handle it; the window
directory lists every window of data/windows.yml by level, each window's page lists what it handles,
and its map link is one a phone's map app opens, with no outside script.

Expected values come from the YAML read with plain PyYAML, not through the portal's models."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = yaml.safe_load((ROOT / "data" / "windows.yml").read_text(encoding="utf-8"))["windows"]
GUIDES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data" / "guides").glob("*.yml"))}


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _facts(html: str) -> dict[str, str]:
    return {unescape(dt): _text(dd).strip() for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S)}


@pytest.mark.parametrize("gid", sorted(GUIDES))
def test_a_guide_names_who_acts_and_at_which_level(real_site, gid):
    guide = GUIDES[gid]
    facts = _facts((real_site / "guides" / gid / "index.html").read_text(encoding="utf-8"))
    assert facts["实施机关"] == guide["authority"]
    assert facts["主管部门"] == guide["department"]
    assert facts["行使层级"] == "、".join(guide["levels"])
    for key, title in (("through_scope", "通办范围"), ("online_depth", "网办深度"), ("quantity_limit", "数量限制")):
        assert (facts.get(title) == guide[key]) if key in guide else title not in facts
    if "valid_for" in guide["result"]:
        assert facts["结果有效期限"] == guide["result"]["valid_for"]


def test_the_law_decides_the_second_child_permit_at_county_level_and_the_town_issues_the_certificate():
    assert "县级" in GUIDES["ertai-shengyuzheng"]["authority"] and "县级" in GUIDES["ertai-shengyuzheng"]["levels"]
    assert GUIDES["liudong-hunyu-zhengming"]["levels"] == ["乡镇（街道）"]


@pytest.mark.parametrize("gid", sorted(GUIDES))
def test_a_guide_links_each_window_that_handles_it(real_site, gid):
    html = (real_site / "guides" / gid / "index.html").read_text(encoding="utf-8")
    by_id = {w["id"]: w for w in WINDOWS}
    linked = re.findall(r'<a href="\.\./\.\./windows/([^/]+)/">([^<]+)</a>', html)
    assert [wid for wid, _ in linked] == GUIDES[gid].get("windows", [])
    for wid, name in linked:
        assert unescape(name) == by_id[wid]["name"]
        assert by_id[wid]["level"] in GUIDES[gid]["levels"], "a window at a level the guide does not exercise"


def test_the_directory_lists_every_window_by_level_with_a_map_link(real_site):
    html = (real_site / "windows" / "index.html").read_text(encoding="utf-8")
    text = _text(html)
    for window in WINDOWS:
        card = html[html.index(f'id="{window["id"]}"'):]
        card = card[:card.index("</li>")]
        assert window["name"] in _text(card) and window["phone"] in card
        geo = unescape(re.search(r'href="(geo:[^"]+)"', card)[1])
        if "location" in window:
            assert geo.startswith(f'geo:{window["location"]["latitude"]},{window["location"]["longitude"]}')
        assert parse_qs(urlsplit(geo).query)["q"] == [window["address"]]
    levels = [level for level in ("市级", "县级", "乡镇（街道）") if any(w["level"] == level for w in WINDOWS)]
    headings = re.findall(r"<h2[^>]*>([^<]+)", html[html.index("<h1"):])
    assert headings[:len(levels)] == levels
    assert "办理窗口" in text


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: w["id"])
def test_a_window_page_lists_exactly_what_it_handles(real_site, window):
    html = (real_site / "windows" / window["id"] / "index.html").read_text(encoding="utf-8")
    handles = html[html.index('id="handles"'):]
    listed = re.findall(r'<a href="\.\./\.\./guides/([^/]+)/">', handles)
    assert listed == [gid for gid, g in GUIDES.items() if window["id"] in g.get("windows", [])]
    facts = _facts(html)
    assert facts["地址"].removesuffix(" 示例").strip() == window["address"]
    assert facts["层级"] == window["level"] and window["hours"] in facts["办公时间"]


def test_window_pages_load_no_outside_script(real_site):
    for page in [real_site / "windows" / "index.html", *(real_site / "windows").glob("*/index.html")]:
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
        assert scripts and not [s for s in scripts if re.match(r"(https?:)?//", s)], page


def test_every_window_is_used_by_a_guide():
    used = {wid for g in GUIDES.values() for wid in g.get("windows", [])}
    assert used == {w["id"] for w in WINDOWS}
