"""Review rules: .github/CODEOWNERS sends each data folder to the team data/site.yml names, and the
pull request template asks reviewers for the checks the contributing guide promises."""

from __future__ import annotations

import re
from pathlib import Path

from portal.load.reader import load_file

ROOT = Path(__file__).resolve().parents[1]
CODEOWNERS = ROOT / ".github/CODEOWNERS"
TEMPLATE = ROOT / ".github/pull_request_template.md"


def _reviewers() -> dict[str, str]:
    return load_file(ROOT / "data/site.yml", "data/site.yml").data["reviewers"]


def _rules() -> list[tuple[str, list[str]]]:
    """(pattern, owners) in file order, comments and blank lines left out."""
    rules = []
    for line in CODEOWNERS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def _owners_of(path: str) -> list[str]:
    """Who GitHub asks to review a change to path: the last matching rule wins. Only the folder
    rules this file uses (/folder/) are understood; any other kind fails here, to be taught."""
    owners: list[str] = []
    for pattern, names in _rules():
        assert pattern.startswith("/") and pattern.endswith("/"), f"unexpected CODEOWNERS pattern {pattern}"
        if ("/" + path).startswith(pattern):
            owners = names
    return owners


def test_every_rectification_item_is_reviewed_by_the_rectification_team():
    team = _reviewers()["rectification"]
    paths = sorted(ROOT.glob("data/rectification/*.yml"))
    assert paths
    for path in paths:
        assert _owners_of(path.relative_to(ROOT).as_posix()) == [team], path.name


def test_every_guide_is_reviewed_by_the_guides_team():
    team = _reviewers()["guides"]
    paths = sorted(ROOT.glob("data/guides/*.yml"))
    assert paths
    for path in paths:
        assert _owners_of(path.relative_to(ROOT).as_posix()) == [team], path.name


def test_codeowners_names_no_team_that_site_yml_does_not():
    named = set(_reviewers().values())
    assert {owner for _, owners in _rules() for owner in owners} <= named


def test_pull_request_template_asks_for_the_source_no_personal_data_and_right_dates():
    boxes = re.findall(r"^- \[ \] (.+)$", TEMPLATE.read_text(encoding="utf-8"), flags=re.M)
    assert any("信息来源" in box and "sources" in box for box in boxes), boxes
    assert any("个人信息" in box and "身份证" in box for box in boxes), boxes
    assert any(box.startswith("**日期正确**") for box in boxes), boxes
    assert any("portal validate" in box for box in boxes), boxes
