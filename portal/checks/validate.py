"""Load and validate everything under data/ in one pass: every problem, or one immutable Portal."""

from __future__ import annotations

import datetime as dt
import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from portal.checks import corrections, history, messages
from portal.load import files as stored_files, git, privacy
from portal.load.reader import Document, LoadError, load_file
from portal.model.kinds import KINDS, TARGETS, Kind, referring_values
from portal.model.records import CLOSED_STATUSES, IDENTITY_FOLDER, Guide, RectificationItem, Site, TimelineFile
from portal.model.asof import DATED_LISTS, DATED_PARTS, as_it_stood, default_as_of, today_in_china
from portal.model.dataset import Portal
from portal.load.problems import InvalidData, Problem, field_path


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Every record file's id (its name), valid or not: a reference to a record that has its own
        # problem is not reported again as "not found" (one mistake, one message).
        self.file_ids: dict[str, set[str]] = {}
        self.documents: list[tuple[Document, type[BaseModel]]] = []  # every file that loaded, valid or not
        # (file, loc of a corrected value) -> loc of the correction's `now`: a problem with the value is shown there
        self.corrected: dict[tuple[str, tuple], tuple] = {}

    def at(self, doc: Document, loc: tuple, message: str, model: type[BaseModel] | None = None) -> None:
        corrected = self.corrected.get((doc.path, loc))
        if corrected is not None:
            message += f"（这是 {field_path(corrected[:2])} 更正后的值）"
        line, column = doc.position(corrected or loc)
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
        for error in messages.without_replaced(exc.errors(include_url=False), model):
            loc = tuple(error["loc"])
            # An unknown field is shown at its name; everything else at its value.
            line, column = doc.position(loc, key=error["type"] == "extra_forbidden")
            out.problems.append(
                Problem(doc.path, line, column, field_path(loc), messages.label(model, loc),
                        messages.explain(error, model))
            )
        return None


def _records(root: Path, kind: Kind, out: _Collector) -> list[tuple[Document, Any]]:
    """The records of a kind kept one per file, in the order of their file names."""
    folder, model = kind.folder, kind.model
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


def _single(root: Path, kind: Kind, out: _Collector) -> list[tuple[Document, Any]]:
    """The one file of a kind kept in a single file, as a list of none or one."""
    path = root / kind.path
    if not path.is_file():
        out.file(kind.path, f"缺少文件 {kind.path}；请参照示例创建它")
        return []
    found = _read(path, kind.path, kind.model, out)
    return [found] if found else []


def _unique(out: _Collector, doc: Document, entries: Iterable[tuple[tuple, str]], what: str, model) -> None:
    seen: dict[str, tuple] = {}  # the first place of each id; its line is looked up only for a duplicate
    for loc, value in entries:
        if value in seen:
            first = doc.position(seen[value])[0]
            out.at(doc, loc, f"{what}编号“{value}”重复（第一次在第 {first} 行）；每个编号只能用一次", model)
        else:
            seen[value] = loc


def _target_ids(out: _Collector, loaded: dict[str, list[tuple[Document, Any]]]) -> dict[str, set[str] | None]:
    """The ids each kind of reference may name; None when the file that lists them did not load."""
    ids: dict[str, set[str] | None] = {}
    for target in TARGETS.values():
        if target.list_field is None:  # every file counts, valid or not: one mistake, one message
            ids[target.key] = out.file_ids.get(target.holder.folder, set())
        else:
            files = loaded.get(target.kind)
            ids[target.key] = {entry.id for entry in getattr(files[0][1], target.list_field)} if files else None
    return ids


def _cross_checks(out: _Collector, loaded: dict[str, list[tuple[Document, Any]]], today: dt.date) -> None:
    ids = _target_ids(out, loaded)
    for target in TARGETS.values():  # ids listed in one file are unique there
        if target.list_field and loaded.get(target.kind):
            doc, data = loaded[target.kind][0]
            entries = ((((target.list_field, i, "id"), entry.id) for i, entry in enumerate(getattr(data, target.list_field))))
            _unique(out, doc, entries, target.name, target.holder.model)
    for kind in KINDS:  # every reference, as declared on the models (RefersTo)
        for doc, record in loaded.get(kind.key, ()):
            for loc, value, target in referring_values(record):
                known = ids[target.key]
                if known is not None and value not in known:
                    choices = "、".join(sorted(known)[:12])
                    out.at(doc, loc, f"找不到{target.name}“{value}”；可用的编号有：{choices}", kind.model)
    for doc, timeline in loaded.get("timeline", ()):
        for i, event in enumerate(timeline.events):
            r = event.recurrence
            if r and r.ends_on < r.starts_on:
                out.at(doc, ("events", i, "recurrence", "ends_on"), "末次日期早于首次日期；请核对", TimelineFile)
            if r and r.end_time <= r.start_time:
                out.at(doc, ("events", i, "recurrence", "end_time"), "结束时刻不晚于开始时刻；请核对", TimelineFile)
    for doc, guide in loaded.get("guide", ()):
        limit = guide.time_limit
        if limit.legal_days is not None and limit.promised_days is not None and limit.promised_days > limit.legal_days:
            out.at(doc, ("time_limit", "promised_days"),
                   f"承诺时限 {limit.promised_days} 个工作日比法定时限 {limit.legal_days} 个工作日还长；承诺时限不能超过法定时限", Guide)
        if guide.next_review <= guide.reviewed_on:
            out.at(doc, ("next_review",), f"下次审核日期应晚于审核日期 {guide.reviewed_on.isoformat()}", Guide)
    offices = loaded.get("offices")
    oversight = {o.id: o.name for o in offices[0][1].offices if o.oversight} if offices else {}
    for doc, item in loaded.get("rectification", ()):
        _check_item_dates(out, doc, item)
        _check_closure(out, doc, item, oversight)
        _check_deadline_changes(out, doc, item)
        _check_transfers(out, doc, item, oversight)
        _check_not_future(out, doc, item, today)


EVENT_DATES = (
    ("received_on",),
    *((name, "*", "date") for name in DATED_LISTS),
    *((name, "date") for name in DATED_PARTS),
)
"""Where an item records something that happened: none of these may be later than today in China
("*" stands for every entry of a list). Its dated lists and parts are declared once, in asof.py."""


def _dated(value: Any, path: tuple, loc: tuple = ()) -> Iterable[tuple[tuple, dt.date]]:
    """(location, date) of every value at path ("*": each entry of a list); nothing where a part is absent."""
    if value is None:
        return
    if not path:
        yield loc, value
    elif path[0] == "*":
        for i, entry in enumerate(value):
            yield from _dated(entry, path[1:], (*loc, i))
    else:
        yield from _dated(getattr(value, path[0]), path[1:], (*loc, path[0]))


def _check_not_future(out: _Collector, doc: Document, item: RectificationItem, today: dt.date) -> None:
    for path in EVENT_DATES:
        for loc, day in _dated(item, path):
            if day > today:
                out.at(doc, loc, messages.FUTURE_DATE, RectificationItem)


def _check_closure(out: _Collector, doc: Document, item: RectificationItem, oversight: dict[str, str]) -> None:
    """Closing is checked by someone else (核验), after the office reported it closed; a
    satisfaction survey counts people, and asks about a closed item."""
    m = RectificationItem
    if item.office in oversight:
        out.at(doc, ("office",), messages.OVERSIGHT_AS_OWNER.format(name=oversight[item.office]), m)
    closing = item.updates[-1] if item.status in CLOSED_STATUSES else None
    verified = item.verification
    reopened = None
    if verified is not None and any(u.status in CLOSED_STATUSES and u.date <= verified.date for u in item.updates):
        # Closed, verified (销号), then updated again: the 销号 stays on the record as it was
        # published, and a problem that comes back is a new item.
        reopened = next((i for i, u in enumerate(item.updates) if u.date > verified.date), None)
    if reopened is not None:
        out.at(doc, ("updates", reopened, "date"), messages.REOPENED_AFTER_VERIFICATION.format(
            day=verified.date.isoformat(), id=item.id), m)
    for name in ("verification", "satisfaction"):
        part = getattr(item, name)
        if part is None:
            continue
        if reopened is not None:
            continue  # said once, at the update after the 销号
        what = m.model_fields[name].title
        if closing is None:
            out.at(doc, (name,), messages.NOT_CLOSED.format(what=what), m)
        elif part.date < closing.date:
            out.at(doc, (name, "date"), messages.BEFORE_CLOSING.format(
                what=what, status=closing.status, day=closing.date.isoformat()), m)
    if verified is not None and verified.by in (item.office, item.current_office):
        out.at(doc, ("verification", "by"), messages.VERIFIED_BY_OWNER.format(office=item.office), m)
    satisfaction = item.satisfaction
    if satisfaction is not None:
        if satisfaction.surveyed == 0:
            out.at(doc, ("satisfaction", "surveyed"), messages.NOBODY_SURVEYED, m)
        if satisfaction.satisfied > satisfaction.surveyed:
            out.at(doc, ("satisfaction", "satisfied"), messages.MORE_SATISFIED_THAN_SURVEYED.format(
                satisfied=satisfaction.satisfied, surveyed=satisfaction.surveyed), m)


def _check_deadline_changes(out: _Collector, doc: Document, item: RectificationItem) -> None:
    m = RectificationItem
    before, previous = item.deadline, None
    closed = item.reported_closed_on
    for i, change in enumerate(item.deadline_changes):
        at = ("deadline_changes", i)
        if change.date < item.received_on:
            out.at(doc, (*at, "date"), f"期限调整日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
        elif previous is not None and change.date < previous:
            out.at(doc, (*at, "date"), messages.OUT_OF_ORDER.format(what="期限调整", day=previous.isoformat()), m)
        elif closed is not None and change.date > closed:
            out.at(doc, (*at, "date"), messages.CHANGE_AFTER_CLOSING.format(day=closed.isoformat()), m)
        if change.to == before:
            out.at(doc, (*at, "to"), messages.SAME_DEADLINE.format(day=before.isoformat()), m)
        elif change.to < change.date:
            out.at(doc, (*at, "to"), messages.DEADLINE_BEFORE_CHANGE.format(day=change.date.isoformat()), m)
        before, previous = change.to, change.date


def _check_transfers(out: _Collector, doc: Document, item: RectificationItem, oversight: dict[str, str]) -> None:
    """Each transfer hands the item to another office, in date order, after it was received."""
    m = RectificationItem
    before, previous = item.office, None
    for i, transfer in enumerate(item.transfers):
        at = ("transfers", i)
        if transfer.date < item.received_on:
            out.at(doc, (*at, "date"), f"移交日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
        elif previous is not None and transfer.date < previous:
            out.at(doc, (*at, "date"), messages.OUT_OF_ORDER.format(what="移交", day=previous.isoformat()), m)
        if transfer.to == before:
            out.at(doc, (*at, "to"), f"接手科室与移交前的责任科室（{before}）相同；请写接手的科室", m)
        elif transfer.to in oversight:
            out.at(doc, (*at, "to"), messages.OVERSIGHT_AS_OWNER.format(name=oversight[transfer.to]), m)
        before, previous = transfer.to, transfer.date


def _apply_corrections(out: _Collector, items: list[tuple[Document, Any]]) -> None:
    """Each item as the public sees it: its corrections applied (portal/checks/corrections.py)."""
    for n, (doc, item) in enumerate(items):
        fixed, problems, set_by = corrections.apply(item)
        for loc, message in problems:
            out.at(doc, loc, message, RectificationItem)
        out.corrected.update({(doc.path, loc): now for loc, now in set_by.items()})
        items[n] = (doc, fixed)


def _check_item_dates(out: _Collector, doc: Document, item: RectificationItem) -> None:
    m = RectificationItem
    if item.deadline < item.received_on:
        out.at(doc, ("deadline",), f"整改期限早于受理日期 {item.received_on.isoformat()}；请核对", m)
    previous: dt.date | None = None
    for i, update in enumerate(item.updates):
        if i == 0 and update.date < item.received_on:
            out.at(doc, ("updates", i, "date"), f"进展日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
        if previous is not None and update.date < previous:
            out.at(doc, ("updates", i, "date"), messages.OUT_OF_ORDER.format(what="进展", day=previous.isoformat()), m)
        previous = update.date
        if update.status in CLOSED_STATUSES and not update.note:
            out.at(doc, ("updates", i, "status"), f"状态“{update.status}”必须写进展说明 note，向群众说明结果", m)
    for i, correction in enumerate(item.corrections):
        if correction.date < item.received_on:
            out.at(doc, ("corrections", i, "date"), f"更正日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
    if item.reply and item.reply.date < item.received_on:
        out.at(doc, ("reply", "date"), f"答复日期早于受理日期 {item.received_on.isoformat()}；请核对", m)
    if item.withdrawn and item.withdrawn.date < item.received_on:
        out.at(doc, ("withdrawn", "date"), f"撤销日期早于受理日期 {item.received_on.isoformat()}；请核对", m)


BADGE_MAX_BYTES = 200 * 1024


def _check_site_files(root: Path, out: _Collector, loaded: dict[str, list[tuple[Document, Any]]]) -> None:
    """The 党政机关网站标识 image that site.yml names is there, is the picture its name says, and is small."""
    for doc, site in loaded.get("site", ()):
        if site.gov_badge is None:
            continue
        name, loc, folder = site.gov_badge.image, ("gov_badge", "image"), f"data/{IDENTITY_FOLDER}"
        path = root / folder / name
        if not path.is_file():
            out.at(doc, loc, f"找不到图片 {folder}/{name}；请把标识图片放进 {folder}/ 文件夹，或改正文件名", Site)
            continue
        if stored_files.detected(str(path)) is not stored_files.BY_EXTENSION[path.suffix[1:]]:  # by content, as data/files/
            out.at(doc, loc, f"{folder}/{name} 不是 {path.suffix[1:].upper()} 图片；请用原始的 PNG 或 JPEG 文件，不要只改扩展名", Site)
        elif (size := path.stat().st_size) > BADGE_MAX_BYTES:
            out.at(doc, loc, f"{folder}/{name} 有 {size // 1024} KB，超过 {BADGE_MAX_BYTES // 1024} KB 的上限；请换一张较小的图片", Site)


def _check_files(root: Path, out: _Collector, loaded: dict[str, list[tuple[Document, Any]]]) -> dict:
    """Every file of data/files/ (published at /files/), and every guide's reference to one.
    A file with a problem of its own is not reported again where a guide names it."""
    sites = loaded.get("site")
    limit = sites[0][1].file_limit_mb if sites else stored_files.DEFAULT_LIMIT_MB
    good, problems = stored_files.read_folder(root, limit)
    for problem in problems:
        out.file(problem.path, problem.message)
    present = set(good) | {problem.name for problem in problems}
    for doc, guide in loaded.get("guide", ()):
        for loc, name in guide.files():
            if name not in present:
                choices = f"已有的文件有：{'、'.join(sorted(present)[:12])}" if present else f"{stored_files.FOLDER}/ 里还没有文件"
                out.at(doc, loc, f"找不到文件 {stored_files.FOLDER}/{name}；请把文件放进 {stored_files.FOLDER}/，"
                                 f"或改正文件名。{choices}", Guide)
    return good


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


def load_portal(root: Path, as_of: dt.date | None = None, today: dt.date | None = None,
                against: "str | history.Published | None" = None, source: bool = False) -> Portal:
    """Everything under root/data, validated (no event date after today, by default the real date
    in China), as it stood on the as-of date; raises InvalidData listing every problem. With
    `against` (a git revision, or what a live release published), what was published there must
    still be there (portal/checks/history.py); an unreadable revision raises history.HistoryError. With `source`, the Portal says which commit
    the data comes from and when each file last changed (portal/load/git.py), for a build."""
    with _collector_paused():
        return _load_portal(Path(root), as_of, today, against, source)


def _load_portal(root: Path, as_of: dt.date | None, today: dt.date | None, against=None,
                 source: bool = False) -> Portal:
    out = _Collector()
    loaded = {kind.key: _records(root, kind, out) if kind.folder else _single(root, kind, out) for kind in KINDS}
    as_written = [item for _, item in loaded["rectification"]]
    _apply_corrections(out, loaded["rectification"])
    _cross_checks(out, loaded, today or today_in_china())
    files = _check_files(root, out, loaded)
    if against is not None:
        published = history.published_at(root, against) if isinstance(against, str) else against
        written = {doc.path: doc for doc, model in out.documents if model is RectificationItem}
        out.problems += history.check(published, written, out.file_ids.get("rectification", set()))
    _check_site_files(root, out, loaded)
    _guard_personal_data(out)
    if out.problems:
        raise InvalidData(out.problems)
    as_of = as_of or default_as_of()
    records = {kind.key: [record for _, record in loaded[kind.key]] for kind in KINDS}
    items = _as_it_stood(as_written, as_of)
    rules = [rule for rule in records["rule"] if rule.effective_on <= as_of]  # a snapshot shows no later rule
    return Portal(
        site=records["site"][0],
        offices=tuple(records["offices"][0].offices),
        guides=tuple(_without_missing_items(records["guide"], {item.id for item in items}, {rule.id for rule in rules})),
        rules=tuple(rules),
        events=tuple(sorted((e for e in records["timeline"][0].events if e.first_day <= as_of), key=lambda e: e.first_day)),
        items=tuple(sorted(items, key=lambda i: i.id)),
        paths={(kind.key, record.id): doc.path for kind in KINDS if kind.folder for doc, record in loaded[kind.key]},
        as_of=as_of,
        files=files,
        source=git.source(root) if source else git.Source(),
    )


def _as_it_stood(as_written: list[RectificationItem], as_of: dt.date) -> list[RectificationItem]:
    """The items on the ledger on the as-of date, as the public saw them then: each cut to the entries
    dated up to that day (asof.as_it_stood), then the corrections made by then applied. Cut before
    correcting, so a later correction leaves the value published that day. The corrections kept
    are a valid prefix (in date order, none dated before what it corrects, so none names an entry
    the cut left out): applying them finds no problem."""
    items = []
    for item in as_written:
        kept = as_it_stood(item, as_of)
        if kept is not None:
            items.append(corrections.apply(kept)[0])
    return items


def _without_missing_items(guides: list[Guide], present: set[str], rules: set[str]) -> Iterable[Guide]:
    """Guides naming only the items on the ledger and the rules in force on the as-of date (a snapshot
    leaves later ones out)."""
    for guide in guides:
        kept = [i for i in guide.related_items if i in present]
        in_force = [r for r in guide.related_rules if r in rules]
        if len(kept) == len(guide.related_items) and len(in_force) == len(guide.related_rules):
            yield guide
        else:
            yield guide.model_copy(update={"related_items": kept, "related_rules": in_force})


def check_portal(root: Path, as_of: dt.date | None = None, today: dt.date | None = None,
                 against: str | None = None) -> dict[str, int]:
    """What `portal validate` needs: the number of records of each kind, or InvalidData with every problem."""
    portal = load_portal(root, as_of, today, against=against)
    return {"site": 1, "offices": len(portal.offices), "guides": len(portal.guides), "rules": len(portal.rules),
            "events": len(portal.events), "rectification": len(portal.items)}
