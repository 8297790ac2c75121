"""`portal validate` checks thousands of items on two processors (portal.validate.check_portal):
it must say exactly what one process says, for every golden invalid case and for a large portal
with mistakes in both halves of the ledger."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import AS_OF, apply_case, copy_valid, invalid_cases
from portal import synthetic
from portal.problems import InvalidData
from portal.validate import check_portal, load_portal

DAY = dt.date.fromisoformat(AS_OF)


def one_process(root, as_of):
    try:
        portal = load_portal(root, as_of)
    except InvalidData as exc:
        return exc.problems
    return {"offices": len(portal.offices), "guides": len(portal.guides), "rules": len(portal.rules),
            "events": len(portal.events), "rectification": len(portal.items)}


def two_processes(root, as_of):
    try:
        counts = check_portal(root, as_of, parallel=True)
    except InvalidData as exc:
        return exc.problems
    return {kind: n for kind, n in counts.items() if kind != "site"}


@pytest.mark.parametrize("case", ["(valid)", *invalid_cases()])
def test_two_processes_report_what_one_does(case, tmp_path):
    root = copy_valid(tmp_path / "site")
    if case != "(valid)":
        apply_case(root, case)
    assert two_processes(root, DAY) == one_process(root, DAY)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    made = synthetic.generate(tmp_path_factory.mktemp("large") / "portal", 400, seed=11)
    return made


def test_a_large_valid_portal_counts_every_item_once(large):
    assert two_processes(large.root, large.as_of) == one_process(large.root, large.as_of)
    assert two_processes(large.root, large.as_of)["rectification"] == large.items


def test_mistakes_in_both_halves_of_the_ledger_and_elsewhere_are_all_reported_once(large, tmp_path):
    import shutil
    root = tmp_path / "portal"
    shutil.copytree(large.root, root)
    files = sorted((root / "data" / "rectification").glob("*.yml"))
    for path in (files[3], files[-3]):  # one in each half
        path.write_text(path.read_text(encoding="utf-8").replace("office: ", "office: nowhere-", 1), encoding="utf-8")
    (root / "data" / "rectification" / "notes.txt").write_text("x", encoding="utf-8")
    guide = sorted((root / "data" / "guides").glob("*.yml"))[0]
    guide.write_text(guide.read_text(encoding="utf-8") + "extra_field: 1\n", encoding="utf-8")
    problems = two_processes(root, large.as_of)
    assert problems == one_process(root, large.as_of)
    paths = [p.path for p in problems]
    assert len(paths) == 4 and len(set(paths)) == 4, paths


def test_the_command_forks_for_a_large_ledger_and_prints_the_same_summary(large, monkeypatch, capsys):
    from portal import cli, validate

    forks = []
    real_fork = validate._fork
    monkeypatch.setattr(validate, "PARALLEL_FROM", 100)
    monkeypatch.setattr(validate, "_can_fork", lambda: True)
    monkeypatch.setattr(validate, "_fork", lambda work: forks.append(work) or real_fork(work))
    assert cli.main(["--root", str(large.root), "validate", "--as-of", large.as_of.isoformat()]) == 0
    assert len(forks) == 1
    assert f"整改事项 {large.items} 项" in capsys.readouterr().out
