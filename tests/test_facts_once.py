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
