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
    edit(published, "sources:\n", CORRECTION + "sources:\n")
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
    assert "2014年5月12日 更正第 2 条进展（2014年5月10日）的进展说明" in section
    assert "原为 已制定 AB 角安排表。" in section and "更正为 已制定 AB 角安排表，并在办公室门口公开。" in section
    assert "原说明漏写了安排表的公开方式。" in section
    # Last changed: the day of the file's last commit, and its history in the repository
    assert "最后修改： 2014年6月1日 ·" in text
    assert 'href="https://github.com/example/test-portal/commits/main/data/rectification/ZG-2014-002.yml"' in page
    feed = (site / "feeds" / "changes.atom").read_text(encoding="utf-8")
    entry = feed[feed.index("rectification/ZG-2014-002/corrections/1"):]
    entry = entry[:entry.index("</entry>")]
    assert "<title>整改事项更正：ZG-2014-002 办公电话无人接听</title>" in entry
    assert "<updated>2014-05-12T00:00:00+08:00</updated>" in entry
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
    assert all("corrections" in line for line in lines[:3])  # what to write instead
    assert lines[-1].startswith("共发现 3 个问题")


def test_new_updates_and_corrections_may_be_added_anywhere_in_time(published):
    edit(published, NOTE, NOTE + "  - date: 2014-06-20\n    status: 已完成\n    note: 值班电话已公开。\n")
    edit(published, "sources:\n", CORRECTION + "sources:\n")

    assert validate_against(published).returncode == 0


def test_an_unknown_revision_is_a_usage_error(published):
    result = validate_against(published, "no-such-branch")

    assert result.returncode == 2
    assert "找不到版本“no-such-branch”" in result.stderr and "Traceback" not in result.stderr


def test_last_changed_falls_back_to_the_latest_date_written_outside_git(tmp_path):
    from conftest import copy_valid
    from portal.load.portal import load_portal

    portal = load_portal(copy_valid(tmp_path / "plain"), as_of=dt.date.fromisoformat(AS_OF), source=True)
    item = portal.item_by_id["ZG-2014-002"]

    assert portal.source.commit is None
    assert portal.last_changed(item) == (dt.date(2014, 5, 10), False)


def test_a_snapshot_older_than_the_last_commit_gives_the_latest_date_written_up_to_its_day(published):
    from portal.load.portal import load_portal

    as_it_was = load_portal(published, as_of=dt.date(2014, 5, 20), source=True)  # committed on 2014-06-01
    current = load_portal(published, as_of=dt.date.fromisoformat(AS_OF), source=True)

    assert as_it_was.last_changed(as_it_was.item_by_id["ZG-2014-002"]) == (dt.date(2014, 5, 10), False)
    assert current.last_changed(current.item_by_id["ZG-2014-002"]) == (dt.date(2014, 6, 1), True)


@pytest.mark.slow  # publishes a site
def test_publish_records_its_source_commit_and_refuses_to_rewrite_what_is_live(published, tmp_path):
    import json

    from releasetools import portal

    dest = tmp_path / "srv"
    first = portal("publish", "--dest", str(dest), "--as-of", "2014-12-31", cwd=published)
    assert first.returncode == 0, first.stderr
    live = (dest / "current").resolve()
    metadata = json.loads((live / "release.json").read_text(encoding="utf-8"))
    assert metadata["source_commit"] == git(published, "rev-parse", "HEAD").strip()
    assert metadata["uncommitted_changes"] is False and metadata["as_of"] == "2014-12-31"
    edit(published, NOTE, "    note: 已制定并公开 AB 角安排表。\n")
    git(published, "commit", "-q", "-am", "rewrite an update")

    second = portal("publish", "--dest", str(dest), "--as-of", "2014-12-31", cwd=published)

    assert second.returncode == 1
    line = line_of(published, "已制定并公开 AB 角安排表。")
    assert f"{ITEM_FILE}:{line}:11  updates[1].note 进展说明: 这一条进展已在 {metadata['source_commit'][:10]} 发布，不能改写" in second.stderr
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
