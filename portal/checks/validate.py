"""Load and validate everything under data/ in one pass: every problem, or one immutable Portal."""

from __future__ import annotations

import datetime as dt
import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from portal.checks import messages
from portal.load import privacy
from portal.load.reader import Document, LoadError, load_file
from portal.model.records import (
    CLOSED_STATUSES,
    Guide,
    OfficesFile,
    RectificationItem,
    Rule,
    Site,
    TimelineFile,
)
from portal.model.asof import default_as_of
from portal.model.dataset import Portal
from portal.load.problems import InvalidData, Problem, field_path


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Every record file's id (its name), valid or not: a reference to a record that has its own
        # problem is not reported again as "not found" (one mistake, one message).
        self.file_ids: dict[str, set[str]] = {}
        self.documents: list[tuple[Document, type[BaseModel]]] = []  # every file that loaded, valid or not

    def at(self, doc: Document, loc: tuple, message: str, model: type[BaseModel] | None = None) -> None:
        line, column = doc.position(loc)
        label = messages.label(model, loc) if model else ""
        self.problems.append(Problem(doc.path, line, column, field_path(loc), label, message))

    def file(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, 1, 1, "", "", message))


def _read(path: Path | str, shown: str, model: type[BaseModel], out: _Collector) -> tuple[Document, Any] | None:
    try:
        doc = load_file(path, shown)
    except LoadError as exc:
        out.problems.append(exc.problem)
        return None
    out.documents.append((doc, model))
    try:
        return doc, model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            # An unknown field is shown at its name; everything else at its value.
            line, column = doc.position(loc, key=error["type"] == "extra_forbidden")
            out.problems.append(
                Problem(doc.path, line, column, field_path(loc), messages.label(model, loc),
                        messages.explain(error, model))
            )
        return None


def _records(root: Path, folder: str, model: type[BaseModel], out: _Collector) -> list[tuple[Document, Any]]:
    """The folder's records, in the order of their file names."""
    directory = root / "data" / folder
    found = []
    if not directory.is_dir():
        return found
    # scandir and names, not Path objects: sorting and stat-ing 10,000 Paths cost more than parsing them
    with os.scandir(directory) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    out.file_ids[folder] = {e.name[:-4] for e in entries if e.name.endswith(".yml")}
    for entry in entries:
        name = entry.name
        if name.startswith(".") or entry.is_dir():
            continue
        if not _utf8(name):  # undecodable bytes in the name (os gives them as lone surrogates)
            readable = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            out.file(f"data/{folder}/{readable}", "文件名不是 UTF-8 编码的文字；请把文件改名为记录的编号，如 ZG-2014-001.yml")
            continue
        shown = f"data/{folder}/{name}"
        if not name.endswith(".yml"):
            out.file(shown, f"data/{folder}/ 里只放 .yml 文件；请把扩展名改成 .yml，或移走这个文件")
            continue
        result = _read(entry.path, shown, model, out)
        if result:
            doc, record = result
            stem = name[:-4]
            if record.id != stem:
                out.at(doc, ("id",), f"编号“{record.id}”与文件名“{name}”不一致；请把编号改成 {stem}，或把文件改名为 {record.id}.yml", model)
            found.append(result)
    return found


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _single(root: Path, name: str, model: type[BaseModel], out: _Collector) -> tuple[Document, Any] | None:
    path = root / "data" / name
    if not path.is_file():
        out.file(f"data/{name}", f"缺少文件 data/{name}；请参照示例创建它")
        return None
    return _read(path, f"data/{name}", model, out)


def _unique(out: _Collector, doc: Document, entries: Iterable[tuple[tuple, str]], what: str, model) -> None:
    seen: dict[str, tuple] = {}  # the first place of each id; its line is looked up only for a duplicate
    for loc, value in entries:
        if value in seen:
            first = doc.position(seen[value])[0]
            out.at(doc, loc, f"{what}编号“{value}”重复（第一次在第 {first} 行）；每个编号只能用一次", model)
        else:
            seen[value] = loc


def _cross_checks(out: _Collector, offices, guides, rules, timeline, items) -> None:
    office_ids = {o.id for o in offices[1].offices} if offices else None
    guide_ids = out.file_ids.get("guides", set())
    rule_ids = out.file_ids.get("rules", set())
    item_ids = out.file_ids.get("rectification", set())
    event_ids = {e.id for e in timeline[1].events} if timeline else None

    def ref(doc, loc, value, known, what, model):
        if known is not None and value is not None and value not in known:
            choices = "、".join(sorted(known)[:12])
            out.at(doc, loc, f"找不到{what}“{value}”；可用的编号有：{choices}", model)

    if offices:
        doc, data = offices
        _unique(out, doc, ((("offices", i, "id"), o.id) for i, o in enumerate(data.offices)), "科室", OfficesFile)
    if timeline:
        doc, data = timeline
        _unique(out, doc, ((("events", i, "id"), e.id) for i, e in enumerate(data.events)), "活动", TimelineFile)
        for i, event in enumerate(data.events):
            r = event.recurrence
            if r and r.ends_on < r.starts_on:
                out.at(doc, ("events", i, "recurrence", "ends_on"), "末次日期早于首次日期；请核对", TimelineFile)
            if r and r.end_time <= r.start_time:
                out.at(doc, ("events", i, "recurrence", "end_time"), "结束时刻不晚于开始时刻；请核对", TimelineFile)
    for doc, guide in guides:
        ref(doc, ("office",), guide.office, office_ids, "科室", Guide)
        for i, rid in enumerate(guide.related_rules):
            ref(doc, ("related_rules", i), rid, rule_ids, "工作制度", Guide)
        for i, iid in enumerate(guide.related_items):
            ref(doc, ("related_items", i), iid, item_ids, "整改事项", Guide)
        limit = guide.time_limit
        if limit.legal_days is not None and limit.promised_days is not None and limit.promised_days > limit.legal_days:
            out.at(doc, ("time_limit", "promised_days"),
                   f"承诺时限 {limit.promised_days} 个工作日比法定时限 {limit.legal_days} 个工作日还长；承诺时限不能超过法定时限", Guide)
        if guide.next_review <= guide.reviewed_on:
            out.at(doc, ("next_review",), f"下次审核日期应晚于审核日期 {guide.reviewed_on.isoformat()}", Guide)
    for doc, rule in rules:
        ref(doc, ("office",), rule.office, office_ids, "科室", Rule)
        for i, gid in enumerate(rule.related_guides):
            ref(doc, ("related_guides", i), gid, guide_ids, "办事指南", Rule)
    for doc, item in items:
        ref(doc, ("office",), item.office, office_ids, "科室", RectificationItem)
        ref(doc, ("origin", "event"), item.origin.event, event_ids, "活动", RectificationItem)
        _check_item_dates(out, doc, item)


def _check_item_dates(out: _Collector, doc: Document, item: RectificationItem) -> None:
    m = RectificationItem
    if item.deadline < item.received_on:
        out.at(doc, ("deadline",), f"整改期限早于受理日期 {item.received_on.isoformat()}；请核对", m)
    previous: dt.date | None = None
    for i, update in enumerate(item.updates):
        if i == 0 and update.date < item.received_on:
            out.at(doc, ("updates", i, "date"), f"进展日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
        if previous is not None and update.date < previous:
            out.at(doc, ("updates", i, "date"), f"进展要按日期先后排列：这一条早于上一条（{previous.isoformat()}）；请调整顺序", m)
        previous = update.date
        if update.status in CLOSED_STATUSES and not update.note:
            out.at(doc, ("updates", i, "status"), f"状态“{update.status}”必须写进展说明 note，向群众说明结果", m)


def _guard_personal_data(out: _Collector) -> None:
    """Personal data stops publication wherever it is written, even in a file with other problems."""
    contacts = privacy.official_contacts((doc.path, doc.data) for doc, _ in out.documents)
    for doc, model in out.documents:
        for loc, finding in privacy.scan(doc.data, contacts):
            out.at(doc, loc, finding.message, model)


@contextmanager
def _collector_paused():
    """Loading makes millions of small dicts, lists and tuples that all live until the end and
    form no cycles; Python's cycle collector would walk them again at every full collection,
    about a quarter of the loading time at 10,000 items (docs/performance.md)."""
    enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()  # what the last load froze goes back to the collector (`mkdocs serve` loads again and again)
    try:
        yield
    finally:
        if enabled:
            # Re-enabled as it is, the collector's first pass would walk every object made while it
            # was off, the Portal's hundreds of thousands (0.15 s at 10,000 items). gc.freeze() leaves
            # what exists now out of collections until the next load unfreezes it; reference counting
            # still frees it (the loaded data forms no cycles), and a build or a CLI run ends first.
            gc.freeze()
            gc.enable()


def load_portal(root: Path, as_of: dt.date | None = None) -> Portal:
    """Everything under root/data, validated; raises InvalidData listing every problem."""
    with _collector_paused():
        return _load_portal(Path(root), as_of)


def _load_portal(root: Path, as_of: dt.date | None) -> Portal:
    out = _Collector()
    site = _single(root, "site.yml", Site, out)
    offices = _single(root, "offices.yml", OfficesFile, out)
    timeline = _single(root, "timeline.yml", TimelineFile, out)
    guides = _records(root, "guides", Guide, out)
    rules = _records(root, "rules", Rule, out)
    items = _records(root, "rectification", RectificationItem, out)
    _cross_checks(out, offices, guides, rules, timeline, items)
    _guard_personal_data(out)
    if out.problems:
        raise InvalidData(out.problems)
    return Portal(
        site=site[1],
        offices=tuple(offices[1].offices),
        guides=tuple(g for _, g in guides),
        rules=tuple(r for _, r in rules),
        events=tuple(sorted(timeline[1].events, key=lambda e: e.first_day)),
        items=tuple(sorted((i for _, i in items), key=lambda i: i.id)),
        paths={**{("guide", g.id): d.path for d, g in guides},
               **{("rule", r.id): d.path for d, r in rules},
               **{("rectification", i.id): d.path for d, i in items}},
        as_of=as_of or default_as_of(),
    )


def check_portal(root: Path, as_of: dt.date | None = None) -> dict[str, int]:
    """What `portal validate` needs: the number of records of each kind, or InvalidData with every problem."""
    portal = load_portal(root, as_of)
    return {"site": 1, "offices": len(portal.offices), "guides": len(portal.guides), "rules": len(portal.rules),
            "events": len(portal.events), "rectification": len(portal.items)}
