"""`portal publish` checks the new data against what the live release itself published (its open data,
portal/publish/live.py), never against the commit its release.json names: with or without git,
committed or not. A live release that cannot say what it published is refused unless --first-release."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ITEM_FILE
from releasetools import portal, small_project

pytestmark = pytest.mark.slow  # publishes sites

FIRST = "2014-12-20"
NOTE = "    note: 已制定 AB 角安排表。\n"
REWRITTEN = "    note: 已制定并公开 AB 角安排表。\n"
UNCOMMITTED = "  - date: 2014-12-01\n    status: 整改中\n    note: 值班电话已在门口公示。\n"


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def edit(root: Path, old: str, new: str) -> None:
    file = root / ITEM_FILE
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A git project whose live release was published with an update that was never committed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("live")
    project, dest = small_project(base / "project"), base / "srv"
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "published")
    edit(project, NOTE, NOTE + UNCOMMITTED)
    first = portal("publish", "--dest", str(dest), "--as-of", FIRST, cwd=project)
    assert first.returncode == 0, first.stderr
    return project, dest


@pytest.fixture
def project(live):
    """The live fixture's project, its item file put back as it was after each test."""
    root, _ = live
    text = (root / ITEM_FILE).read_text(encoding="utf-8")
    yield root
    (root / ITEM_FILE).write_text(text, encoding="utf-8")


def publish(root: Path, dest: Path, *extra: str) -> subprocess.CompletedProcess:
    return portal("publish", "--dest", str(dest), "--as-of", "2014-12-21", *extra, cwd=root)


def test_an_entry_published_from_uncommitted_files_cannot_disappear(live, project):
    _, dest = live
    live_release = (dest / "current").resolve()
    git(project, "checkout", "--", ITEM_FILE)  # what git says: no third update was ever committed

    result = publish(project, dest)

    assert result.returncode == 1, result.stderr
    assert f"已在 线上版本 {live_release.name} 发布的第 3 条进展（date: 2014-12-01，status: 整改中）被删除了" in result.stderr
    assert (dest / "current").resolve() == live_release


def test_an_edited_release_json_is_not_trusted(live, project):
    _, dest = live
    live_release = (dest / "current").resolve()
    metadata_file = live_release / "release.json"
    original = metadata_file.read_text(encoding="utf-8")
    edit(project, NOTE, REWRITTEN)
    git(project, "commit", "-q", "-am", "rewrite a published update")
    try:  # the release now names the commit with the rewrite: trusting it would compare the rewrite with itself
        metadata_file.write_text(json.dumps({**json.loads(original), "source_commit": git(project, "rev-parse", "HEAD").strip()}),
                                 encoding="utf-8")
        result = publish(project, dest)
    finally:
        metadata_file.write_text(original, encoding="utf-8")
        git(project, "reset", "-q", "--soft", "HEAD~1")

    assert result.returncode == 1, result.stderr
    assert "updates[1].note 进展说明: 这一条进展已在 线上版本" in result.stderr and "发布时是“已制定 AB 角安排表。”" in result.stderr


def test_a_copy_without_git_is_checked_all_the_same(live, project, tmp_path):
    _, dest = live
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".git"))
    (copy / ITEM_FILE).write_text((copy / ITEM_FILE).read_text(encoding="utf-8").replace(NOTE, REWRITTEN), encoding="utf-8")

    result = publish(copy, dest)

    assert result.returncode == 1, result.stderr
    assert "updates[1].note 进展说明: 这一条进展已在 线上版本" in result.stderr


def test_an_entry_dated_before_the_live_as_of_date_is_refused(live, project):
    _, dest = live
    edit(project, UNCOMMITTED, UNCOMMITTED + "  - date: 2014-12-10\n    status: 整改中\n    note: 补记的一条。\n")

    result = publish(project, dest)

    assert result.returncode == 1, result.stderr
    assert f"updates[3].date 日期: 这一条进展的日期 2014-12-10 早于 线上版本" in result.stderr
    assert f"发布的日子（{FIRST}）" in result.stderr


@pytest.mark.parametrize("damage", ["missing", "unreadable", "no-open-data"])
def test_a_live_release_that_cannot_say_what_it_published_is_refused_unless_first_release(live, project, tmp_path, damage):
    _, original = live
    dest = tmp_path / "srv"
    shutil.copytree(original, dest, symlinks=True)  # DIR/current is a relative link: it follows the copy
    release = (dest / "current").resolve()
    if damage == "missing":
        (release / "release.json").unlink()
    elif damage == "unreadable":
        (release / "release.json").write_text("{not json", encoding="utf-8")
    else:
        (release / "opendata" / "rectification.json").unlink()

    refused = publish(project, dest)

    assert refused.returncode == 2, refused.stderr
    assert f"线上版本 {release.name} 的" in refused.stderr and "--first-release" in refused.stderr
    assert (dest / "current").resolve() == release
    if damage == "missing":  # the operator says so: published, and the new release says what it published
        accepted = publish(project, dest, "--first-release")
        assert accepted.returncode == 0, accepted.stderr
        assert (dest / "current").resolve() != release
        assert json.loads(((dest / "current") / "release.json").read_text(encoding="utf-8"))["as_of"] == "2014-12-21"
