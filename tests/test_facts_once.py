"""Each fact of the portal is declared in one place, so changing it there changes the whole site:
the statuses (portal/model/status.py), China's time zone, the file size limit, the file-name rule,
the parts of an item that carry a date."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import PROJECT
from portal.model.status import Status

SOURCES = sorted((PROJECT / "portal").rglob("*.py")) + sorted((PROJECT / "hooks").glob("*.py"))
TEMPLATES = sorted(p for folder in ("portal/render/templates", "portal/scaffold_templates")
                   for p in (PROJECT / folder).rglob("*") if p.is_file())
EXAMPLE_RECORDS = {"portal/render/examples.py"}
"""Writes example records for the validator's guide, as staff would write them in data/."""


def _name(path: Path) -> str:
    return path.relative_to(PROJECT).as_posix()


def _strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string in the code, docstrings left out (they explain, they declare nothing)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    docstrings |= {id(node.value) for node in ast.walk(tree)  # an attribute's docstring, the string after it
                   if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_the_status_names_are_written_only_in_the_status_enum():
    found = [f"{_name(path)}:{line}: {text!r}" for path in SOURCES
             if _name(path) not in EXAMPLE_RECORDS | {"portal/model/status.py"}
             for line, text in _strings(path) if any(status in text for status in Status)]
    for path in TEMPLATES:
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)  # Jinja comments explain
        found += [f"{_name(path)}: {status}" for status in Status if status in text]
        found += [f"{_name(path)}: pt-status--{status.css_class}" for status in Status
                  if f"pt-status--{status.css_class}" in text]
    assert found == []


def test_every_status_has_its_badge_colour_and_closing_is_stated_once():
    css = (PROJECT / "docs/assets/portal.css").read_text(encoding="utf-8")
    assert [s for s in Status if f".pt-status--{s.css_class} " not in css] == []
    assert len({s.css_class for s in Status}) == len(Status)
    assert [s for s in Status if s.closes] == [Status.DONE, Status.ANSWERED]
    assert Status.AWAITING not in Status.reportable()


def _code(path: Path) -> str:
    """The module's code without its comments and strings' prose: what it declares."""
    return "\n".join(line.split("#")[0] for line in path.read_text(encoding="utf-8").splitlines())


def test_china_s_time_zone_is_declared_once():
    zone = re.compile(r"hours\s*=\s*8|ZoneInfo\(|\"Asia/Shanghai\"|\btimezone\(")
    found = [_name(path) for path in SOURCES if zone.search(_code(path))]
    assert found == ["portal/china.py"]


def test_the_file_name_rule_and_size_limit_are_declared_once():
    names = re.compile(r"pdf\|docx|png\|jpg|\[a-z0-9\]\+\(-\[a-z0-9\]\+\)\*\\\.")
    assert [_name(path) for path in SOURCES if names.search(_code(path))] == ["portal/load/files.py"]
    limit = re.compile(r"\b5 MB|Field\(5\b|LIMIT_MB\s*=\s*\d")
    assert [_name(path) for path in SOURCES if limit.search(_code(path))] == ["portal/load/files.py"]


def test_the_dated_parts_of_an_item_come_from_its_fields_without_an_import_cycle():
    from portal.model.records import DATED_LISTS, DATED_PARTS, RectificationItem, _dated_fields, Change, Optional
    from pydantic import Field

    class WithVisits(RectificationItem):  # a new dated list and part, as a future issue would add them
        visits: list[Change] = Field(default_factory=list, title="回访")
        audit: Optional[Change] = Field(None, title="审计")

    assert _dated_fields(WithVisits) == ((*DATED_LISTS, "visits"), (*DATED_PARTS, "audit"))
    assert set(DATED_LISTS) == {"updates", "deadline_changes", "transfers", "corrections"}
    assert set(DATED_PARTS) == {"reply", "verification", "satisfaction", "withdrawn"}
    records = ast.parse((PROJECT / "portal/model/records.py").read_text(encoding="utf-8"))
    assert not [node for node in ast.walk(records) if isinstance(node, ast.ImportFrom) and node.module == "portal.model.asof"]


def test_a_date_is_written_in_chinese_in_one_place():
    written = re.compile(r"month\s*\}\s*月|%m月|\.month\)\s*\+\s*\"月")
    assert [_name(path) for path in SOURCES if written.search(_code(path))] == ["portal/china.py"]
    templates = [_name(path) for path in TEMPLATES if re.search(r"\.month\s*\}\}\s*月", path.read_text(encoding="utf-8"))]
    assert templates == []
