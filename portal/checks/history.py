"""Published history is append-only: each rectification item the public has seen is compared, as data,
with the item now, and everything that would rewrite the public record is refused.

What the public saw comes from a git revision (`portal validate --against REV`: a pull request's base)
or from a live release's own open data (`portal publish`, portal/publish/live.py). Either way it is a
`Published`: each item as it was written, and the day it was published.

The comparison is generic: every field of every published item must be unchanged, whatever the
fields are (a field added to the model later is protected without naming it here). The only changes
allowed are new entries at the end of an item's dated lists, dated parts that were not there yet (a
verification, a withdrawal, ...), both dated on or after the day of publication, and new items. A
mistake is fixed with a `corrections` entry, which keeps the old text on the record.

Both sides are compared as written, before corrections are applied, so that a problem is shown on
the line that changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from portal.checks import corrections, messages
from portal.load import git
from portal.load.problems import Problem, field_path
from portal.load.reader import Document, LoadError, decode, parse
from portal.model.records import DATED_LISTS, DATED_PARTS
from portal.model.records import RectificationItem
from portal.model.types import written_as_text

FOLDER = "data/rectification"


class HistoryError(Exception):
    """What the public saw could not be read; the message is what staff read."""


@dataclass(frozen=True)
class Published:
    """What the public saw: each item as written (id -> data, corrections not applied), the first
    day a new entry may be dated (the day it was published), and how messages name it."""

    items: dict[str, dict]
    day: dt.date
    label: str


def _shown(rev: str) -> str:
    return rev[:10] if len(rev) == 40 and all(c in "0123456789abcdef" for c in rev) else rev


def published_at(root: Path, rev: str) -> Published:
    """The items as written at git revision rev, published on the day rev was committed."""
    try:
        git.commit(root, rev)
        day = git.commit_day(root, rev)
    except git.GitError as exc:
        raise HistoryError(f"找不到版本“{rev}”" + (f"（git：{exc}）" if str(exc) else "") + "；请先 git fetch，或检查版本名") from None
    items = {}
    for name, raw in git.files_at(root, rev, FOLDER).items():
        if not name.endswith(".yml"):
            continue
        try:
            items[name[:-4]] = parse(f"{FOLDER}/{name}", decode(name, raw)).data
        except LoadError:  # not readable at rev, so it was never published
            continue
    return Published(items, day, _shown(rev))


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "，".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, [], False))
    if isinstance(value, list):
        return "；".join(_text(v) for v in value)
    return "（空）" if value is None else str(written_as_text(value))


def _canon(value: Any) -> Any:
    """A value as it reads, whatever its spelling: 2014-06-12 quoted or not, a text's outer spaces."""
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    value = written_as_text(value)
    return value.strip() if isinstance(value, str) else value


def as_data(raw: Any, model: type[BaseModel] = RectificationItem) -> Any:
    """An item as plain data with every field the model has (defaults filled in), so that a field
    left out and the same field written with its default read alike; None if the model cannot read it."""
    try:
        return _canon(model.model_validate(raw).model_dump(mode="json"))
    except ValidationError:
        return None


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _differences(old: Any, new: Any, loc: tuple) -> list[tuple[tuple, Any, Any]]:
    """(loc, published value, value now) of every value that differs; a value taken out is None now."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [found for key in old for found in _differences(old[key], new.get(key), loc + (key,))]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [found for i, (a, b) in enumerate(zip(old, new)) for found in _differences(a, b, loc + (i,))]
    return [] if old == new else [(loc, old, new)]


def _correction_hint(loc: tuple, was: Any, item_id: str = "") -> str:
    if len(loc) == 1 and loc[0] in corrections.BASELINES:  # not correctable: the way out instead
        return corrections.BASELINES[loc[0]] + corrections.BASELINE_WAY_OUT.format(id=item_id or "原事项编号")
    if isinstance(was, (dict, list)) or was is None:
        return "如确有错误，请在 corrections 里逐个字段写更正（date、field、was、now、reason），更正会公开显示，原文保留"
    return (f"如确有错误，请在 corrections 里加一条更正：field: {field_path(loc)}，was: {_text(was)}，now: 正确的值，"
            "并写 date（更正日期）和 reason（更正原因）；更正会公开显示，原文保留")


def _title(model: type[BaseModel], name: str) -> str:
    return model.model_fields[name].title or name if name in model.model_fields else name


class _Comparison:
    """The problems found comparing one published item with the same item now."""

    def __init__(self, doc: Document | None, item_id: str, published: Published, model: type[BaseModel]):
        self.doc, self.item_id, self.published, self.model = doc, item_id, published, model
        self.problems: list[Problem] = []

    def problem(self, loc: tuple, message: str, key: bool = False) -> None:
        # a value taken out is shown at the mapping that held it; without a file (published data), no line
        line, column = self.doc.position(loc, key) if self.doc is not None else (0, 0)
        path = self.doc.path if self.doc is not None else self.item_id
        self.problems.append(Problem(path, line, column, field_path(loc), messages.label(self.model, loc), message))

    def rewritten(self, loc: tuple, was: Any, now: Any, what: str) -> None:
        if now is None and was is not None:  # taken out: shown at the mapping that held it
            self.problem(loc, f"{what}已在 {self.published.label} 发布（{_text(was)}），不能删除；请把它恢复。"
                         + _correction_hint(loc, was, self.item_id), key=True)
            return
        shown = "没有填写" if was is None else f"是“{_text(was)}”"
        more = "，新的情况请另加一条。" if loc[0] in DATED_LISTS else "。"
        self.problem(loc, f"{what}已在 {self.published.label} 发布，不能改写：发布时{shown}。请改回原样{more}"
                     + _correction_hint(loc, was, self.item_id))

    def late(self, loc: tuple, what: str, day: Any) -> None:
        """A new dated entry must not be dated before the day of publication: it would change what
        the ledger showed on an earlier day, which the public has already seen."""
        if isinstance(day, str) and day < self.published.day.isoformat():
            self.problem(loc + ("date",), messages.LATE_ENTRY.format(
                what=what, day=day, label=self.published.label, published=self.published.day.isoformat()))

    def field(self, name: str, old: Any, new: Any) -> None:
        what = _title(self.model, name)
        if name in DATED_LISTS and isinstance(old, list):
            self.entries(name, old, new if isinstance(new, list) else [], what)
        elif name in DATED_PARTS and old is None:
            if isinstance(new, dict):
                self.late((name,), what, new.get("date"))
        else:
            for loc, was, now in _differences(old, new, (name,)):
                self.rewritten(loc, was, now, what)

    def entries(self, name: str, before: list, after: list, what: str) -> None:
        """The published entries stay, unchanged and in their order; new ones go after them."""
        matcher = difflib.SequenceMatcher(None, [_key(e) for e in before], [_key(e) for e in after], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for k in range(paired):
                for loc, was, now in _differences(before[i1 + k], after[j1 + k], (name, j1 + k)):
                    self.rewritten(loc, was, now, f"这一条{what}")
            for k in range(i1 + paired, i2):
                entry = before[k]
                summary = _text({key: entry[key] for key in list(entry)[:2]}) if isinstance(entry, dict) else _text(entry)
                self.problem((name,), f"已在 {self.published.label} 发布的第 {k + 1} 条{what}（{summary}）被删除了；"
                             f"已发布的{what}不能删除，请把它恢复。" + _correction_hint((name, k), entry), key=True)
            for j in range(j1 + paired, j2):  # new entries: after the published ones, or slipped between them
                if i2 == len(before):
                    self.late((name, j), what, after[j].get("date") if isinstance(after[j], dict) else None)
                else:
                    self.problem((name, j), messages.INSERTED_ENTRY.format(what=what, label=self.published.label), key=True)


def compare(doc: Document, published_item: Any, published: Published,
            model: type[BaseModel] = RectificationItem) -> list[Problem]:
    """Every way the item in doc rewrites published_item (as written then), as problems at doc's lines."""
    item_id = str(doc.data.get("id", "")) if isinstance(doc.data, dict) else ""
    return _compare(_Comparison(doc, item_id, published, model), published_item, doc.data, model)


def compare_data(item_id: str, published_item: Any, item: Any, published: Published,
                 model: type[BaseModel] = RectificationItem) -> list[Problem]:
    """As compare, for an item known only as data (a later release's open data): problems without lines."""
    return _compare(_Comparison(None, item_id, published, model), published_item, item, model)


def _compare(comparison: _Comparison, published_item: Any, item: Any, model: type[BaseModel]) -> list[Problem]:
    old, new = as_data(published_item, model), as_data(item, model)
    if old is None or new is None:  # one side does not meet today's model: compare them as written
        old, new = _canon(published_item), _canon(item)
    if isinstance(old, dict) and isinstance(new, dict):
        for name in old:
            comparison.field(name, old[name], new.get(name))
    return comparison.problems


def check(published: Published, written: dict[str, Document], names_now: set[str]) -> list[Problem]:
    """Every rewrite of the published items, as problems; `written` is each item file as read now
    (path -> Document), `names_now` the item file names (ids) now, valid or not."""
    problems = []
    for name, old in sorted(published.items.items()):
        path = f"{FOLDER}/{name}.yml"
        if name not in names_now:
            problems.append(Problem(path, 1, 1, "", "", f"这个整改事项已在 {published.label} 发布，不能删除文件，公开的编号和页面要一直保留；"
                                    "请恢复这个文件。要停止公开，请在文件里写 withdrawn（date: 撤销日期，reason: 撤销原因），"
                                    "页面会保留并说明撤销原因"))
            continue
        doc = written.get(path)
        if doc is None:  # the file does not load now: its own problem is reported already
            continue
        problems += compare(doc, old, published)
    for path, doc in sorted(written.items()):  # a new item goes on the ledger from its first update on
        if Path(path).stem not in published.items:
            problems += _new_item(doc, published)
    return problems


def _new_item(doc: Document, published: Published) -> list[Problem]:
    """A new item must not appear on a ledger the public has already seen: its first update is dated
    on or after the day of publication. Its received_on may be earlier (a baseline, e.g. of an item
    that replaces one withdrawn for a wrong date)."""
    updates = doc.data.get("updates") if isinstance(doc.data, dict) else None
    if not isinstance(updates, list) or not updates or not isinstance(updates[0], dict):
        return []
    comparison = _Comparison(doc, str(doc.data.get("id", "")), published, RectificationItem)
    comparison.late(("updates", 0), "进展", _canon(updates[0].get("date")))
    return comparison.problems
