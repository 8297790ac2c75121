"""Published history is append-only: `portal validate --against REV` compares each rectification item
with the same file at REV (a git revision: a pull request's base, the live release's source commit)
and refuses what would rewrite the public record. A mistake is fixed with a `corrections` entry, an
item that should no longer be public with `withdrawn`; both keep the old text on the record.

Both sides are compared as written (the one reader, portal/load/reader.py), before corrections are
applied, so that a problem is shown on the line that changed.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.checks import messages
from portal.load import git
from portal.load.problems import Problem, field_path
from portal.load.reader import Document, LoadError, decode, parse
from portal.model.records import DATED_LISTS, DATED_PARTS
from portal.model.records import RectificationItem
from portal.model.types import written_as_text

FOLDER = "data/rectification"


@dataclass(frozen=True)
class Kept:
    """A field of an item that stays as it was published: a single value (or group of values), or a
    list whose published entries stay, unchanged and in their order (new ones may be added)."""

    name: str
    listed: bool = False

    @property
    def title(self) -> str:
        return RectificationItem.model_fields[self.name].title or self.name


APPEND_ONLY: tuple[Kept, ...] = (
    Kept("received_on"),
    Kept("deadline"),  # the first promise; a later deadline is a deadline change
    *(Kept(name, listed=True) for name in DATED_LISTS),
    *(Kept(name) for name in DATED_PARTS),
)
"""What a pull request may not take back once it is published: the two dates an item starts with,
and every dated list and part of it (declared once, in portal/model/asof.py)."""


class HistoryError(Exception):
    """The revision could not be read; the message is what staff read."""


def _shown(rev: str) -> str:
    return rev[:10] if len(rev) == 40 and all(c in "0123456789abcdef" for c in rev) else rev


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "，".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "；".join(_text(v) for v in value)
    return str(written_as_text(value))


def _canon(value: Any) -> Any:
    """A value as it reads, whatever its spelling: 2014-06-12 quoted or not, a text's outer spaces."""
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    value = written_as_text(value)
    return value.strip() if isinstance(value, str) else value


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _first_difference(old: Any, new: Any, loc: tuple) -> tuple[tuple, Any]:
    """The loc of the first value that differs inside old and new, and the value published there."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            if key not in new or old[key] != new[key]:
                return _first_difference(old[key], new[key], loc + (key,)) if key in new else (loc + (key,), old[key])
        return loc, old  # only new keys: the entry gained a field
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b:
                return _first_difference(a, b, loc + (i,))
    return loc, old


def _correction_hint(loc: tuple, was: Any) -> str:
    if isinstance(was, (dict, list)):
        return "如确有错误，请在 corrections 里逐个字段写更正（date、field、was、now、reason），更正会公开显示，原文保留"
    return (f"如确有错误，请在 corrections 里加一条更正：field: {field_path(loc)}，was: {_text(was)}，now: 正确的值，"
            "并写 date（更正日期）和 reason（更正原因）；更正会公开显示，原文保留")


def _compare(doc: Document, old: dict, rev: str) -> list[Problem]:
    problems = []
    new, old = _canon(doc.data), _canon(old)

    def problem(loc: tuple, message: str, key: bool = False) -> None:
        line, column = doc.position(loc, key)  # a value taken out is shown at the mapping that held it
        problems.append(Problem(doc.path, line, column, field_path(loc), _label(loc), message))

    for kept in APPEND_ONLY:
        before, after = old.get(kept.name), new.get(kept.name)
        if before is None or before == after:
            continue
        if not kept.listed:
            if after is None:
                problem((kept.name,), f"{kept.title}已在 {rev} 发布（{_text(before)}），不能删除；请把它恢复。"
                        + _correction_hint((kept.name,), before))
            else:
                loc, was = _first_difference(before, after, (kept.name,))
                problem(loc, f"{kept.title}已在 {rev} 发布，不能改写：发布时是“{_text(was)}”。请改回原样。"
                        + _correction_hint(loc, was))
            continue
        after = after if isinstance(after, list) else []
        before = before if isinstance(before, list) else []
        matcher = difflib.SequenceMatcher(None, [_key(e) for e in before], [_key(e) for e in after], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("equal", "insert"):
                continue
            paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for k in range(paired):
                loc, was = _first_difference(before[i1 + k], after[j1 + k], (kept.name, j1 + k))
                problem(loc, f"这一条{kept.title}已在 {rev} 发布，不能改写：发布时是“{_text(was)}”。请改回原样，"
                        "新的情况请另加一条。" + _correction_hint(loc, was))
            for k in range(i1 + paired, i2):
                entry = before[k]
                summary = _text({key: entry[key] for key in list(entry)[:2]}) if isinstance(entry, dict) else _text(entry)
                problem((kept.name,), f"已在 {rev} 发布的第 {k + 1} 条{kept.title}（{summary}）被删除了；已发布的{kept.title}不能删除，"
                        "请把它恢复。" + _correction_hint((kept.name, k), entry), key=True)
    return problems


def _label(loc: tuple) -> str:
    return messages.label(RectificationItem, loc)


def check(root: Path, rev: str, written: dict[str, Document], names_now: set[str]) -> list[Problem]:
    """Every rewrite of the items published at rev, as problems; `written` is each item file as read
    now (path -> Document), `names_now` the item file names (ids) now, valid or not."""
    try:
        git.commit(root, rev)
    except git.GitError as exc:
        raise HistoryError(f"找不到版本“{rev}”" + (f"（git：{exc}）" if str(exc) else "") + "；请先 git fetch，或检查版本名") from None
    shown = _shown(rev)
    problems = []
    for name, raw in sorted(git.files_at(root, rev, FOLDER).items()):
        if not name.endswith(".yml"):
            continue
        path = f"{FOLDER}/{name}"
        if name[:-4] not in names_now:
            problems.append(Problem(path, 1, 1, "", "", f"这个整改事项已在 {shown} 发布，不能删除文件，公开的编号和页面要一直保留；"
                                    "请恢复这个文件。要停止公开，请在文件里写 withdrawn（date: 撤销日期，reason: 撤销原因），"
                                    "页面会保留并说明撤销原因"))
            continue
        doc = written.get(path)
        if doc is None:  # the file does not load now: its own problem is reported already
            continue
        try:
            old = parse(path, decode(path, raw))
        except LoadError:  # not readable at rev, so it was never published
            continue
        problems += _compare(doc, old.data, shown)
    return problems
