"""`portal diff REV`: what the public will see change between a git revision and the working tree,
in the Markdown that a pull request's summary shows."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ITEM_FILE, copy_valid, run_portal

GUIDE_FILE = "data/guides/shengyu-fuwu.yml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The small valid data, committed once; the test then edits the working tree."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    root = copy_valid(tmp_path / "repo")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["init", "-q"], ["add", "data"], ["commit", "-q", "-m", "data"]):
        subprocess.run([git, *command], cwd=root, env=env, check=True)
    return root


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def diff(root: Path, rev: str = "HEAD") -> list[str]:
    result = run_portal("diff", rev, cwd=root)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_unchanged_data_says_nothing_changes(repo):
    lines = diff(repo)
    assert lines[0] == "## 公众将看到的变化"
    assert "公众可见的内容没有变化。" in lines


def test_status_deadline_and_overdue_changes_of_an_item(repo):
    edit(repo, ITEM_FILE, "deadline: 2014-07-31", "deadline: 2014-08-31")
    edit(repo, ITEM_FILE, "    note: 已制定 AB 角安排表。\n",
         "    note: 已制定 AB 角安排表。\n  - date: 2014-08-20\n    status: 已完成\n    note: 值班电话已公开。\n")

    lines = diff(repo)

    at = lines.index("- **ZG-2014-002 办公电话无人接听**（待核验，期限 2014-08-31） `/rectification/ZG-2014-002/`")
    changes = lines[at + 1:at + 5]
    assert changes == [
        "    - 状态：整改中 → 待核验",  # the office's word alone: not closed until someone else verifies it
        "    - 新增进展（2014-08-20，已完成）：值班电话已公开。",
        "    - 整改期限：2014-07-31 → 2014-08-31",
        "    - 不再显示为逾期",  # deadline passed before 2014-12-31 while open; closed now
    ]


def test_new_and_withdrawn_items(repo):
    shutil.copy(repo / ITEM_FILE, repo / "data/rectification/ZG-2014-003.yml")
    edit(repo, "data/rectification/ZG-2014-003.yml", "id: ZG-2014-002", "id: ZG-2014-003")
    edit(repo, "data/rectification/ZG-2014-003.yml", "title: 办公电话无人接听", "title: 窗口午间无人值守")
    edit(repo, "data/rectification/ZG-2014-001.yml", "sources:", "withdrawn:\n  date: 2014-09-01\n  reason: 与 ZG-2014-002 重复。\nsources:")

    lines = diff(repo)

    assert "### 整改事项" in lines
    assert "- 新增 **ZG-2014-003 窗口午间无人值守**（整改中，期限 2014-07-31） `/rectification/ZG-2014-003/`" in lines
    at = lines.index("- **ZG-2014-001 办证要跑多次**（待核验，期限 2014-04-30） `/rectification/ZG-2014-001/`")
    assert lines[at + 1] == "    - **撤销**（2014-09-01）：与 ZG-2014-002 重复。"


def test_changed_guide_facts_fee_time_limit_and_materials(repo):
    edit(repo, GUIDE_FILE, "fee:\n  free: true", "fee:\n  free: false\n  amount: 10\n  basis: 测试收费文件")
    edit(repo, GUIDE_FILE, "promised_days: 5", "promised_days: 3")
    edit(repo, GUIDE_FILE, "    copies: 1\n    required: true\n    template: shengyu-fuwu-dengjibiao.pdf\n",
         "    copies: 2\n    required: true\n    template: shengyu-fuwu-dengjibiao.pdf\n  - name: 户口簿\n"
         "    source: 政府部门核发\n    original_or_copy: 复印件\n    paper_or_electronic: 纸质\n")

    lines = diff(repo)

    at = lines.index("- **生育服务登记** `/guides/shengyu-fuwu/`")
    assert lines[at + 1:at + 5] == [
        "    - 收费：不收费 → 10 元（依据：测试收费文件）",
        "    - 办结时限：承诺 5 个工作日（法定 20 个工作日） → 承诺 3 个工作日（法定 20 个工作日）",
        "    - 新增材料“户口簿”（复印件 1 份，纸质，必需）",
        "    - 材料“居民身份证”：原件 1 份，纸质，必需 → 原件 2 份，纸质，必需",
    ]


def test_a_deleted_record_is_called_out(repo):
    (repo / ITEM_FILE).unlink()

    lines = diff(repo)

    deleted = [line for line in lines if line.startswith("- **删除** **ZG-2014-002")]
    assert len(deleted) == 1 and "`/rectification/ZG-2014-002/` 将不再存在" in deleted[0]
    assert "withdrawn" in deleted[0]


def test_invalid_working_tree_lists_its_problems(repo):
    edit(repo, ITEM_FILE, "deadline: 2014-07-31", "deadline: 2014/7/31")

    result = run_portal("diff", "HEAD", cwd=repo)

    assert result.returncode == 1
    assert f"{ITEM_FILE}:10:11  deadline 整改期限" in result.stderr
    assert result.stdout == ""


def test_an_unknown_revision_is_a_clear_error(repo):
    result = run_portal("diff", "no-such-branch", cwd=repo)

    assert result.returncode == 2
    assert "找不到版本“no-such-branch”" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_new_correction_is_listed_with_the_old_and_new_value_and_its_reason(repo):
    edit(repo, ITEM_FILE, "sources:", "corrections:\n  - date: 2014-05-12\n    field: updates[1].note\n"
         "    was: 已制定 AB 角安排表。\n    now: 已制定并公开 AB 角安排表。\n    reason: 漏写了公开。\nsources:")

    lines = diff(repo)

    assert "    - 新增更正（2014-05-12）：第 2 条进展（2014年5月10日）的进展说明由“已制定 AB 角安排表。”更正为“已制定并公开 AB 角安排表。”，原因：漏写了公开。" in lines
    assert not any("其他改动" in line or "新增进展" in line for line in lines)  # corrected, not new
