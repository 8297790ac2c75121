"""YAML hazards, hostile or careless: each is one clear error in Chinese, never a crash, never a
hang, and never a page. The golden cases in tests/fixtures/invalid/ pin the wording (test_validate.py);
here each is loaded in a child process that must finish well within two seconds, and one real
build shows that a hazard publishes nothing."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from conftest import AS_OF, INVALID, apply_case, copy_valid, expected_lines
from portal.publish.build import build_site
from portal.load.problems import InvalidData
from portal.load.portal import load_portal
from sitetools import copy_project

HAZARDS = [
    "alias", "alias-bomb", "anchor", "deep-nesting", "file-too-large", "duplicate-key", "bom", "utf16",
    "gbk-encoding", "tab-indentation", "python-tag", "multiple-documents", "empty-file", "top-level-list",
    "unquoted-no-in-text", "unquoted-yes-and-on-in-text", "unquoted-date-in-text", "yes-in-boolean",
    "id-with-path-parts", "id-with-slash", "id-with-lookalike-letter", "item-id-with-fullwidth-digits",
    "infinite-fee-amount",
]
GUARD_SECONDS = 2.0
"""The issue's limit for any hazard; loading takes milliseconds, so this only catches a hang."""


def _load(root: str, pipe) -> None:
    try:
        load_portal(Path(root), as_of=AS_OF)
        pipe.send(("valid", []))
    except InvalidData as exc:
        pipe.send(("invalid", [str(p) for p in exc.problems]))
    except BaseException as exc:  # anything else is a crash staff would see as a traceback
        pipe.send(("crash", [repr(exc)]))


def load_in_child(root: Path) -> tuple[str, list[str]]:
    """load_portal in a forked child that is killed if it has not finished within GUARD_SECONDS."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_load, args=(str(root), send))
    child.start()
    try:
        if not receive.poll(GUARD_SECONDS):
            return "hang", []
        return receive.recv()
    finally:
        child.kill()
        child.join()


def test_every_hazard_has_a_golden_case():
    assert [case for case in HAZARDS if not (INVALID / case / "expected.txt").exists()] == []


@pytest.mark.parametrize("case", HAZARDS)
def test_a_hazard_is_a_clear_error_and_never_a_crash_or_a_hang(case, tmp_path):
    root = apply_case(copy_valid(tmp_path / "site"), case)
    outcome, lines = load_in_child(root)
    assert outcome == "invalid", lines
    assert lines == expected_lines(case)


def test_the_guard_itself_notices_a_hang(tmp_path, monkeypatch):
    """A guard that could not fail would prove nothing: a loader that sleeps is reported as a hang."""
    import time

    monkeypatch.setitem(globals(), "load_portal", lambda *a, **k: time.sleep(60))
    assert load_in_child(copy_valid(tmp_path / "site")) == ("hang", [])


@pytest.mark.parametrize("plain", [".", "-.", "+.", ".e3"])
def test_a_plain_dot_is_text_not_a_crash(plain, tmp_path):
    """YAML's float pattern admits a mantissa without digits; such a value is text, as PyYAML reads it."""
    root = copy_valid(tmp_path / "site")
    item = root / "data/rectification/ZG-2014-002.yml"
    item.write_text(item.read_text(encoding="utf-8").replace("note: 已制定 AB 角安排表。", f"note: {plain}"), encoding="utf-8")
    outcome, lines = load_in_child(root)
    assert (outcome, lines) == ("valid", [])


@pytest.mark.parametrize("amount", ['"inf"', '"-Infinity"', '"nan"'])
def test_a_quoted_infinity_is_no_fee(amount, tmp_path):
    """Quoted, it is text that pydantic would turn into an infinite float: refused all the same."""
    root = copy_valid(tmp_path / "site")
    guide = root / "data/guides/shengyu-fuwu.yml"
    guide.write_text(guide.read_text(encoding="utf-8").replace(
        "  free: true\n", f"  free: false\n  amount: {amount}\n  basis: 物价部门文件\n"), encoding="utf-8")
    assert load_in_child(root) == ("invalid", [
        "data/guides/shengyu-fuwu.yml:40:11  fee.amount 金额（元）: 这里要写具体的金额数字，如 10 或 12.5（.inf、.nan 不是金额）"])


def test_a_hazard_publishes_no_page(tmp_path):
    project = copy_project(tmp_path / "project", data=copy_valid(tmp_path / "valid") / "data")
    apply_case(project, "alias-bomb")
    out = tmp_path / "site"
    assert build_site(project, out, as_of=AS_OF) != 0
    assert not out.exists() or list(out.rglob("*.html")) == []
