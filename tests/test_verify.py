"""The chain of releases (portal/publish/release_chain.py) and `portal verify` (portal/publish/verify.py): two
real releases, a supervisor's saved manifest, and sites changed after the fact, served by a real nginx."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import ITEM_FILE
from releasetools import nginx, portal, small_project

pytestmark = pytest.mark.slow  # publishes sites

NOTE = "    note: 已制定 AB 角安排表。\n"
ADDED = "  - date: 2014-12-21\n    status: 已完成\n    note: 值班电话已公开，AB 角安排表上墙。\n"
CORRECTION = """corrections:
  - date: 2014-12-21
    field: updates[0].note
    was: 已登记，进入整改台账。
    now: 已登记，列入整改台账。
    reason: 用词与台账原件不一致。
"""


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """Two releases of the small project: the first (as of 2014-12-20) and one that adds an update and
    a correction (as of 2014-12-21); the first release's manifest, as a supervisor saved it."""
    base = tmp_path_factory.mktemp("verify")
    project, dest = small_project(base / "project"), base / "srv"
    assert portal("publish", "--dest", str(dest), "--as-of", "2014-12-20", cwd=project).returncode == 0
    saved = base / "manifest-2014-12-20.json"
    shutil.copyfile(dest / "current" / "opendata" / "manifest.json", saved)
    item = project / ITEM_FILE
    item.write_text(item.read_text(encoding="utf-8").replace(NOTE, NOTE + ADDED).replace("sources:\n", CORRECTION + "sources:\n"),
                    encoding="utf-8")
    second = portal("publish", "--dest", str(dest), "--as-of", "2014-12-21", cwd=project)
    assert second.returncode == 0, second.stderr
    return dest, saved, base


def test_each_manifest_records_the_previous_one_and_releases_json_lists_both(releases):
    dest, saved, _ = releases
    opendata = dest / "current" / "opendata"
    manifest = json.loads((opendata / "manifest.json").read_text(encoding="utf-8"))
    listed = json.loads((opendata / "releases.json").read_text(encoding="utf-8"))["releases"]

    first = hashlib.sha256(saved.read_bytes()).hexdigest()
    assert manifest["previous_manifest_sha256"] == first
    assert [r["as_of"] for r in listed] == ["2014-12-20", "2014-12-21"]
    assert listed[0]["manifest_sha256"] == first and listed[0]["previous_manifest_sha256"] is None
    assert listed[1]["previous_manifest_sha256"] == first
    assert listed[1]["manifest_sha256"] == hashlib.sha256((opendata / "manifest.json").read_bytes()).hexdigest()
    assert all(r["built_at"] and "source_commit" in r for r in listed)


def test_verify_over_http_lists_what_the_ledger_added_since_a_saved_manifest(releases, tmp_path):
    dest, saved, _ = releases
    with nginx(dest, tmp_path / "nginx") as url:
        result = portal("verify", url + "/", "--since", str(saved), cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "  ZG-2014-002 新增进展：2014-12-21 已完成，值班电话已公开，AB 角安排表上墙。" in lines
    assert "  ZG-2014-002 新增更正记录：2014-12-21 updates[0].note，用词与台账原件不一致。" in lines
    assert lines[-1].startswith("核对通过")


def _doctored_copy(dest: Path, tmp_path: Path) -> Path:
    """A copy of the live site whose ledger rewrote a published update, with the manifest and the
    chain made up again to match: what someone with the server in hand could do."""
    site = tmp_path / "doctored"
    shutil.copytree(dest / "current", site)
    ledger = site / "opendata" / "rectification.json"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("已制定 AB 角安排表。", "已制定并公开 AB 角安排表。"), encoding="utf-8")
    manifest_file = site / "opendata" / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        content = (site / entry["path"]).read_bytes()
        entry["bytes"], entry["sha256"] = len(content), hashlib.sha256(content).hexdigest()
    manifest_file.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    releases_file = site / "opendata" / "releases.json"
    chain = json.loads(releases_file.read_text(encoding="utf-8"))
    chain["releases"][-1]["manifest_sha256"] = hashlib.sha256(manifest_file.read_bytes()).hexdigest()
    releases_file.write_text(json.dumps(chain, ensure_ascii=False), encoding="utf-8")
    return site


def test_a_rewritten_entry_is_found_even_when_manifest_and_chain_were_made_up_again(releases, tmp_path):
    dest, saved, _ = releases
    site = _doctored_copy(dest, tmp_path)

    result = portal("verify", str(site), "--since", str(saved), cwd=tmp_path)

    assert result.returncode == 1, result.stdout
    assert "问题：已发布的内容被删除或改写：ZG-2014-002 updates[1].note（进展说明）" in result.stdout
    assert "核对未通过" in result.stdout.splitlines()[-1]


def test_a_file_changed_after_publishing_or_a_foreign_manifest_fails(releases, tmp_path):
    dest, saved, _ = releases
    site = tmp_path / "copy"
    shutil.copytree(dest / "current", site)
    csv = site / "opendata" / "rectification.csv"
    csv.write_bytes(csv.read_bytes() + "ZG-2014-099,一行后加的\r\n".encode())
    foreign = tmp_path / "foreign.json"
    foreign.write_text(saved.read_text(encoding="utf-8").replace("2014-12-20", "2014-12-19"), encoding="utf-8")

    changed = portal("verify", str(site), cwd=tmp_path)
    not_ours = portal("verify", str(dest / "current"), "--since", str(foreign), cwd=tmp_path)

    assert changed.returncode == 1 and "问题：opendata/rectification.csv：与清单里的大小或 SHA-256 不符" in changed.stdout
    assert not_ours.returncode == 1 and "不在这个网站的发布记录里" in not_ours.stdout


def test_a_site_without_a_chain_cannot_be_verified(tmp_path):
    result = portal("verify", str(tmp_path), cwd=tmp_path)

    assert result.returncode == 2
    assert "无法核对：找不到" in result.stderr and "manifest.json" in result.stderr
