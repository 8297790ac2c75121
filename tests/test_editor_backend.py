"""`portal editor-backend`: the browser editor's local backend refuses, in Chinese and by field, a save
that `portal validate` would refuse, and passes the rest on to the real decap-server.

Each test sends Decap's own persistEntry request to the backend running in a copy of the project
(decap-server's file mode writes the file at once), then reads the file on disk.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from portal.model.records import DATED_LISTS
from portal.publish import proposed
from portal.model.asof import today_in_china
from portal.publish import editor_backend
from test_editor import NODE, _copy_project, _free_port, _installed

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

TODAY = today_in_china().isoformat()
ITEM = "data/rectification/ZG-2014-011.yml"  # open: a new update may follow


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    """(project root, backend address): the backend in file mode, the copy's commit as published base."""
    _installed()
    root = _copy_project(tmp_path_factory.mktemp("backend") / "project")
    port = _free_port()
    with editor_backend.serving(root, port, "fs", against="HEAD", log_path=root.parent / "decap.log"):
        yield root, f"http://127.0.0.1:{port}/api/v1"


def _post(url: str, action: str, params: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps({"action": action, "params": params}).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def _save(url: str, path: str, raw: str) -> tuple[int, dict]:
    return _post(url, "persistEntry", {
        "branch": "main", "entry": {"slug": Path(path).stem, "path": path, "raw": raw}, "assets": [],
        "options": {"commitMessage": "修改", "useWorkflow": False, "status": "draft"}})


def _restore(root: Path) -> None:
    subprocess.run(["git", "checkout", "--", "data"], cwd=root, check=True)


def _appended(text: str, lines: list[str]) -> str:
    rows = text.split("\n")
    start = rows.index("updates:")
    end = next(n for n in range(start + 1, len(rows)) if rows[n] and not rows[n].startswith((" ", "-")))
    return "\n".join(rows[:end] + lines + rows[end:])


BAD = {
    # what staff typed -> (the field the refusal names, words of its message)
    "a mobile number in a note": ([f"  - date: {TODAY}", "    status: 整改中", "    note: 请联系 13912345678 了解进度"],
                                  "updates[", "手机"),
    "已完成 without a note": ([f"  - date: {TODAY}", "    status: 已完成"], "updates[", "进展说明"),
    "a date after today": (["  - date: 2099-09-01", "    status: 整改中", "    note: 还在整改"], "updates[", "晚于今天"),
    "a date that is no day": (["  - date: 2014-02-30", "    status: 整改中", "    note: 还在整改"], "updates[", "不是真实存在的日期"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_save_the_validator_refuses_is_not_written(backend, case):
    root, url = backend
    lines, field, words = BAD[case]
    before = (root / ITEM).read_text(encoding="utf-8")
    status, answer = _save(url, ITEM, _appended(before, lines))
    assert status == 422
    assert (root / ITEM).read_text(encoding="utf-8") == before  # nothing written
    assert answer["error"].startswith("没有保存")
    assert any(p["field"].startswith(field) and words in p["message"] for p in answer["problems"]), answer["error"]
    assert words in answer["error"]  # the notice Decap shows says it too


def test_changing_or_removing_a_published_update_is_refused_with_the_way_to_correct_it(backend):
    root, url = backend
    before = (root / ITEM).read_text(encoding="utf-8")
    changed = before.replace("    status: 已受理", "    status: 整改中", 1)  # the first, published update
    assert changed != before
    status, answer = _save(url, ITEM, changed)
    assert status == 422 and (root / ITEM).read_text(encoding="utf-8") == before
    assert any(p["field"].startswith("updates[0]") and "已在 HEAD 发布" in p["message"] and "corrections" in p["message"]
               for p in answer["problems"]), answer["problems"]


def test_a_valid_save_is_written_and_a_data_file_is_never_deleted(backend):
    root, url = backend
    before = (root / ITEM).read_text(encoding="utf-8")
    # Dated today: the base was published today, and an entry dated before that is a late one.
    text = _appended(before, [f"  - date: {TODAY}", "    status: 整改中", "    note: 已制定整改方案"])
    try:
        status, answer = _save(url, ITEM, text)
        assert status == 200, answer
        assert (root / ITEM).read_text(encoding="utf-8") == text
        status, answer = _post(url, "deleteFile", {"branch": "main", "path": ITEM, "options": {"commitMessage": "删除"}})
        assert status == 422 and "不能删除" in answer["error"] and (root / ITEM).is_file()
    finally:
        _restore(root)


def test_saving_one_entry_under_another_entrys_file_is_refused(backend):
    """Moving between entries by the address once wrote one entry's form into another's file: the id
    must be the file's name, so such a save is refused whichever entries are involved."""
    root, url = backend
    other = "data/rectification/ZG-2014-003.yml"
    before = (root / other).read_text(encoding="utf-8")
    status, answer = _save(url, other, (root / ITEM).read_text(encoding="utf-8"))
    assert status == 422 and (root / other).read_text(encoding="utf-8") == before
    assert any(p["field"] == "id" for p in answer["problems"])


def test_only_files_under_data_can_be_written(backend):
    root, url = backend
    status, answer = _save(url, "mkdocs.yml", "site_name: x\n")
    assert status == 422 and "data/" in answer["error"]
    assert "site_name: x" not in (root / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_published_base_is_the_upstream_branch(tmp_path):
    root = _copy_project(tmp_path / "project")
    assert proposed.published_base(root) is None  # a copy that came from nowhere
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)
    assert proposed.published_base(clone) == "origin/main"
    assert proposed.published_base(clone, "v1") == "v1"
    shutil.rmtree(clone)


def test_the_entries_the_form_locks_are_those_of_the_published_base(backend):
    """The form shows locked what the save check protects: the entries of each dated list at the base,
    not the entries the file has now (an update added since, not yet published, stays editable)."""
    root, url = backend
    before = (root / ITEM).read_text(encoding="utf-8")
    published = {name: len(yaml.safe_load(before).get(name) or []) for name in DATED_LISTS}
    try:
        (root / ITEM).write_text(_appended(before, [f"  - date: {TODAY}", "    status: 整改中", "    note: 草稿"]),
                                 encoding="utf-8")
        status, answer = _post(url, "portalPublished", {"path": ITEM})
        assert status == 200 and answer["base"] == "HEAD"
        assert answer["lists"] == published and published["updates"] >= 1
        status, answer = _post(url, "portalPublished", {"path": "data/rectification/ZG-2099-001.yml"})
        assert status == 200 and answer["lists"] == {}  # a new item: nothing published, nothing locked
        status, answer = _post(url, "portalPublished", {"path": "../secrets.yml"})
        assert status == 422 and "data/" in answer["error"]
    finally:
        _restore(root)
