"""Corrections of published values: the file keeps what was published, each `corrections` entry says
which field was wrong, what it said (`was`), what it should say (`now`) and why. Applying them gives
the record the public sees; the corrections themselves stay on it, so the old values stay on the record.

Example (data/rectification/ZG-2014-003.yml):
    corrections:
      - date: 2014-06-20
        field: updates[2].date
        was: 2014-06-10
        now: 2014-06-12
        reason: 发放完毕的日期记错了，以社区签收单为准。
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from portal.checks import messages
from portal.china import cn_date
from portal.model.records import DATED_LISTS, DATED_PARTS
from portal.model.types import written_as_text

_STEP = re.compile(r"([a-z_]+)(?:\[([0-9]+)\])?")
NOT_CORRECTABLE = ("id", "corrections")
"""An id never changes once published; corrections are corrected by a later correction of the value."""
BASELINES = {
    "received_on": "受理日期是按期办结率的起点，发布后不能更正",
    "deadline": "最初承诺的整改期限是按期办结率的基准，发布后不能更正；调整期限写在 deadline_changes（调整日期、调整后期限、原因、批准人）",
    "office": "最初承诺整改的责任科室是统计的基准，发布后不能更正；换科室办理写在 transfers（移交日期、接手科室 to、原因、批准人）",
}
"""The baselines an item is measured against: a correction could turn a late item into an on-time one."""
BASELINE_WAY_OUT = ("。如果确实写错了，请写 withdrawn 撤销这个事项并说明原因，另立一个新事项，在新事项里写 replaces: {id}；"
                    "两个事项都保留公开")


def parse(field: str) -> tuple:
    """'updates[1].note' -> ('updates', 1, 'note'), the loc that validation messages use."""
    loc: list = []
    for step in field.split("."):
        match = _STEP.fullmatch(step)
        if match is None:
            return ()
        loc.append(match[1])
        if match[2] is not None:
            loc.append(int(match[2]))
    return tuple(loc)


def _get(data: Any, loc: tuple) -> tuple[bool, Any]:
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return False, None
    return True, data


def _set(data: Any, loc: tuple, value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _typed_like(text: str, current: Any) -> Any:
    """The new value in the type the field holds: the model then checks it as it checks the file."""
    if isinstance(current, bool):
        return {"true": True, "false": False}.get(text, text)
    if isinstance(current, int):
        return int(text) if text.isdigit() else text
    return text  # text, and days, which the model reads from 2014-06-12 written as text


def _dated_entry(record: BaseModel, loc: tuple) -> Any:
    """The dated entry (an update, a deadline change, the verification, ...) that loc lies in, if any:
    a correction cannot be dated before what it corrects was written."""
    if loc[0] in DATED_LISTS and len(loc) > 1:
        return getattr(record, loc[0])[loc[1]]
    if loc[0] in DATED_PARTS:
        return getattr(record, loc[0])
    return None


def apply(record: BaseModel) -> tuple[BaseModel, list[tuple[tuple, str]], dict[tuple, tuple]]:
    """The record with its corrections applied, the problems found in them as (loc, Chinese message),
    and for each corrected field's loc the loc of the `now` that set it (where to point at a problem
    with the corrected value). With problems, the record is returned as it was."""
    corrections = getattr(record, "corrections", ())
    if not corrections:
        return record, [], {}
    data = record.model_dump()
    problems: list[tuple[tuple, str]] = []
    set_by: dict[tuple, tuple] = {}
    previous: dt.date | None = None
    for i, c in enumerate(corrections):
        here = ("corrections", i)
        if previous is not None and c.date < previous:
            problems.append((here + ("date",), f"更正要按日期先后排列：这一条早于上一条（{previous.isoformat()}）；请调整顺序"))
        previous = c.date
        loc = parse(c.field)
        found, current = _get(data, loc) if loc else (False, None)
        if loc and loc[0] in BASELINES and len(loc) == 1:
            problems.append((here + ("field",), BASELINES[loc[0]] + BASELINE_WAY_OUT.format(id=record.id)))
        elif loc and loc[0] in NOT_CORRECTABLE:
            why = "编号发布后不再改变" if loc[0] == "id" else "更正本身写错了，请再写一条更正，更正同一个字段"
            problems.append((here + ("field",), f"“{c.field}”不能更正：{why}"))
        elif not found or current is None:
            problems.append((here + ("field",), f"这个记录里没有“{c.field}”这个字段的值；请照校验信息里的写法写字段位置，"
                             "如 updates[1].note（列表从 0 数起：第一条进展是 updates[0]）"))
        elif isinstance(current, (dict, list)):
            problems.append((here + ("field",), f"“{c.field}”是一组内容；请指明更正其中哪一个字段，如 {c.field}{'[0]' if isinstance(current, list) else '.date'}"))
        elif written_as_text(current) != c.was:
            problems.append((here + ("was",), f"原值要与文件里“{c.field}”现在的值一致，应写“{written_as_text(current)}”"))
        elif c.now == c.was:
            problems.append((here + ("now",), "更正为的值与原值相同；请写更正后的值"))
        else:
            entry = _dated_entry(record, loc)
            if entry is not None and c.date < entry.date:
                what = type(record).model_fields[loc[0]].title
                problems.append((here + ("date",), f"更正日期早于被更正的{what}（{entry.date.isoformat()}）；请核对"))
            _set(data, loc, _typed_like(c.now, current))
            set_by[loc] = here + ("now",)
    if problems:
        return record, problems, {}
    try:
        return type(record).model_validate(data), [], set_by
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            problems.append((set_by.get(loc, loc), messages.explain(error, type(record))))
        return record, problems, {}


def describe(field: str, record: BaseModel) -> str:
    """A corrected field as the public reads it: updates[1].note -> 第 2 条进展（2014年5月10日）的进展说明."""
    loc = parse(field)
    model = type(record)
    words, data, walked = [], record, ()
    for part in loc:
        walked += (part,)
        if isinstance(part, int):
            data = data[part] if isinstance(data, (list, tuple)) and part < len(data) else None
            day = getattr(data, "date", None)
            words[-1] = f"第 {part + 1} 条{words[-1]}" + (f"（{cn_date(day)}）" if isinstance(day, dt.date) else "")
        else:
            data = getattr(data, part, None)
            words.append(messages.label(model, walked) or part)
    return "的".join(words)
