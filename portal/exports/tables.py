"""The records as flat tables: one column list per CSV file, shared by the CSV writer and the
Data Package that describes it, so a column and its description cannot drift apart.

Column names are English (for programs); their Chinese titles come from the models' field titles,
so staff and downloaders read the same words as in the editor and on the pages.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from pydantic import BaseModel

from portal.model import urls
from portal.model.deadlines import Outcome
from portal.model.kinds import BY_KEY, KINDS, Kind, entry_model, reference
from portal.model.records import (
    Reply,
    Appointment,
    Channels,
    Event,
    Fee,
    Guide,
    ItemType,
    Material,
    OnlineChannel,
    MaterialSource,
    Office,
    Origin,
    OriginalOrCopy,
    PaperOrElectronic,
    RectificationItem,
    Record,
    Recurrence,
    Remedy,
    Result,
    Rule,
    Satisfaction,
    TimeLimit,
    Update,
    Verification,
    Withdrawal,
)
from portal.model.dataset import Portal
from portal.model.status import Status

LIST_SEPARATOR = "；"
"""Lists become one cell joined by the Chinese semicolon: readable in Excel, rare inside the values."""


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    type: str  # a Table Schema type: string, integer, number, boolean, date
    get: Callable[[Any], Any]
    description: str = ""
    constraints: dict = field(default_factory=dict)
    source: tuple[type[BaseModel], str] | None = None  # the model field the column holds as it is
    derived: bool = False  # worked out by the portal, not written in the data file; the JSON adds it after the record


@dataclass(frozen=True)
class Table:
    name: str  # the file is opendata/<name>.csv
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Portal], Iterable[Any]]
    primary_key: tuple[str, ...]
    parent: tuple[str, str, str] | None = None  # (column, table, column there): the row it belongs to

    @property
    def foreign_keys(self) -> tuple[tuple[str, str, str], ...]:
        """(column, table, column there) for the parent and every column holding one referred id,
        as the models declare the reference (portal/model/kinds.py)."""
        keys = [self.parent] if self.parent else []
        for column in self.columns:
            refers = reference(*column.source) if column.source else None
            if refers and not refers.many:
                keys.append((column.name, refers.target.holder.opendata, "id"))
        return tuple(keys)


def _title(model: type[BaseModel], name: str) -> str:
    return model.model_fields[name].title or name


def attr(model: type[BaseModel], name: str, type_: str = "string", **extra) -> Column:
    """A column holding a model field as it is."""
    return Column(name, _title(model, name), type_, lambda record: getattr(record, name), **extra, source=(model, name))


def joined(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _material(m) -> str:
    text = f"{m.name}（{m.source}，{m.original_or_copy}，{m.paper_or_electronic}，{m.copies}份{'' if m.required else '，选交'}）"
    return text + (f"：{m.note}" if m.note else "")


def _file_url(portal: Portal, name: str | None) -> str | None:
    """A file's public address, /files/<name> on the site (portal/load/files.py)."""
    return urls.absolute(portal, urls.file(name)) if name else None


def _recurrence(name: str) -> Callable[[Event], Any]:
    return lambda event: getattr(event.recurrence, name) if event.recurrence else None


def _page() -> Column:
    return Column("url", "页面地址", "string", lambda pair: urls.absolute(pair[0], urls.page(*pair)),
                  "本条记录在网站上的页面", {"required": True}, derived=True)


# Every table's rows are (portal, record) pairs: derived columns need the as-of date and the site.
def _pairs(kind: str) -> Callable[[Portal], Iterable[tuple]]:
    return lambda portal: [(portal, record) for record in portal.of(BY_KEY[kind])]


def _of_record(column: Column) -> Column:
    """The same column, read from the record of a (portal, record) pair."""
    return Column(column.name, column.title, column.type, lambda pair: column.get(pair[1]),
                  column.description, column.constraints, column.source, column.derived)


_ID = {"required": True, "unique": True}
_COMMON = (
    Column("sources", _title(Record, "sources"), "string", lambda r: joined(r.sources), "多条来源以“；”分隔"),
    Column("illustrative", _title(Record, "illustrative"), "boolean", lambda r: r.illustrative,
           "true 表示部分细节为演示而写"),
)
_WITHDRAWN = Column("withdrawn_on", _title(Withdrawal, "date"), "date", lambda r: r.withdrawn.date if r.withdrawn else None,
                    "空白表示未撤销")

OFFICES = Table(
    BY_KEY["offices"].opendata, "科室和单位", "负责办事和整改的科室、单位；其他表的 office 列引用这里的编号。",
    tuple(_of_record(c) for c in (
        attr(Office, "id", constraints=_ID), attr(Office, "name"), attr(Office, "duties"),
        attr(Office, "phone"), attr(Office, "illustrative", "boolean"),
    )),
    _pairs("offices"), ("id",),
)

GUIDES = Table(
    BY_KEY["guide"].opendata, "办事指南", "每个服务事项一行：条件、材料、流程、时限、收费和办理渠道。",
    tuple(_of_record(c) for c in (
        attr(Guide, "id", constraints=_ID), attr(Guide, "title"),
        Column("aliases", _title(Guide, "aliases"), "string", lambda g: joined(g.aliases), "群众口头上的叫法，以“；”分隔"),
        attr(Guide, "code", constraints={"required": True}),
        attr(Guide, "item_type", constraints={"required": True, "enum": list(typing.get_args(ItemType))}),
        attr(Guide, "category"),
        Column("audience", _title(Guide, "audience"), "string", lambda g: joined(g.audience)),
        attr(Guide, "summary"),
        Column("legal_basis", _title(Guide, "legal_basis"), "string",
               lambda g: joined(b.law + (b.article or "") for b in g.legal_basis)),
        attr(Guide, "office"),
        Column("conditions", _title(Guide, "conditions"), "string", lambda g: joined(g.conditions)),
        Column("refusal_grounds", _title(Guide, "refusal_grounds"), "string", lambda g: joined(g.refusal_grounds)),
        Column("materials", _title(Guide, "materials"), "string", lambda g: joined(map(_material, g.materials)),
               "每项写作：名称（来源，原件或复印件，纸质或电子，份数）：说明；明细见 guide-materials.csv"),
        Column("steps", _title(Guide, "steps"), "string",
               lambda g: joined(s.title + ("（可选）" if s.optional else "") for s in g.steps)),
        Column("result_name", _title(Result, "name"), "string", lambda g: g.result.name, constraints={"required": True}),
        Column("result_delivery", _title(Result, "delivery"), "string", lambda g: joined(g.result.delivery),
               "多种方式以“；”分隔"),
        Column("immediate", _title(TimeLimit, "immediate"), "boolean", lambda g: g.time_limit.immediate),
        Column("legal_days", _title(TimeLimit, "legal_days"), "integer", lambda g: g.time_limit.legal_days),
        Column("promised_days", _title(TimeLimit, "promised_days"), "integer", lambda g: g.time_limit.promised_days),
        Column("free", _title(Fee, "free"), "boolean", lambda g: g.fee.free),
        Column("fee_amount", _title(Fee, "amount"), "number", lambda g: g.fee.amount),
        Column("online_url", _title(OnlineChannel, "url"), "string", lambda g: g.channels.online.url if g.channels.online else None),
        Column("window", _title(Channels, "window"), "string",
               lambda g: f"{g.channels.window.name}，{g.channels.window.address}，{g.channels.window.hours}"
               if g.channels.window else None),
        Column("mail", _title(Channels, "mail"), "string",
               lambda g: f"{g.channels.mail.address}：{g.channels.mail.description}" if g.channels.mail else None,
               "收件地址：说明；空白表示不能邮寄办理"),
        Column("appointment", _title(Channels, "appointment"), "string",
               lambda g: g.channels.appointment.description if g.channels.appointment else None,
               "空白表示不设预约"),
        Column("appointment_phone", _title(Appointment, "phone"), "string",
               lambda g: g.channels.appointment.phone if g.channels.appointment else None),
        Column("home_visit", _title(Channels, "home_visit"), "boolean", lambda g: g.channels.home_visit is not None),
        Column("proxy", _title(Channels, "proxy"), "boolean", lambda g: g.channels.proxy is not None),
        attr(Guide, "visits", "integer"), attr(Guide, "consult_phone"), attr(Guide, "complaint_phone"),
        Column("review_body", _title(Remedy, "review_body"), "string", lambda g: g.remedy.review_body if g.remedy else None,
               "空白表示未写救济途径"),
        Column("review_days", _title(Remedy, "review_days"), "integer", lambda g: g.remedy.review_days if g.remedy else None),
        Column("court", _title(Remedy, "court"), "string", lambda g: g.remedy.court if g.remedy else None),
        Column("lawsuit_months", _title(Remedy, "lawsuit_months"), "integer",
               lambda g: g.remedy.lawsuit_months if g.remedy else None),
        attr(Guide, "official_url"),
        Column("related_rules", _title(Guide, "related_rules"), "string", lambda g: joined(g.related_rules)),
        Column("related_items", _title(Guide, "related_items"), "string", lambda g: joined(g.related_items)),
        attr(Guide, "reviewed_on", "date"), attr(Guide, "next_review", "date"), _WITHDRAWN, *_COMMON,
    )) + (
        Column("review_overdue", "超过审核日期", "boolean", lambda p: p[1].review_overdue(p[0].as_of),
               "按数据截至日期计算：下次审核日期已过", derived=True),
        Column("result_sample", _title(Result, "sample"), "string", lambda p: _file_url(p[0], p[1].result.sample),
               "结果样本文件的网址；空白表示没有"),
        _page(),
    ),
    _pairs("guide"), ("id",),
)

RULES = Table(
    BY_KEY["rule"].opendata, "工作制度", "每项制度一行，正文为 Markdown。",
    tuple(_of_record(c) for c in (
        attr(Rule, "id", constraints=_ID), attr(Rule, "title"), attr(Rule, "summary"), attr(Rule, "body"),
        attr(Rule, "effective_on", "date"), attr(Rule, "applies_to"), attr(Rule, "office"),
        Column("related_guides", _title(Rule, "related_guides"), "string", lambda r: joined(r.related_guides)),
        _WITHDRAWN, *_COMMON,
    )) + (_page(),),
    _pairs("rule"), ("id",),
)

TIMELINE = Table(
    BY_KEY["timeline"].opendata, "活动时间轴", "每项活动一行；一次性活动写 date，每周定期活动写 weekday 至 ends_on。",
    tuple(_of_record(c) for c in (
        attr(Event, "id", constraints=_ID), attr(Event, "title"), attr(Event, "kind"), attr(Event, "date", "date"),
        Column("weekday", _title(Recurrence, "weekday"), "string", _recurrence("weekday")),
        Column("start_time", _title(Recurrence, "start_time"), "string", _recurrence("start_time"), "24 小时制，如 08:30"),
        Column("end_time", _title(Recurrence, "end_time"), "string", _recurrence("end_time")),
        Column("starts_on", _title(Recurrence, "starts_on"), "date", _recurrence("starts_on")),
        Column("ends_on", _title(Recurrence, "ends_on"), "date", _recurrence("ends_on")),
        attr(Event, "place"), attr(Event, "led_by"), attr(Event, "participants"), attr(Event, "summary"),
        Column("figures", _title(Event, "figures"), "string",
               lambda e: joined(f"{f.label}：{f.value}{f.unit}" for f in e.figures)),
        *_COMMON,
    )) + (_page(),),
    _pairs("timeline"), ("id",),
)

RECTIFICATION = Table(
    BY_KEY["rectification"].opendata, "整改台账", "每个整改事项一行；状态和是否逾期由进展记录和数据截至日期得出。",
    tuple(_of_record(c) for c in (
        attr(RectificationItem, "id", constraints=_ID), attr(RectificationItem, "title"),
        attr(RectificationItem, "description"),
        Column("origin_kind", _title(Origin, "kind"), "string", lambda i: i.origin.kind),
        Column("origin_event", _title(Origin, "event"), "string", lambda i: i.origin.event, "timeline.csv 里的活动编号",
               source=(Origin, "event")),
        Column("origin_group", _title(Origin, "group"), "string", lambda i: i.origin.group),
        Column("origin_place", _title(Origin, "place"), "string", lambda i: i.origin.place),
        attr(RectificationItem, "office"), attr(RectificationItem, "owner"),
        attr(RectificationItem, "received_on", "date"),
        attr(RectificationItem, "deadline", "date", description="最初承诺的期限（原定期限），按期办结率按它计算"),
        Column("current_deadline", "当前期限", "date", lambda i: i.current_deadline,
               "最后一次期限调整后的期限；没有调整时与 deadline 相同。逾期按它计算", {"required": True}, derived=True),
        Column("deadline_changes", _title(RectificationItem, "deadline_changes"), "string",
               lambda i: joined(f"{c.date.isoformat()} 调整为 {c.to.isoformat()}：{c.reason}（{c.approved_by}批准）"
                                for c in i.deadline_changes),
               "每次调整写作：调整日期 调整为 新期限：原因（批准人批准）"),
        Column("current_office", "现办理科室", "string", lambda i: i.current_office,
               "最后一次移交后的科室；没有移交时与 office 相同。按期办结率仍按 office 统计", {"required": True}),
        Column("transfers", _title(RectificationItem, "transfers"), "string",
               lambda i: joined(f"{t.date.isoformat()} 移交 {t.to}：{t.reason}（{t.approved_by}批准）" for t in i.transfers),
               "每次移交写作：移交日期 移交 接手科室编号：原因（批准人批准）"),
        Column("replaces", _title(RectificationItem, "replaces"), "string", lambda i: i.replaces,
               "本事项接替的已撤销事项的编号", source=(RectificationItem, "replaces")),
        Column("measures", _title(RectificationItem, "measures"), "string", lambda i: joined(i.measures)),
        Column("status", "当前状态", "string", lambda i: i.public_status,
               f"最近一条进展的状态；报告{'或'.join(Status.closing())}但尚未核验的写作“{Status.AWAITING}”",
               {"required": True, "enum": [str(s) for s in Status]}, derived=True),
        Column("status_date", "状态日期", "date", lambda i: i.updates[-1].date, "最近一条进展的日期", derived=True),
        Column("closed_on", "办结日期", "date", lambda i: i.closed_on,
               f"报告{'或'.join(Status.closing())}并经核验的事项，报告办结的日期；空白表示未办结或{Status.AWAITING}", derived=True),
        Column("verified_on", _title(Verification, "date"), "date", lambda i: i.verification.date if i.verification else None,
               "空白表示未核验"),
        Column("verified_by", _title(Verification, "by"), "string", lambda i: i.verification.by if i.verification else None,
               "offices.csv 里的编号（科室或监督机构）", source=(Verification, "by")),
        Column("satisfaction_surveyed", _title(Satisfaction, "surveyed"), "integer",
               lambda i: i.satisfaction.surveyed if i.satisfaction else None, "群众满意度回访的人数；空白表示未回访"),
        Column("satisfaction_satisfied", _title(Satisfaction, "satisfied"), "integer",
               lambda i: i.satisfaction.satisfied if i.satisfaction else None, "回访中表示满意的人数"),
    )) + (
        Column("is_overdue", "逾期", "boolean", lambda p: p[1].is_overdue(p[0].as_of),
               f"按数据截至日期计算：已过当前期限，责任科室仍未报告{'或'.join(Status.closing())}", derived=True),
        Column("is_extended", "延期", "boolean", lambda p: p[1].extended, "当前期限晚于原定期限", derived=True),
        Column("deadline_outcome", "期限执行", "string", lambda p: p[1].deadline_outcome(p[0].as_of).kind.value,
               "按数据截至日期计算：on_time 按期办结（不晚于原定期限），within_extension 在调整后期限内办结，late 逾期办结，"
               f"awaiting 报告办结{Status.AWAITING}，overdue 逾期未办结，open 未到期限", {"required": True, "enum": [o.value for o in Outcome]},
               derived=True),
        Column("deadline_days", "期限执行天数", "integer", lambda p: p[1].deadline_outcome(p[0].as_of).days,
               "within_extension 为办结晚于原定期限的天数，late 为办结晚于当前期限的天数，overdue 为已逾期天数，open 为剩余天数；"
               "其余为 0", {"required": True, "minimum": 0}, derived=True),
    ) + tuple(_of_record(c) for c in (
        Column("updates", "进展条数", "integer", lambda i: len(i.updates), "明细见 rectification-updates.csv"),
        Column("reply", _title(Reply, "text"), "string", lambda i: i.reply.text if i.reply else None,
               "公开答复的内容；空白表示没有公开答复", source=(Reply, "text")),
        Column("replied_on", _title(Reply, "date"), "date", lambda i: i.reply.date if i.reply else None,
               "公开答复的日期", source=(Reply, "date")),
        _WITHDRAWN, *_COMMON,
    )) + (_page(),),
    _pairs("rectification"), ("id",),
)


def _updates(portal: Portal) -> list[tuple[RectificationItem, int, Update]]:
    return [(item, n, update) for item in portal.items for n, update in enumerate(item.updates, start=1)]


UPDATES = Table(
    "rectification-updates", "整改进展", "每条进展一行，按事项编号和先后次序排列。",
    (
        Column("item_id", "整改事项编号", "string", lambda row: row[0].id, "rectification.csv 里的编号", {"required": True}),
        Column("seq", "序号", "integer", lambda row: row[1], "该事项的第几条进展，从 1 开始，发布后不变",
               {"required": True, "minimum": 1}),
        Column("date", _title(Update, "date"), "date", lambda row: row[2].date, constraints={"required": True}),
        Column("status", _title(Update, "status"), "string", lambda row: row[2].status,
               constraints={"required": True, "enum": [str(s) for s in Status.reportable()]}),
        Column("note", _title(Update, "note"), "string", lambda row: row[2].note),
        Column("evidence", _title(Update, "evidence"), "string",
               lambda row: joined(f"{e.title} {e.url}" for e in row[2].evidence), "每项写作：名称 网址"),
    ),
    _updates, ("item_id", "seq"), ("item_id", BY_KEY["rectification"].opendata, "id"),
)

def _materials(portal: Portal) -> list[tuple[Portal, Guide, int, Material]]:
    return [(portal, guide, n, m) for guide in portal.guides for n, m in enumerate(guide.materials, start=1)]


def _of_material(model_field: str, type_: str = "string", **extra) -> Column:
    return Column(model_field, _title(Material, model_field), type_, lambda row: getattr(row[3], model_field), **extra)


MATERIALS = Table(
    "guide-materials", "办事指南的申请材料", "每篇办事指南的每项申请材料一行，按指南编号和材料次序排列；空白表格和填写样表给出下载网址。",
    (
        Column("guide_id", "办事指南编号", "string", lambda row: row[1].id, "guides.csv 里的编号", {"required": True}),
        Column("seq", "序号", "integer", lambda row: row[2], "该指南的第几项材料，从 1 开始", {"required": True, "minimum": 1}),
        _of_material("name", constraints={"required": True}),
        _of_material("source", constraints={"required": True, "enum": list(typing.get_args(MaterialSource))}),
        _of_material("original_or_copy", constraints={"required": True, "enum": list(typing.get_args(OriginalOrCopy))}),
        _of_material("paper_or_electronic", constraints={"required": True, "enum": list(typing.get_args(PaperOrElectronic))}),
        _of_material("copies", "integer"), _of_material("required", "boolean"),
        Column("template", _title(Material, "template"), "string", lambda row: _file_url(row[0], row[3].template),
               "空白表格的下载网址；空白表示没有"),
        Column("example", _title(Material, "example"), "string", lambda row: _file_url(row[0], row[3].example),
               "填写样表的下载网址；空白表示没有"),
        _of_material("instructions"), _of_material("note"),
    ),
    _materials, ("guide_id", "seq"), ("guide_id", BY_KEY["guide"].opendata, "id"),
)

_PLAIN = {dt.date: "date", bool: "boolean", int: "integer", float: "number", str: "string"}


def _plain(annotation: Any) -> tuple[str | None, bool]:
    """(Table Schema type, whether a list) of a field holding plain values; (None, _) for nested parts."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is list:
            annotation, many = typing.get_args(annotation)[0], True
        elif origin in (typing.Union, types.UnionType):
            inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(inner) != 1:
                return None, many
            annotation = inner[0]
        elif origin is typing.Literal:
            return "string", many
        else:
            return _PLAIN.get(annotation), many


def plain_table(kind: Kind) -> Table:
    """The table of a kind published as open data that has no table of its own above: one row per
    record, a column per field holding plain values (a list joined by "；"), and its page's address."""
    model = kind.model if kind.folder else entry_model(kind)
    names = sorted(model.model_fields, key=lambda name: name in Record.model_fields)  # sources and the like last
    columns = []
    for name in names:
        type_, many = _plain(model.model_fields[name].annotation)
        if type_ is None:
            continue  # a nested part: the JSON holds every record whole
        constraints = _ID if name == "id" else {}
        if many:
            column = Column(name, _title(model, name), "string", lambda r, name=name: joined(map(str, getattr(r, name))),
                            "多项以“；”分隔", constraints, source=(model, name))
        else:
            column = attr(model, name, type_, constraints=constraints)
        columns.append(_of_record(column))
    if kind.segment:
        columns.append(_page())
    return Table(kind.opendata, kind.name, f"每条{kind.name}一行。", tuple(columns), _pairs(kind.key), ("id",))


_MADE = (OFFICES, GUIDES, MATERIALS, RULES, TIMELINE, RECTIFICATION, UPDATES)
TABLES = _MADE + tuple(plain_table(kind) for kind in KINDS
                       if kind.opendata and kind.opendata not in {table.name for table in _MADE})
"""Every CSV file, in the open-data page's order; a kind added to the registry with no table above gets a plain one."""
