"""The data dictionary: every field of every kind, read from the models the validator uses.

`describe(model)` walks a model's fields, recursively, in the order files are written, and says
for each its Chinese name, type, whether it is required, the allowed values and the rule that
checks it. The /about/data/ pages and the browser editor's configuration (portal/render/editor.py)
are both built from this walk, so neither can disagree with `portal validate`. The few checks
that span fields or files live in portal/checks/ (kind_rules.py, file_rules.py, across_records.py); `CHECKS` names them here, references
are declared on the model fields (portal/model/kinds.py), and tests/test_dictionary.py breaks a
record for each to prove the validator does what they say.
"""

from __future__ import annotations

import datetime as dt
import re
import types as pytypes
import typing
from dataclasses import dataclass, field
from typing import Any, Iterator, Literal

from annotated_types import Ge, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from portal.load.files import DEFAULT_LIMIT_MB
from portal.model import urls
from portal.model.kinds import BY_KEY, KINDS, reference
from portal.model.records import (
    Correction,
    DeadlineChange,
    Event,
    Fee,
    Guide,
    Material,
    Office,
    Origin,
    RectificationItem,
    Recurrence,
    Reply,
    Result,
    Rule,
    Satisfaction,
    TimeLimit,
    Transfer,
    Update,
    Verification,
    Withdrawal,
)
from portal.model.status import CLOSING_NAMES, Status
from portal.model.types import Explained

_FILE_CHECK = "须是 data/files/ 里已有的文件（见通用规则）"
_NOT_FUTURE = "不能晚于今天（见通用规则）"

CHECKS: dict[tuple[type[BaseModel], str], str] = {
    (Guide, "id"): "与文件名相同（不含 .yml）",
    (Rule, "id"): "与文件名相同（不含 .yml）",
    (RectificationItem, "id"): "与文件名相同（不含 .yml）",
    (Office, "id"): "不能与其他科室重复",
    (Event, "id"): "不能与其他活动重复",
    (Event, "date"): "日期 date 和定期举行 recurrence 写且只写一个",
    (Guide, "next_review"): "须晚于审核日期 reviewed_on",
    (RectificationItem, "office"): "不能是监督机构（offices.yml 里写了 oversight: true 的，如督导组）；发布后不能改写，也不能更正："
                                   "换科室办理写在 transfers",
    (Transfer, "date"): "各条按日期先后排列；不能早于受理日期；" + _NOT_FUTURE,
    (Transfer, "to"): "须与移交前的责任科室不同，不能是监督机构；按期办结率仍按原责任科室 office 和原定期限 deadline 统计",
    (RectificationItem, "received_on"): _NOT_FUTURE,
    (RectificationItem, "deadline"): "不能早于受理日期 received_on；发布后不再改动，调整期限写在 deadline_changes",
    (Update, "date"): "第一条不能早于受理日期；各条按日期先后排列；" + _NOT_FUTURE,
    (DeadlineChange, "date"): "各条按日期先后排列；不能早于受理日期，不能晚于报告办结的日期；" + _NOT_FUTURE,
    (DeadlineChange, "to"): "须与调整前的期限不同，不能早于调整日期；最后一条的调整后期限就是当前期限，逾期按它计算，按期办结率仍按原定期限 deadline 计算",
    (Verification, "date"): f"最近一条进展须是{CLOSING_NAMES}；核验日期不能早于这条进展；核验销号后不能再加进展"
                            "（问题再次出现时新建整改事项）；" + _NOT_FUTURE,
    (Verification, "by"): f"不能是本事项的责任科室 office：要由其他科室或监督机构核验；不写核验的办结显示为“{Status.AWAITING}”，不算办结",
    (Satisfaction, "date"): f"最近一条进展须是{CLOSING_NAMES}；调查日期不能早于这条进展；" + _NOT_FUTURE,
    (Satisfaction, "surveyed"): "至少为 1；页面显示满意率时总是同时显示调查人数",
    (Satisfaction, "satisfied"): "不能多于调查人数 surveyed",
    (Update, "status"): f"最后一条进展的状态就是事项的当前状态；写{CLOSING_NAMES}时必须写进展说明 note",
    (Recurrence, "ends_on"): "不能早于首次日期 starts_on",
    (Recurrence, "end_time"): "须晚于开始时刻 start_time",
    (TimeLimit, "promised_days"): "不是即办时必须写；不能超过法定时限 legal_days",
    (Fee, "amount"): "收费（free: false）时必须写金额 amount 和收费依据 basis",
    **{key: _FILE_CHECK for key in ((Material, "template"), (Material, "example"), (Result, "sample"))},
    (Correction, "date"): "不早于受理日期和被更正的那一条（进展、期限调整、核验……）；按日期先后排列；" + _NOT_FUTURE,
    (Correction, "field"): "有值的单个字段，写法同校验信息；不能更正 id，也不能更正受理日期 received_on、"
                           "最初的整改期限 deadline 和责任科室 office（写错时撤销原事项，另立新事项并写 replaces）",
    (Correction, "was"): "与文件里现在的值相同，原文不动",
    (Correction, "now"): "与原值不同，符合该字段本身的规则",
    (Withdrawal, "date"): "整改事项的撤销日期不能早于受理日期",
    (Reply, "date"): "不能早于受理日期；" + _NOT_FUTURE + "；数据截至日期早于答复日期时，页面不显示这条答复",
}
"""Checks that look at more than one value (portal/checks/ and the models' validators)."""

GENERAL_RULES = (
    "文件用 UTF-8 编码（不带 BOM），用空格缩进，不用 Tab；一个文件只写一条记录（或一份清单）。",
    "文字的整个值看起来像是/否（no、yes、on、off、True）、数字（3、010、08、1e3、1_000）、日期（2014-04-10、2014-4-9）"
    "或时刻（10:30）时，要用英文双引号括起来，如 \"010\"、\"08:30\"，否则会被当成别的类型，或者各种工具读法不一。",
    "是/否只写小写的 true 或 false，空值只写 null；日期一律写成 2014-04-10（月和日各两位），加不加引号都一样。",
    "字段名和值之间用半角冒号加一个空格（“字段名: 值”），不用全角冒号“：”；注释用半角空格加“#”，"
    "全角空格后面的“#”不算注释，会被当作内容公开。",
    "列表的每一项以“- ”开头，各项的“- ”上下对齐；缩进更深的“- ”会被并进上一项的文字里，校验时会被拒绝。",
    "不认识的字段名会被拒绝；字段名必须与各类文件的字段表里写的英文名完全一致。",
    "任何文字、注释、data/ 下的文件名和 data/files/ 里的文件内容都不能出现居民身份证号码、手机号码、电子邮箱或银行卡号，"
    "无论怎样书写（加空格、横线、点，全角或其他文字的数字，中文数字，+86 前缀）；公务手机号只能写在 data/site.yml 或 "
    "data/offices.yml 的电话字段里，办事指南等的电话字段可以引用它。图片不能带拍摄者或 GPS 位置等元数据。",
    "文字里不能有看不见的控制字符、文字方向控制符（如 U+202E）和非字符（如 U+FFFE）；制表符和换行除外。",
    "不支持 YAML 的锚点（&）、别名（*）和标签（!）。",
    "办事指南提供下载的空白表格、填写样表和结果样本放在 data/files/ 里，发布在网站的 "
    f"/{urls.file('<文件名>')}："
    "文件名只用小写英文字母、"
    "数字和连字符“-”；按文件内容（而不是扩展名）识别，只能是 PDF、DOCX、XLSX、PNG 或 JPEG；每个文件不超过 data/site.yml 的 "
    f"file_limit_mb（默认 {DEFAULT_LIMIT_MB} MB）。",
    "记下已发生的事的日期（整改事项的受理、进展、期限调整、移交、答复、核验、调查、撤销、更正）不能晚于今天（按中国时间，"
    "不是数据截至日期）：晚于今天多半是年份写错了。",
    "已发布的整改事项只增不改：每个字段都不能改写或删除；只能在进展、期限调整、移交、更正的最后加新的一条，"
    "或补上还没有的核验、满意度调查、撤销。新加的一条不能早于上次发布的日子（补记以前的事，日期写录入的日子，"
    "在说明里写实际发生的日期），因为那天以前的台账公众已经看过。",
)
"""Rules every file is checked against, whatever its kind (portal/load/reader.py, portal/load/privacy.py)."""


@dataclass(frozen=True)
class FieldDoc:
    """One field of a model, as staff need to know it."""

    model: type[BaseModel]  # the model the field belongs to
    name: str  # English key, as written in the file
    path: str  # updates[].status
    title: str  # 状态
    description: str
    kind: str  # text, day, flag, count, number, choice, object
    type_name: str  # 日期, 列表（每项：文字）
    rule: str  # how to write it and what the validator checks
    required: bool
    default: Any  # the value when the field is left out (None when required)
    many: bool = False  # a list of values
    min_items: int = 0
    choices: tuple[str, ...] = ()  # the allowed values of a choice
    reference: str | None = None  # offices, rules, guides, rectification, events
    explained: Explained | None = None
    children: tuple["FieldDoc", ...] = field(default=())


def field_order(model: type[BaseModel]) -> list[str]:
    """The order fields are written in a file: a kind's own fields first, then the ones it shares
    with every record (sources, illustrative). The editor writes files in this order too."""
    order: list[str] = []
    for cls in model.__mro__:
        own = cls.__dict__.get("__annotations__", {})  # this class's own, not inherited ones
        order += [name for name in own if name in model.model_fields and name not in order]
    return order


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, pytypes.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _split(annotation: Any, metadata: list) -> tuple[Any, list]:
    """The bare type inside Annotated[...], and every piece of metadata on the way down."""
    metadata = list(metadata)
    while typing.get_origin(annotation) is typing.Annotated:
        metadata += list(annotation.__metadata__)
        annotation = annotation.__origin__
    return annotation, metadata


def _explained(metadata: list) -> Explained | None:
    found = [m for m in metadata if isinstance(m, Explained)]
    return found[-1] if found else None  # the outermost wins: a Role is Text, and more


_PLAIN_KINDS = {dt.date: "day", bool: "flag", int: "count", float: "number", str: "text"}
_NUMBER = Explained("数字", "数字，可以有小数，不加引号", "10")
_CHOICE_RULE = "只能写下列值之一"


def _field(model: type[BaseModel], name: str, info: FieldInfo, prefix: str) -> FieldDoc:
    annotation, metadata = _split(_strip_optional(info.annotation), info.metadata)
    many = typing.get_origin(annotation) is list
    min_items = next((m.min_length for m in metadata if isinstance(m, MinLen)), 0) if many else 0
    if many:
        annotation, metadata = _split(_strip_optional(typing.get_args(annotation)[0]), [])
    path = f"{prefix}{name}{'[]' if many else ''}"
    explained = _explained(metadata)
    choices: tuple[str, ...] = ()
    children: tuple[FieldDoc, ...] = ()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        kind, type_name, rule = "object", "一组字段", "按下面缩进写各个字段"
        children = tuple(describe(annotation, prefix=path + "."))
    elif typing.get_origin(annotation) is Literal:
        kind, choices = "choice", tuple(typing.get_args(annotation))
        type_name, rule = "选项", _CHOICE_RULE
    else:
        kind = _PLAIN_KINDS[annotation]
        if kind == "number":  # plain floats carry no words of their own: say what their bounds say
            floor = next((m.ge for m in metadata if isinstance(m, Ge)), None)
            explained = Explained(_NUMBER.name, (f"不小于 {floor} 的" if floor is not None else "") + _NUMBER.rule,
                                  _NUMBER.example)
        if explained is None:  # a type without words would leave a hole in the dictionary
            raise TypeError(f"{model.__name__}.{name}: its type has no Explained metadata in portal/model/types.py")
        type_name, rule = explained.name, explained.rule
    refers = reference(model, name)
    rules = [rule]
    if refers:
        rules.append(refers.target.rule)
    if (model, name) in CHECKS:
        rules.append(CHECKS[(model, name)])
    if many:
        type_name = f"列表（每项：{type_name}）"
        rules.insert(0, f"每项单独一行，以“- ”开头{f'；至少写 {min_items} 项' if min_items else ''}")
    required = info.is_required()
    default = None if required else info.get_default(call_default_factory=True)
    return FieldDoc(
        model=model, name=name, path=path, title=info.title or name, description=info.description or "",
        kind=kind, type_name=type_name, rule="；".join(r for r in rules if r), required=required,
        default=default, many=many, min_items=min_items, choices=choices,
        reference=refers.target.key if refers else None,
        explained=explained, children=children,
    )


def describe(model: type[BaseModel], prefix: str = "") -> list[FieldDoc]:
    """Every field of model, in file order; nested models' fields are the children."""
    return [_field(model, name, model.model_fields[name], prefix) for name in field_order(model)]


def walk(fields: list[FieldDoc] | tuple[FieldDoc, ...]) -> Iterator[FieldDoc]:
    """Every field and, after it, its nested fields: the rows of the dictionary."""
    for doc in fields:
        yield doc
        yield from walk(doc.children)


def kinds() -> Iterator[tuple[str, str, str, list[FieldDoc]]]:
    """(kind, Chinese name, where its files are, fields) for every kind, in the registry's order."""
    for kind in KINDS:
        yield kind.key, kind.name, kind.path, describe(kind.model)


# --- the /about/data/ pages ---------------------------------------------------------------------

_BARE_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def stays_text(text: str) -> bool:
    """Whether text written without quotes is read back as the same text by every YAML reader:
    it is no yes/no word and starts with a letter or has a Chinese (non-ASCII) character among
    its first eight; numbers, dates and time stamps are ASCII at least that far. The editor's file
    format (portal/render/templates/admin/portal-format.js) quotes by the same rule."""
    if not text or text.lower() in _BARE_WORDS:
        return False
    return (text[0].isascii() and text[0].isalpha()) or not text[:8].isascii()


def as_written(value: Any, kind: str, limit: int = 16) -> str:
    """A value as it would be written in a data file; long text is cut short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if "\n" in text or len(text) > limit:
        text = text.split("\n", 1)[0][:limit] + "……"
    return text if kind == "day" or stays_text(text) else f'"{text}"'


def _records(portal, kind: str) -> list[dict]:
    """Every record of a kind as plain data, shaped like its files."""
    def dump(record) -> dict:
        return record.model_dump(mode="json")

    found = BY_KEY[kind]
    if not found.records:  # one file and no records in it (site.yml, synonyms.yml): the Portal holds it by the kind's key
        document = getattr(portal, found.key)
        return [dump(document)] if document is not None else []
    records = [dump(r) for r in portal.of(found)]
    return [{found.entries: records}] if found.entries else records


def _values_at(data: Any, parts: list[str]) -> Iterator[Any]:
    if not parts:
        yield data
        return
    key, many = parts[0].removesuffix("[]"), parts[0].endswith("[]")
    value = data.get(key) if isinstance(data, dict) else None
    for each in (value or []) if many else [value]:
        if each is not None:
            yield from _values_at(each, parts[1:])


def example(doc: FieldDoc, records: list[dict]) -> str:
    """The first value of this field in the real data, else the type's own example."""
    if doc.kind == "object":
        return ""
    for record in records:
        for value in _values_at(record, doc.path.split(".")):
            return as_written(value, doc.kind)
    if doc.choices:
        return doc.choices[0]
    return doc.explained.example if doc.explained else ""


_FIRST_TYPES = ("文字", "日期", "是/否", "整数", "数字")  # the common ones lead the table


def _type_rows(all_fields: list[FieldDoc]) -> list[Explained]:
    seen: dict[str, Explained] = {}
    for doc in all_fields:
        if doc.explained and doc.explained.name not in seen:
            seen[doc.explained.name] = doc.explained
    first = [seen[name] for name in _FIRST_TYPES if name in seen]
    return first + [t for t in seen.values() if t not in first]


PAGE = "about/data.md"
"""The dictionary's overview, /about/data/: the rules and types every kind shares, and a link to each
kind's own page beside it (`kind_page`). One page per kind keeps each under issue 8's 40 KB, and a
clerk who edits a guide reads the guide's fields only."""


def kind_page(kind: str) -> str:
    """The source path of a kind's page: about/data/guide.md, at /about/data/guide/."""
    return f"about/data/{kind}.md"


# Kinds whose fields take two pages to keep each under issue 8's 40 KB name the top-level field the
# second page (/about/data/<kind>/2/) starts with: Kind.dictionary_split. A guide's fields and their
# parts, with the elements of issue 16 (result, remedy, each material's files), come to 43 KB on one
# page; an item's, with issue 17's deadline changes, verification, satisfaction and corrections, to 41 KB.


def kind_pages(kind: str) -> list[str]:
    """The source paths of every page of a kind's fields, in order."""
    return [kind_page(kind)] + ([f"about/data/{kind}/2.md"] if BY_KEY[kind].dictionary_split else [])


def _parts(kind: str, fields: list[FieldDoc]) -> list[list[FieldDoc]]:
    split = BY_KEY[kind].dictionary_split
    if split is None:
        return [fields]
    at = next(i for i, doc in enumerate(fields) if doc.name == split)
    return [fields[:at], fields[at:]]


def row_page(kind: str, path: str) -> str:
    """The page, under /about/data/, that holds a field's row: "guide/" or "guide/2/"."""
    for number, part in enumerate(_parts(kind, describe(BY_KEY[kind].model)), start=1):
        if any(row_id(kind, doc.path) == row_id(kind, path) for doc in walk(part)):
            return f"{kind}/" if number == 1 else f"{kind}/{number}/"
    return f"{kind}/"


def record_count(portal, kind: str) -> str:
    """How many records of a kind the data holds, as the overview says it: "27 项", "3 个科室和单位"."""
    found = BY_KEY[kind]
    number = len(portal.of(found)) if found.records else int(getattr(portal, found.key) is not None)
    return f"{number} {found.counted.unit}{found.counted.noun}"


def row_id(kind: str, path: str) -> str:
    """The id of a field's row on its kind's page, from a dictionary path (updates[].status) or a
    problem's (updates[2].status): "rectification-updates-status"."""
    return f"{kind}-" + re.sub(r"\[\d*\]", "", path).replace(".", "-").replace("_", "-")


def _front(title: str) -> str:
    return f'---\ntitle: "{title}"\n---\n\n'


def render_pages(portal) -> list[tuple[str, str]]:
    """(source path, Markdown) of the overview and of every kind's page, for a validated Portal
    (offices, counts and examples come from it), in the registry's order after the overview."""
    from portal.render.pages import environment  # the pages' Jinja environment: autoescape, filters

    env = environment()
    sections = []
    every_field: list[FieldDoc] = []
    for kind, name, pattern, fields in kinds():
        records = _records(portal, kind)
        parts = [[(doc, example(doc, records), row_id(kind, doc.path)) for doc in walk(part)] for part in _parts(kind, fields)]
        every_field += [doc for part in parts for doc, _, _ in part]
        sections.append({"kind": kind, "extra": BY_KEY[kind].dictionary_extra, "name": name, "pattern": pattern, "parts": parts,
                         "rows": [row for part in parts for row in part], "count": record_count(portal, kind)})
    overview = env.get_template("dictionary.md.j2").render(
        sections=sections, types=_type_rows(every_field), general=GENERAL_RULES, as_of=portal.as_of,
    )
    pages = [(PAGE, _front("数据字典") + overview)]
    for section in sections:
        for number, (path, rows) in enumerate(zip(kind_pages(section["kind"]), section["parts"], strict=True), start=1):
            body = env.get_template("dictionary_kind.md.j2").render(
                section=section, rows=rows, part=number, parts=len(section["parts"]), up="../" * number,
                sections=sections, offices=portal.offices, as_of=portal.as_of,
            )
            title = section["name"] if number == 1 else f"{section['name']}（续）"
            pages.append((path, _front(f"数据字典：{title}") + body))
    return pages
