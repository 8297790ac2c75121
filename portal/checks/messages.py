"""Validation errors in plain Chinese: the field's Chinese name, what is wrong, and what to write instead.

Every wording lives in `WORDING`, keyed by the validation library's error type, so that messages can
be reviewed in one place and pinned by the golden fixtures in tests/fixtures/invalid/.
"""

from __future__ import annotations

import math
import re
import typing
from typing import Any

from pydantic import BaseModel

from portal.load.reader import Ambiguous
from portal.model.status import CLOSING_NAMES
from portal.model.types import describe_input

WORDING = {
    "missing": "缺少必填字段；请补上{label}",
    "extra_forbidden": "不认识的字段“{key}”；请检查拼写。这里可以写的字段有：{allowed}",
    "string_type": "这里要写文字。{why}，请给它加上引号：\"{raw}\"",
    "string_too_short": "不能为空；请填写内容，或删除这一行",
    "bool_type": "这里只能写 true（是）或 false（否）{why}",
    "int_type": "这里要写整数，如 3{why}",
    "int_parsing": "这里要写整数，如 3",
    "int_from_float": "这里要写整数，不能有小数",
    "float_type": "这里要写数字，如 10 或 12.5{why}",
    "float_parsing": "这里要写数字，如 10 或 12.5",
    "finite_number": "这里要写具体的金额数字，如 10 或 12.5（.inf、.nan 不是金额）",
    "greater_than_equal": "不能小于 {ge}",
    "literal_error": "“{input}”不是可选的值；只能写：{expected}",
    "list_type": "这里应该是列表：每一项单独一行，以“- ”开头",
    "too_short": "至少要写 {min_length} 项",
    "model_type": "这里应该是“字段: 值”的形式，下一行缩进两个空格写各个字段",
    "model_attributes_type": "这里应该是“字段: 值”的形式，下一行缩进两个空格写各个字段",
    "dict_type": "这里应该是“字段: 值”的形式",
}
# Rules across the fields of a rectification item (portal/checks/kind_rules.py).
FUTURE_DATE = "日期晚于今天，是否写错了年份？请核对；还没发生的事不能写进台账"
REVIEW_TOO_FAR = "下次审核日期离审核日期 {day} 超过 {years} 年；办事指南至少每 {years} 年审核一次（本平台的规则），更远的日期多半是年份写错了"
LATE_ENTRY = ("这一条{what}的日期 {day} 早于 {label} 发布的日子（{published}）：那天以前的台账公众已经看过，不能再往前添加。"
              "请把日期写成今天（录入的日子），在说明里写明事情实际发生在哪一天")
INSERTED_ENTRY = "{label} 已发布的{what}之间不能插入新的一条；新的{what}请加在最后"
OUT_OF_ORDER = "{what}要按日期先后排列：这一条早于上一条（{day}）；请调整顺序"
OVERSIGHT_AS_OWNER = "“{name}”是监督机构（offices.yml 里写了 oversight: true），负责核验，不承担整改；请写责任科室的编号"
REOPENED_AFTER_VERIFICATION = ("这个事项已于 {day} 核验销号，不能再添加进展；问题再次出现时，请新建一条整改事项"
                               "（portal new item），在问题描述里写明与 {id} 的关系；这一条进展若是写错了，请删除")
NOT_CLOSED = f"最近一条进展还不是{CLOSING_NAMES}，不能写{{what}}；请先补上报告办结的进展，或删除{{what}}"
BEFORE_CLOSING = "{what}的日期早于报告“{status}”的进展（{day}）；核验和满意度调查只能在报告办结之后，请核对日期"
VERIFIED_BY_OWNER = "核验单位“{office}”就是本事项的责任科室；办结要由其他科室或监督机构（如督导组）核验，请改写核验单位"
NOBODY_SURVEYED = "调查人数为 0；满意度要写实际调查的人数，没有调查请删除 satisfaction"
MORE_SATISFIED_THAN_SURVEYED = "满意人数 {satisfied} 多于调查人数 {surveyed}；请核对"
CHANGE_AFTER_CLOSING = "期限调整日期晚于报告办结的日期（{day}）；办结后不能再调整期限，请核对"
SAME_DEADLINE = "调整后期限与调整前的期限（{day}）相同；没有调整就不要写这一条"
DEADLINE_BEFORE_CHANGE = "调整后期限早于调整日期 {day}；期限只能调整到调整当天或以后"

FALLBACK = "值不符合要求（{msg}）"
REPLACED = {
    ("Material", "form"): (("original_or_copy", "paper_or_electronic"),
                           "申请材料的“form”已拆分为两个字段：original_or_copy（原件或复印件）和 paper_or_electronic"
                           "（纸质或电子）；请删除 form，改写这两个字段，如 original_or_copy: 原件 和 paper_or_electronic: 纸质"),
}
"""Fields that existed once, by (model, field): the fields that replaced them, and what staff read
instead of "unknown field" (the replacing fields are then not reported missing: one mistake, one message)."""


def without_replaced(errors: list[dict], model: type[BaseModel]) -> list[dict]:
    """The errors, less "missing" for a field that replaced one the file still has (form)."""
    covered = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and loc:
            parent = _parent_model(model, loc[:-1])
            for name in REPLACED.get((parent.__name__ if parent else "", loc[-1]), ((),))[0]:
                covered.add((*loc[:-1], name))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in covered)]
_COLON_SLIP = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:：|:\S| )")  # law：《条例》, law:《条例》, law 《条例》 where a mapping belongs


def _unwrap(annotation: Any) -> type[BaseModel] | None:
    """The model inside list[...], Optional[...] or Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _unwrap(arg)
        if found:
            return found
    return None


def _walk(model: type[BaseModel] | None, loc: tuple):
    """Yield (model, field name) for each named step of loc."""
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        if info is None:
            return
        yield model, part
        model = _unwrap(info.annotation)


def label(model: type[BaseModel] | None, loc: tuple) -> str:
    """The Chinese name of the field at loc, e.g. ('updates', 2, 'date') -> 日期."""
    steps = list(_walk(model, loc))
    if not steps:
        return ""
    owner, name = steps[-1]
    return owner.model_fields[name].title or ""


def _parent_model(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for owner, name in _walk(model, loc):
        current = _unwrap(owner.model_fields[name].annotation)
    return current if loc else model


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def explain(error: dict, model: type[BaseModel], written: str | None = None) -> str:
    """The Chinese message for a pydantic error; `written` is the value as the file has it
    (`+1`, `~`), which the advice quotes rather than what YAML made of it (1, None)."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"])
    if kind == "portal":  # our own validators already speak Chinese
        return error["msg"]
    why = describe_input(value)
    raw = value.raw if isinstance(value, Ambiguous) else (str(value).lower() if isinstance(value, bool) else value)
    if written and isinstance(value, (int, float)) and not isinstance(value, bool):
        raw, why = written, f"“{written}”会被读成数字"  # +1, 1.50: the advice quotes what was written
    if kind == "string_type" and value is None:
        if not written:
            return "这里没有填写内容；请填写文字"
        return f"这里没有填写内容：“{written}”在 YAML 里表示空值；请填写文字（如果“{written}”本身就是要写的内容，请给它加上引号）"
    fields: dict[str, Any] = {"why": ("：" + why) if why and kind != "string_type" else why, "raw": raw, "input": value, **ctx}
    if kind == "missing":
        name = loc[-1] if loc else ""
        title = label(model, loc)
        fields["label"] = f"“{name}”（{title}）" if title else f"“{name}”"
    elif kind == "extra_forbidden":
        parent = _parent_model(model, loc[:-1])
        if parent and (parent.__name__, loc[-1]) in REPLACED:
            return REPLACED[(parent.__name__, loc[-1])][1]
        fields["key"] = loc[-1]
        fields["allowed"] = "、".join(parent.model_fields) if parent else ""
    elif kind == "literal_error":
        fields["expected"] = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ").replace(", ", "、")
    elif kind == "string_type" and not why:
        fields["why"] = "这个值不是文字"
    elif kind in ("int_type", "float_type") and isinstance(value, str) and written is None and _number(value) is not None:
        if not math.isfinite(_number(value)):
            return WORDING["finite_number"]
        fields["why"] = f"：“{value}”加了引号，是文字；请写不加引号的十进制数字"  # "12", "1e3": quoted, so text
    template = WORDING.get(kind, FALLBACK)
    if kind in ("model_type", "model_attributes_type", "dict_type") and isinstance(value, str) and _COLON_SLIP.match(value):
        template += "。“{input}”像是字段名后面缺少冒号、用了全角冒号“：”或冒号后面少了空格：请写成“字段名: 值”"
    try:
        return template.format(msg=error.get("msg", ""), **fields)
    except (KeyError, IndexError):
        return FALLBACK.format(msg=error.get("msg", ""))

