"""A copy of the real data/ with a hostile payload (tests/fixtures/payloads.txt) in every text field
of every kind of record, found from the models' type hints so that a new text field is covered
without touching the tests."""

from __future__ import annotations

import itertools
import shutil
import typing
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml
from pydantic import BaseModel

from conftest import FIXTURES, PROJECT
from portal.model.kinds import KINDS
from portal.model.records import Rule
from portal.model.types import Role, Text, Url

PAYLOADS_FILE = FIXTURES / "payloads.txt"
MARKDOWN_FIELDS = {(Rule, "body")}
"""Fields rendered as Markdown: each gets every payload at once, as paragraphs and inline."""

HOSTILE_URL = "https://example.org/路径?q={{7*7}}&x=1&amp;y=%22%3E%3Cscript%3Ealert(1)%3C/script%3E#{%raw%}"
"""As hostile as a URL that passes validation can be (quotes, < and > and javascript: cannot)."""


def payloads() -> list[str]:
    lines = PAYLOADS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.replace("⏎", "\n") for line in lines if line.strip() and not line.startswith("# ")]


def _unwrap(hint: Any) -> Any:
    """Optional[X] -> X; other hints unchanged."""
    if typing.get_origin(hint) is typing.Union:
        args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def _replace(value: Any, hint: Any, owner: type[BaseModel], name: str, text: Callable[[], str]) -> Any:
    hint = _unwrap(hint)
    if typing.get_origin(hint) is list and isinstance(value, list):
        (inner,) = typing.get_args(hint)
        return [_replace(v, inner, owner, name, text) for v in value]
    if isinstance(hint, type) and issubclass(hint, BaseModel) and isinstance(value, dict):
        return inject(value, hint, text)
    if (owner, name) in MARKDOWN_FIELDS:
        every = payloads()
        return "\n\n".join(every) + "\n\n正文中间：" + " 和 ".join(every)
    if hint is Text:
        return text()
    if hint is Role:
        return text() + "主任"  # a role must name one; the payload comes first
    if hint is Url and name == "url" and owner.__name__ in ("Evidence", "OnlineChannel", "Licence", "MediaAccount", "Feedback"):
        return HOSTILE_URL
    return value


def inject(data: dict, model: type[BaseModel], text: Callable[[], str]) -> dict:
    """data with every text field of model (and of the models inside it) replaced by text()."""
    hints = typing.get_type_hints(model, include_extras=True)
    return {key: _replace(value, hints.get(key), model, key, text) if key in hints else value
            for key, value in data.items()}


def _files(data: Path) -> Iterator[tuple[Path, type[BaseModel]]]:
    # site.yml first, so that the site's name carries the first payload (tests/test_xss.py)
    for model, pattern in ((kind.model, kind.path) for kind in sorted(KINDS, key=lambda kind: kind.key != "site")):
        for path in sorted(data.glob(pattern.removeprefix("data/"))):
            yield path, model


def hostile_data(dest: Path) -> Path:
    """Write the hostile copy of the real data/ to dest and return dest."""
    shutil.copytree(PROJECT / "data", dest)
    cycle = itertools.cycle(payloads())
    for path, model in _files(dest):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        hostile = inject(data, model, lambda: next(cycle))
        path.write_text(yaml.safe_dump(hostile, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return dest
