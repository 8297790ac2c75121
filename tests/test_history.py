"""Published history is append-only (`portal validate --against REV`, portal/checks/history.py), and a
correction keeps the published value on the record while the site shows the corrected one."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import AS_OF, ITEM_FILE, run_portal
from releasetools import small_project

NOTE = "    note: 已制定 AB 角安排表。\n"
CORRECTION = """corrections:
  - date: 2014-05-12
    field: updates[1].note
    was: 已制定 AB 角安排表。
    now: 已制定 AB 角安排表，并在办公室门口公开。
    reason: 原说明漏写了安排表的公开方式。
"""


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_COMMITTER_DATE": "2014-06-01T10:00:00+08:00",
           "GIT_AUTHOR_DATE": "2014-06-01T10:00:00+08:00"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A buildable project with the small valid data, committed on `main` (what is published), and a
    branch `change` checked out, as a pull request would have it."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = small_project(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "published")
    git(root, "checkout", "-q", "-b", "change")
    return root


def edit(root: Path, old: str, new: str, path: str = ITEM_FILE) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, text: str, path: str = ITEM_FILE) -> int:
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def validate_against(root: Path, rev: str = "main") -> subprocess.CompletedProcess:
    return run_portal("validate", "--against", rev, cwd=root)


def test_rewriting_a_published_update_is_refused_where_it_was_rewritten(published):
    edit(published, NOTE, "    note: 已制定并公开 AB 角安排表。\n")
    git(published, "commit", "-q", "-am", "rewrite an update")

    result = validate_against(published)

    assert result.returncode == 1, result.stdout
    line = line_of(published, "已制定并公开 AB 角安排表。")
    problem = result.stdout.splitlines()[0]
    assert problem.startswith(f"{ITEM_FILE}:{line}:11  updates[1].note 进展说明: 这一条进展已在 main 发布，不能改写"), problem
    assert "发布时是“已制定 AB 角安排表。”" in problem
    assert "corrections" in problem and "field: updates[1].note" in problem  # what to write instead
    assert run_portal("validate", cwd=published).returncode == 0, "the data alone is valid: only history refuses it"


@pytest.mark.slow  # builds a site
def test_a_correction_passes_and_shows_on_the_item_page_and_in_the_changes_feed(published, tmp_path):
    edit(published, "sources:\n", CORRECTION.replace("2014-05-12", "2014-06-05") + "sources:\n")  # main: 2014-06-01
    git(published, "commit", "-q", "-am", "correct an update")

    result = validate_against(published)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "与 main 相比，已发布的内容都保留着" in result.stdout

    site = tmp_path / "site"
    built = run_portal("build", "--site-dir", str(site), cwd=published)
    assert built.returncode == 0, built.stderr
    page = (site / "rectification" / "ZG-2014-002" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    history = text[text.index("办理进展"):text.index("更正记录")]
    assert "已制定 AB 角安排表，并在办公室门口公开。" in history and "已更正" in history
    assert "已制定 AB 角安排表。" not in history  # the old wording is in 更正记录 only
    section = text[text.index("更正记录"):text.index("信息来源")]
    assert "2014年6月5日 更正第 2 条进展（2014年5月10日）的进展说明" in section
    assert "原为 已制定 AB 角安排表。" in section and "更正为 已制定 AB 角安排表，并在办公室门口公开。" in section
    assert "原说明漏写了安排表的公开方式。" in section
    # Last changed: the day of the file's last commit, and its history in the repository
    assert "最后修改： 2014年6月1日 ·" in text
    assert 'href="https://github.com/example/test-portal/commits/main/data/rectification/ZG-2014-002.yml"' in page
    feed = (site / "feeds" / "changes.atom").read_text(encoding="utf-8")
    entry = feed[feed.index("rectification/ZG-2014-002/corrections/1"):]
    entry = entry[:entry.index("</entry>")]
    assert "<title>整改事项更正：ZG-2014-002 办公电话无人接听</title>" in entry
    assert "<updated>2014-06-05T00:00:00+08:00</updated>" in entry
    assert "原为“已制定 AB 角安排表。”，更正为“已制定 AB 角安排表，并在办公室门口公开。”" in entry


def test_removing_an_update_an_item_or_a_correction_and_moving_the_first_deadline_are_refused(published):
    edit(published, "sources:\n", CORRECTION + "sources:\n")
    git(published, "commit", "-q", "-am", "a correction, published")
    git(published, "branch", "-f", "main")
    edit(published, "  - date: 2014-05-10\n    status: 整改中\n" + NOTE, "")
    edit(published, CORRECTION, "")
    edit(published, "deadline: 2014-07-31", "deadline: 2014-09-30")
    (published / "data/rectification/ZG-2014-001.yml").unlink()
    edit(published, "related_items:\n  - ZG-2014-001\n", "", path="data/guides/shengyu-fuwu.yml")  # the guide named it

    lines = validate_against(published).stdout.splitlines()

    assert lines[0].startswith("data/rectification/ZG-2014-001.yml:1:1  这个整改事项已在 main 发布，不能删除文件")
    assert "withdrawn" in lines[0]  # what to do instead
    assert lines[1].startswith(f"{ITEM_FILE}:2:1  corrections 更正记录: 已在 main 发布的第 1 条更正记录（date: 2014-05-12，"
                               "field: updates[1].note）被删除了"), lines[1]  # no corrections: shown at the top
    deadline = line_of(published, "deadline: 2014-09-30")
    assert lines[2].startswith(f"{ITEM_FILE}:{deadline}:11  deadline 整改期限: 整改期限已在 main 发布，不能改写：发布时是“2014-07-31”")
    updates = line_of(published, "updates:")
    assert lines[3].startswith(f"{ITEM_FILE}:{updates}:1  updates 进展: 已在 main 发布的第 2 条进展（date: 2014-05-10，status: 整改中）被删除了")
    assert lines[-1].startswith("共发现 4 个问题")


VERIFIED_AFTER_A_DEADLINE_CHANGE = """deadline_changes:
  - date: 2014-04-10
    to: 2014-05-15
    reason: 告知单需要重新印刷。
    approved_by: 分管副主任
verification:
  date: 2014-04-25
  by: bangongshi
  method: 到服务大厅实地抽查
  note: 一次性告知已落实，同意销号。
"""


def test_removing_a_deadline_change_or_a_verification_and_moving_received_on_are_refused(published):
    item = "data/rectification/ZG-2014-001.yml"
    edit(published, "sources:\n", VERIFIED_AFTER_A_DEADLINE_CHANGE + "sources:\n", path=item)
    git(published, "commit", "-q", "-am", "a deadline change and a verification, published")
    git(published, "branch", "-f", "main")
    edit(published, VERIFIED_AFTER_A_DEADLINE_CHANGE, "", path=item)
    edit(published, "received_on: 2014-03-05", "received_on: 2014-03-04", path=item)

    lines = validate_against(published).stdout.splitlines()

    assert lines[0].startswith(f"{item}:2:1  deadline_changes 期限调整: 已在 main 发布的第 1 条期限调整"
                               "（date: 2014-04-10，to: 2014-05-15）被删除了"), lines[0]
    assert lines[1].startswith(f"{item}:2:1  verification 核验: 核验已在 main 发布（date: 2014-04-25，by: bangongshi"), lines[1]
    received = line_of(published, "received_on: 2014-03-04", path=item)
    assert lines[2].startswith(f"{item}:{received}:14  received_on 受理日期: 受理日期已在 main 发布，不能改写：发布时是“2014-03-05”")
    assert all("corrections" in line for line in lines[:2])  # what to write instead
    assert "不能更正" in lines[2] and "replaces: ZG-2014-001" in lines[2]  # a baseline: withdraw, open a new item
    assert lines[-1].startswith("共发现 3 个问题")


# --- item 1: every field of a published item stays, by construction -----------------------------

REWRITES = [
    # (field path, what the file said, what it says now): one field of each kind
    ("title", "title: 办公电话无人接听", "title: 办公电话偶有无人接听"),
    ("description", "description: 群众反映办公电话常常无人接听。", "description: 群众反映办公电话有时无人接听。"),
    ("origin.kind", "  kind: 征求意见表", "  kind: 自查"),
    ("office", "office: bangongshi", "office: fuwu-dating"),
    ("owner", "owner: 办公室主任", "owner: 办公室副主任"),
    ("measures[1]", "  - 公开值班电话", "  - 公开值班手机"),
    ("updates[0].status", "    status: 已受理", "    status: 整改中"),
    ("sources[0]", "  - 测试日报《测试报道》（2014年）", "  - 测试日报《另一篇报道》（2014年）"),
]


@pytest.mark.parametrize("field, old, new", REWRITES, ids=[r[0] for r in REWRITES])
def test_rewriting_any_published_field_is_refused_on_its_line(published, field, old, new):
    edit(published, old + "\n", new + "\n")

    lines = validate_against(published).stdout.splitlines()

    assert len(lines) == 2, lines  # the one problem and the count
    assert lines[0].startswith(f"{ITEM_FILE}:{line_of(published, new)}:"), lines[0]
    assert f"  {field} " in lines[0] and "已在 main 发布，不能改写" in lines[0], lines[0]
    way_out = "transfers" if field == "office" else f"field: {field}"
    assert way_out in lines[0]  # what to write instead: a correction of that field, or a transfer


@pytest.mark.parametrize("added", ["illustrative: true\n", "measures:\n  - 公开值班电话\n  - 值班表上墙\n",
                                   "  place: 办公室\n"], ids=["flag", "list", "optional-text"])
def test_adding_to_or_setting_an_undated_field_is_refused_too(published, added):
    if added.startswith("  place"):
        edit(published, "  kind: 征求意见表\n", "  kind: 征求意见表\n" + added)
    elif added.startswith("measures"):
        edit(published, "measures:\n  - 落实 AB 角工作制度\n  - 公开值班电话\n", "measures:\n  - 落实 AB 角工作制度\n  - 公开值班电话\n  - 值班表上墙\n")
    else:
        edit(published, "sources:\n", added + "sources:\n")

    result = validate_against(published)

    assert result.returncode == 1 and "已在 main 发布，不能改写" in result.stdout, result.stdout


def test_a_field_added_to_the_item_model_is_protected_without_naming_it():
    """The comparison walks whatever fields the model has: a new field needs no line in history.py."""
    from typing import Optional

    from portal.checks import history
    from portal.load.reader import parse
    from portal.model.records import RectificationItem
    from portal.model.types import Text

    from pydantic import Field

    class WithHotline(RectificationItem):
        hotline_note: Optional[Text] = Field(None, title="热线说明")

    text = (Path(__file__).parent / "fixtures/valid" / ITEM_FILE).read_text(encoding="utf-8")
    before = text.replace("sources:\n", "hotline_note: 工作日 8:30 至 17:30 有人接听。\nsources:\n")
    after = before.replace("8:30 至 17:30", "8:00 至 18:00")
    published = history.Published({"ZG-2014-002": parse(ITEM_FILE, before).data}, dt.date(2014, 6, 1), "main")

    problems = history.compare(parse(ITEM_FILE, after), published.items["ZG-2014-002"], published, model=WithHotline)
    same = history.compare(parse(ITEM_FILE, before), published.items["ZG-2014-002"], published, model=WithHotline)

    assert [(p.line, p.field, p.label) for p in problems] == [(21, "hotline_note", "热线说明")]
    assert "发布时是“工作日 8:30 至 17:30 有人接听。”" in problems[0].message
    assert same == []


# --- item 2: nothing is added before the day it was published ------------------------------------

LATE = {  # (file, text to add before "sources:", field path of the date): one entry of each dated kind
    "reply": ("data/rectification/ZG-2014-001.yml", "reply:\n  date: {day}\n  text: 已推行一次性告知。\n", "reply.date"),
    "updates": (ITEM_FILE, None, "updates[2].date"),
    "deadline_changes": (ITEM_FILE, "deadline_changes:\n  - date: {day}\n    to: 2014-09-30\n    reason: 需要协调。\n"
                                    "    approved_by: 分管副主任\n", "deadline_changes[0].date"),
    "transfers": (ITEM_FILE, "transfers:\n  - date: {day}\n    to: fuwu-dating\n    reason: 职责调整。\n"
                             "    approved_by: 分管副主任\n", "transfers[0].date"),
    "corrections": (ITEM_FILE, CORRECTION.replace("2014-05-12", "{day}"), "corrections[0].date"),
    "withdrawn": (ITEM_FILE, "withdrawn:\n  date: {day}\n  reason: 与另一事项重复。\n", "withdrawn.date"),
    "verification": ("data/rectification/ZG-2014-001.yml", "verification:\n  date: {day}\n  by: bangongshi\n"
                     "  method: 实地抽查\n  note: 已落实，同意销号。\n", "verification.date"),
    "satisfaction": ("data/rectification/ZG-2014-001.yml", "satisfaction:\n  date: {day}\n  method: 电话回访\n"
                     "  surveyed: 5\n  satisfied: 5\n", "satisfaction.date"),
}


def add_entry(root: Path, kind: str, day: str) -> None:
    path, text, _ = LATE[kind]
    if text is None:
        edit(root, NOTE, NOTE + f"  - date: {day}\n    status: 整改中\n    note: 已公开值班电话。\n")
    else:
        edit(root, "sources:\n", text.format(day=day) + "sources:\n", path=path)


def test_the_late_entries_cover_every_dated_list_and_part():
    from portal.model.records import DATED_LISTS, DATED_PARTS

    assert set(LATE) == {*DATED_LISTS, *DATED_PARTS}


@pytest.mark.parametrize("kind", list(LATE))
def test_an_entry_dated_before_the_day_it_was_published_is_refused(published, kind):
    add_entry(published, kind, "2014-05-20")  # main was committed, so published, on 2014-06-01

    lines = validate_against(published).stdout.splitlines()

    path, _, field = LATE[kind]
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:{line_of(published, 'date: 2014-05-20', path=path)}:"), lines[0]
    assert f"  {field} " in lines[0] and "早于 main 发布的日子（2014-06-01）" in lines[0], lines[0]
    assert "请把日期写成今天" in lines[0]  # what to write instead
    assert run_portal("validate", cwd=published).returncode == 0, "the data alone is valid: only history refuses it"


@pytest.mark.parametrize("kind", list(LATE))
def test_an_entry_dated_on_or_after_the_day_it_was_published_is_accepted(published, kind):
    add_entry(published, kind, "2014-06-01")

    result = validate_against(published)

    assert result.returncode == 0, result.stdout


def test_an_entry_slipped_between_two_published_ones_is_refused(published):
    edit(published, "  - date: 2014-05-10\n", "  - date: 2014-06-02\n    status: 整改中\n    note: 插进来的一条。\n"
         "  - date: 2014-05-10\n")

    lines = validate_against(published).stdout.splitlines()

    assert any("main 已发布的进展之间不能插入新的一条" in line for line in lines), lines


def test_a_past_day_looks_the_same_after_every_accepted_addition(published):
    """The snapshot of a day before publication is what the public saw that day: adding whatever
    history accepts (every kind of entry, dated from the day of publication on) leaves it as it was."""
    from portal.load.portal import load_portal
    from portal.exports import catalogue

    def snapshot() -> dict[str, bytes]:
        portal = load_portal(published, as_of=dt.date(2014, 5, 20))
        return {d.path: d.content for d in catalogue.downloads(portal)}

    before = snapshot()
    for kind in LATE:
        add_entry(published, kind, "2014-06-01" if kind != "withdrawn" else "2014-06-02")
    (published / "data/rectification/ZG-2014-003.yml").write_text(NEW_ITEM.format(id="ZG-2014-003", first="2014-06-01"),
                                                                  encoding="utf-8")
    assert validate_against(published).returncode == 0
    after = snapshot()

    assert after == before
    latest = load_portal(published, as_of=dt.date(2014, 6, 2)).item_by_id["ZG-2014-002"]
    assert latest.transfers and latest.withdrawn and latest.deadline_changes  # the additions are there, later


NEW_ITEM = """id: {id}
title: 办证要跑多次
description: 群众反映办理生育服务登记要跑多次。
origin:
  kind: 徒步调研
office: fuwu-dating
owner: 服务大厅负责人
received_on: 2014-03-04
deadline: 2014-04-30
measures:
  - 推行一次性告知
updates:
  - date: {first}
    status: 已受理
    note: 重新立项：原事项的受理日期录错了。
sources:
  - 测试日报《测试报道》（2014年）
"""


def test_a_new_item_goes_on_the_ledger_from_the_day_of_publication_whatever_its_received_on(published):
    path = "data/rectification/ZG-2014-003.yml"
    (published / path).write_text(NEW_ITEM.format(id="ZG-2014-003", first="2014-05-20"), encoding="utf-8")

    lines = validate_against(published).stdout.splitlines()

    assert lines[0].startswith(f"{path}:{line_of(published, 'date: 2014-05-20', path=path)}:11  updates[0].date 日期: "
                               "这一条进展的日期 2014-05-20 早于 main 发布的日子（2014-06-01）"), lines[0]
    (published / path).write_text(NEW_ITEM.format(id="ZG-2014-003", first="2014-06-01"), encoding="utf-8")
    assert validate_against(published).returncode == 0  # received 2014-03-04: a baseline may be earlier


# --- item 3: baselines do not move ------------------------------------------------------------------

@pytest.mark.parametrize("field, was, now", [("received_on", "2014-04-01", "2014-03-31"),
                                             ("deadline", "2014-07-31", "2014-09-30"),
                                             ("office", "bangongshi", "fuwu-dating")])
def test_a_correction_may_not_move_a_baseline(valid_tree, field, was, now):
    edit(valid_tree, "sources:\n", f"corrections:\n  - date: 2014-05-12\n    field: {field}\n    was: {was}\n"
         f"    now: {now}\n    reason: 写错了。\nsources:\n")

    lines = run_portal("validate", cwd=valid_tree).stdout.splitlines()

    assert lines[0].startswith(f"{ITEM_FILE}:{line_of(valid_tree, f'field: {field}')}:12  corrections[0].field"), lines[0]
    assert "不能更正" in lines[0] and "replaces: ZG-2014-002" in lines[0] and "withdrawn" in lines[0]
    assert len(lines) == 2


def test_a_transfer_keeps_the_first_office_in_the_figures_and_names_the_new_one(valid_tree):
    from portal.load.portal import load_portal

    edit(valid_tree, "sources:\n", LATE["transfers"][1].format(day="2014-05-12") + "sources:\n")

    item = load_portal(valid_tree, as_of=AS_OF).item_by_id["ZG-2014-002"]

    assert item.office == "bangongshi" and item.current_office == "fuwu-dating"
    assert load_portal(valid_tree, as_of=dt.date(2014, 5, 11)).item_by_id["ZG-2014-002"].current_office == "bangongshi"


def test_a_transfer_to_the_same_office_is_refused(valid_tree):
    edit(valid_tree, "sources:\n", LATE["transfers"][1].format(day="2014-05-12").replace("fuwu-dating", "bangongshi")
         + "sources:\n")

    line = run_portal("validate", cwd=valid_tree).stdout.splitlines()[0]

    assert line.startswith(f"{ITEM_FILE}:{line_of(valid_tree, 'to: bangongshi')}:9  transfers[0].to 接手科室: 接手科室与移交前的责任科室"), line


def test_an_unknown_revision_is_a_usage_error(published):
    result = validate_against(published, "no-such-branch")

    assert result.returncode == 2
    assert "找不到版本“no-such-branch”" in result.stderr and "Traceback" not in result.stderr


def test_last_changed_falls_back_to_the_latest_date_written_outside_git(tmp_path):
    from conftest import copy_valid
    from portal.load.portal import load_portal

    portal = load_portal(copy_valid(tmp_path / "plain"), as_of=AS_OF, source=True)
    item = portal.item_by_id["ZG-2014-002"]

    assert portal.source.commit is None
    assert portal.last_changed(item) == (dt.date(2014, 5, 10), False)


def test_a_snapshot_older_than_the_last_commit_gives_the_latest_date_written_up_to_its_day(published):
    from portal.load.portal import load_portal

    as_it_was = load_portal(published, as_of=dt.date(2014, 5, 20), source=True)  # committed on 2014-06-01
    current = load_portal(published, as_of=AS_OF, source=True)

    assert as_it_was.last_changed(as_it_was.item_by_id["ZG-2014-002"]) == (dt.date(2014, 5, 10), False)
    assert current.last_changed(current.item_by_id["ZG-2014-002"]) == (dt.date(2014, 6, 1), True)


@pytest.mark.slow  # publishes a site
def test_publish_records_its_source_commit_and_refuses_to_rewrite_what_is_live(published, tmp_path):
    import json

    from releasetools import portal

    dest = tmp_path / "srv"
    first = portal("publish", "--dest", str(dest), "--as-of", AS_OF.isoformat(), cwd=published)
    assert first.returncode == 0, first.stderr
    live = (dest / "current").resolve()
    metadata = json.loads((live / "release.json").read_text(encoding="utf-8"))
    assert metadata["source_commit"] == git(published, "rev-parse", "HEAD").strip()
    assert metadata["uncommitted_changes"] is False and metadata["as_of"] == AS_OF.isoformat()
    edit(published, NOTE, "    note: 已制定并公开 AB 角安排表。\n")
    git(published, "commit", "-q", "-am", "rewrite an update")

    second = portal("publish", "--dest", str(dest), "--as-of", AS_OF.isoformat(), cwd=published)

    assert second.returncode == 1
    line = line_of(published, "已制定并公开 AB 角安排表。")
    assert f"{ITEM_FILE}:{line}:11  updates[1].note 进展说明: 这一条进展已在 线上版本 {live.name} 发布，不能改写" in second.stderr
    assert (dest / "current").resolve() == live  # the live site stays as it was


def test_quoting_a_published_date_or_respacing_a_note_is_no_rewrite(published):
    edit(published, "received_on: 2014-04-01", 'received_on: "2014-04-01"')
    edit(published, NOTE, '    note: "已制定 AB 角安排表。 "\n')

    assert validate_against(published).returncode == 0


def test_the_guides_sample_message_is_what_validate_prints_for_that_edit(tmp_path):
    """docs/about/contributing/corrections.md shows a refused rewrite of ZG-2014-011: the very line."""
    from conftest import PROJECT

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "real"
    shutil.copytree(PROJECT / "data", root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "published")
    path = "data/rectification/ZG-2014-011.yml"
    edit(root, "    note: 已与有关部门召开协调会，正在商定信息共享的范围和方式。\n", "    note: 已与有关部门召开协调会。\n", path=path)

    printed = validate_against(root).stdout.splitlines()[0]

    guide = (PROJECT / "docs/about/contributing/corrections.md").read_text(encoding="utf-8")
    assert f"    {printed}\n" in guide, printed


@pytest.mark.slow  # builds a site
def test_a_wrong_baseline_is_a_withdrawal_and_a_new_item_that_replaces_it_both_public(published, tmp_path):
    old = published / "data/rectification/ZG-2014-001.yml"
    text = old.read_text(encoding="utf-8")
    old.write_text(text.replace("sources:\n", "withdrawn:\n  date: 2014-06-02\n  reason: 受理日期录错，另立 ZG-2014-003。\nsources:\n"),
                   encoding="utf-8")
    (published / "data/rectification/ZG-2014-003.yml").write_text(NEW_ITEM.format(id="ZG-2014-003", first="2014-06-02")
                                                                  .replace("owner:", "replaces: ZG-2014-001\nowner:"), encoding="utf-8")

    assert validate_against(published).returncode == 0
    site = tmp_path / "site"
    assert run_portal("build", "--site-dir", str(site), cwd=published).returncode == 0

    def text_of(item_id: str) -> str:
        page = (site / "rectification" / item_id / "index.html").read_text(encoding="utf-8")
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))

    assert "本事项接替 ZG-2014-001 （原事项已撤销，原因见该页）" in text_of("ZG-2014-003")
    assert "由 ZG-2014-003 接替" in text_of("ZG-2014-001") and "受理日期录错" in text_of("ZG-2014-001")
