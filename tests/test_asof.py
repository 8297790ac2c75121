"""The as-of date gives the ledger exactly as it stood that day, and no event date may pass today.

A build of the real data with `--as-of D` must equal a build of the data cut by hand at D: every
dated entry after D (updates, deadline changes, verifications, satisfaction surveys, withdrawals,
any dated list an item gains) removed, items not yet on the ledger on D removed. The cut below works
on the YAML and knows nothing of portal/model/asof.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import AS_OF, PROJECT, copy_valid, run_portal
from portal.load.portal import load_portal
from portal.load.problems import InvalidData
from portal.publish.build import build_site
from sitetools import copy_project

DAYS = (dt.date(2014, 4, 20), dt.date(2014, 6, 16), dt.date(2014, 8, 1))
"""Before some items were received (2014-04-25), the day of the 回头看 verifications and of two
deadline changes, and a day when two items still await verification and one change is to come."""


class _Plain(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # the portal's reader refuses anchors
        return True


def _cut(item: dict, day: dt.date) -> dict | None:
    """The item as a clerk would have written it on day, or None when it was not on the ledger yet."""
    if item["received_on"] > day or item["updates"][0]["date"] > day:
        return None
    kept = {}
    for key, value in item.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) and "date" in v for v in value):
            value = [v for v in value if v["date"] <= day]  # a dated list: the entries up to day
            if not value:
                continue
        elif isinstance(value, dict) and "date" in value and value["date"] > day:
            continue  # a dated part (verification, satisfaction, withdrawn) not yet written
        kept[key] = value
    return kept


def cut_data(dest: Path, day: dt.date) -> Path:
    """A copy of data/ as it stood on day: only the files that change are rewritten."""
    shutil.copytree(PROJECT / "data", dest)
    present = set()
    for path in sorted((dest / "rectification").glob("*.yml")):
        item = yaml.safe_load(path.read_text(encoding="utf-8"))
        cut = _cut(item, day)
        if cut is None:
            path.unlink()
            continue
        present.add(cut["id"])
        if cut != item:
            path.write_text(yaml.dump(cut, Dumper=_Plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rules = set()
    for path in sorted((dest / "rules").glob("*.yml")):  # a rule not yet in force was not published
        if yaml.safe_load(path.read_text(encoding="utf-8"))["effective_on"] > day:
            path.unlink()
        else:
            rules.add(path.stem)
    timeline_file = dest / "timeline.yml"
    timeline = yaml.safe_load(timeline_file.read_text(encoding="utf-8"))
    held = [e for e in timeline["events"] if (e.get("date") or e["recurrence"]["starts_on"]) <= day]
    if len(held) != len(timeline["events"]):
        timeline_file.write_text(yaml.dump({**timeline, "events": held}, Dumper=_Plain, allow_unicode=True, sort_keys=False),
                                 encoding="utf-8")
    for path in sorted((dest / "guides").glob("*.yml")):
        guide = yaml.safe_load(path.read_text(encoding="utf-8"))
        named, ruled = guide.get("related_items", []), guide.get("related_rules", [])
        if any(i not in present for i in named) or any(r not in rules for r in ruled):
            guide["related_items"] = [i for i in named if i in present]
            guide["related_rules"] = [r for r in ruled if r in rules]
            path.write_text(yaml.dump(guide, Dumper=_Plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def _text(html: str) -> str:
    """The page's article as a reader sees it (the edit link and the data file it names left out)."""
    article = html[html.index("<article"):html.index("</article>")]
    article = re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", article))).strip()


def _published(site: Path) -> dict[str, object]:
    """What a supervisor compares: every open-data file and feed as parsed data, every page's text."""
    seen: dict[str, object] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".json" and rel.startswith("opendata/"):
            seen[rel] = json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix in (".csv", ".atom", ".ics"):
            seen[rel] = path.read_text(encoding="utf-8")
        elif path.name == "index.html" and not rel.startswith(("admin/", "about/")):
            seen[rel] = _text(path.read_text(encoding="utf-8"))
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_build_as_of_a_day_equals_a_build_of_the_data_cut_at_that_day(tmp_path, day):
    # Both from copies outside git: the source commit (manifest, 最后修改) is not what is compared here.
    whole = tmp_path / "whole-site"
    assert build_site(copy_project(tmp_path / "whole-project"), whole, as_of=day) == 0
    project = copy_project(tmp_path / "project", data=cut_data(tmp_path / "cut-data", day))
    cut = tmp_path / "cut-site"
    assert build_site(project, cut, as_of=day) == 0

    as_of, by_hand = _published(whole), _published(cut)
    assert sorted(as_of) == sorted(by_hand)  # the same pages: items received later have none
    for rel in as_of:
        assert as_of[rel] == by_hand[rel], rel
    # and the day's ledger is not today's: what the data says happened later is not there
    records = {r["id"]: r for r in as_of["opendata/rectification.json"]["records"]}
    for item_id, (status, current_deadline) in SEEN[day].items():
        if status is None:
            assert item_id not in records and f"rectification/{item_id}/index.html" not in as_of
        else:
            assert (records[item_id]["status"], records[item_id]["current_deadline"]) == (status, current_deadline), item_id
    assert f"{len(records)} 项 列入整改台账" in as_of["rectification/index.html"]


SEEN = {
    # item: (status in open data, current deadline) on the day; None: not on the ledger yet
    dt.date(2014, 4, 20): {"ZG-2014-022": (None, None), "ZG-2014-001": ("已受理", "2014-05-31"),
                           "ZG-2014-014": ("已受理", "2014-06-30")},
    dt.date(2014, 6, 16): {"ZG-2014-001": ("已完成", "2014-05-31"), "ZG-2014-014": ("整改中", "2014-08-31"),
                           "ZG-2014-012": ("整改中", "2014-06-30")},
    dt.date(2014, 8, 1): {"ZG-2014-012": ("待核验", "2014-06-30"), "ZG-2014-014": ("整改中", "2014-08-31"),
                          "ZG-2014-022": ("整改中", "2014-09-30"), "ZG-2014-008": ("待核验", "2014-07-31")},
}


def test_a_snapshot_leaves_out_replies_events_and_rules_dated_after_its_day():
    day = dt.date(2014, 5, 20)
    snapshot, today = load_portal(PROJECT, as_of=day), load_portal(PROJECT, as_of=dt.date(2014, 12, 31))

    replied = {i.id: i.reply for i in today.items if i.reply is not None}
    assert any(reply.date > day for reply in replied.values()) and any(reply.date <= day for reply in replied.values())
    for item in snapshot.items:
        assert item.reply == (replied.get(item.id) if item.id in replied and replied[item.id].date <= day else None), item.id
    assert [e.id for e in snapshot.events] == [e.id for e in today.events if e.first_day <= day] != [e.id for e in today.events]
    assert [r.id for r in snapshot.rules] == [r.id for r in today.rules if r.effective_on <= day]
    assert all(r in {rule.id for rule in snapshot.rules} for g in snapshot.guides for r in g.related_rules)


# --- today, not the as-of date, bounds every event date --------------------------------------------


def test_an_update_after_today_is_refused_even_when_the_as_of_date_is_later(tmp_path):
    root = copy_valid(tmp_path / "site")  # its last update: 2014-05-10 (ZG-2014-002)
    result = run_portal("validate", cwd=root, env={"PORTAL_TODAY": "2014-05-09", "PORTAL_AS_OF": AS_OF.isoformat()})
    assert result.returncode == 1
    assert ("data/rectification/ZG-2014-002.yml:18:11  updates[1].date 日期: 日期晚于今天，是否写错了年份？"
            in result.stdout), result.stdout
    assert run_portal("validate", cwd=root, env={"PORTAL_TODAY": "2014-05-10"}).returncode == 0


def test_an_early_as_of_date_cuts_the_ledger_and_never_refuses_later_entries(tmp_path):
    root = copy_valid(tmp_path / "site")
    portal = load_portal(root, as_of=dt.date(2014, 3, 20), today=dt.date(2014, 12, 31))
    assert [i.id for i in portal.items] == ["ZG-2014-001"]  # ZG-2014-002 was received on 2014-04-01
    assert [u.status for u in portal.items[0].updates] == ["已受理", "整改中"]
    with pytest.raises(InvalidData) as caught:
        load_portal(root, as_of=dt.date(2014, 3, 20), today=dt.date(2014, 4, 14))  # 2014-04-15's update is ahead
    assert {(p.path, p.field, p.message) for p in caught.value.problems} == {
        ("data/rectification/ZG-2014-001.yml", "updates[2].date", "日期晚于今天，是否写错了年份？请核对；还没发生的事不能写进台账"),
        ("data/rectification/ZG-2014-002.yml", "updates[1].date", "日期晚于今天，是否写错了年份？请核对；还没发生的事不能写进台账")}
