"""Load the Portal from data/: read every file, run every check (portal/checks/) in one pass, and
return one immutable Portal, or raise InvalidData listing every problem."""

from __future__ import annotations

import datetime as dt
import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from portal.checks import across_records, corrections, file_rules, history, kind_rules, messages, personal_data, trailing_comments
from portal.checks.collector import Collector
from portal.load import git, privacy
from portal.load.files import holds, record_key
from portal.load.problems import InvalidData, Problem, field_path
from portal.load.reader import Document, load_file, LoadError
from portal.model.asof import as_it_stood, default_as_of, today_in_china
from portal.model.dataset import Portal
from portal.model.kinds import KINDS, Kind
from portal.model.records import Guide, RectificationItem


def _read(path: Path | str, shown: str, model: type[BaseModel], out: Collector) -> tuple[Document, Any] | None:
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
                        messages.explain(error, model, doc.written(loc)))
            )
        return None


def _records(root: Path, kind: Kind, out: Collector) -> list[tuple[Document, Any]]:
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
    keys: dict[str, str] = {}  # record_key -> the first file name with it
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
        key = record_key(name)
        if key in keys:  # ZG-2014-031.yml and zg-2014-031.yml: one record, twice
            out.file(shown, f"文件名与 data/{folder}/{keys[key]} 只差大小写，两个文件会被当成同一条记录；请删除或合并其中一个")
            continue
        keys[key] = name
        result = _read(entry.path, shown, model, out)
        if result:
            doc, record = result
            stem = name[:-4]
            if not holds(name, record.id):
                wanted = stem if kind.id_pattern.fullmatch(stem) else stem.upper()
                out.at(doc, ("id",), f"编号“{record.id}”与文件名“{name}”不一致；请把编号改成 {wanted}，或把文件改名为 {record.id}.yml", model)
            found.append(result)
    return found


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _single(root: Path, kind: Kind, out: Collector) -> list[tuple[Document, Any]]:
    """The one file of a kind kept in a single file, as a list of none or one."""
    path = root / kind.path
    if not path.is_file() and kind.optional:
        return []
    if not path.is_file():
        out.file(kind.path, f"缺少文件 {kind.path}；请参照示例创建它")
        return []
    found = _read(path, kind.path, kind.model, out)
    return [found] if found else []


def _apply_corrections(out: Collector, items: list[tuple[Document, Any]]) -> None:
    """Each item as the public sees it: its corrections applied (portal/checks/corrections.py)."""
    for n, (doc, item) in enumerate(items):
        fixed, problems, set_by = corrections.apply(item)
        for loc, message in problems:
            out.at(doc, loc, message, RectificationItem)
        out.corrected.update({(doc.path, loc): now for loc, now in set_by.items()})
        items[n] = (doc, fixed)


def _guard_personal_data(root: Path, out: Collector, published: dict) -> None:
    """Personal data stops publication wherever it is written, even in a file with other problems."""
    out.problems += personal_data.check(root, out.documents, published)


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
    still be there (portal/checks/history.py);
    an unreadable revision raises history.HistoryError. With `source`, the Portal says which commit
    the data comes from and when each file last changed (portal/load/git.py), for a build."""
    with _collector_paused():
        return _load_portal(Path(root), as_of, today, against, source)


def _load_portal(root: Path, as_of: dt.date | None, today: dt.date | None, against=None,
                 source: bool = False) -> Portal:
    out = Collector()
    loaded = {kind.key: _records(root, kind, out) if kind.folder else _single(root, kind, out) for kind in KINDS}
    as_written = [item for _, item in loaded["rectification"]]
    _apply_corrections(out, loaded["rectification"])
    across_records.check(out, loaded)
    kind_rules.check(out, loaded, today or today_in_china())
    files = file_rules.check_files(root, out, loaded)
    if against is not None:
        published = history.published_at(root, against) if isinstance(against, str) else against
        written = {doc.path: doc for doc, model in out.documents if model is RectificationItem}
        out.problems += history.check(published, written, out.file_ids.get("rectification", set()))
    file_rules.check_site_files(root, out, loaded)
    out.problems += trailing_comments.check(out.documents)  # a comment after a text value cuts it
    _guard_personal_data(root, out, files)
    if out.problems:
        raise InvalidData([privacy.redacted(p) for p in out.problems])
    as_of = as_of or default_as_of()
    records = {kind.key: [record for _, record in loaded[kind.key]] for kind in KINDS}
    items = _as_it_stood(as_written, as_of)
    rules = [rule for rule in records["rule"] if rule.effective_on <= as_of]  # a snapshot shows no later rule
    published = {kind.key: tuple(getattr(records[kind.key][0], kind.entries) if kind.entries else records[kind.key])
                 for kind in KINDS if kind.records}
    published.update({  # the rules of particular kinds: the ledger as it stood, events in time order
        "rectification": tuple(sorted(items, key=lambda i: i.id)),
        "guide": tuple(_without_missing_items(records["guide"], {item.id for item in items}, {rule.id for rule in rules})),
        "rule": tuple(rules),
        "timeline": tuple(sorted((e for e in published["timeline"] if e.first_day <= as_of), key=lambda e: e.first_day)),
    })
    return Portal(
        site=records["site"][0],
        records=published,
        paths={(kind.key, record.id): doc.path for kind in KINDS if kind.folder for doc, record in loaded[kind.key]},
        as_of=as_of,
        files=files,
        source=git.source(root) if source else git.Source(),
        synonyms=next(iter(records["synonyms"]), None),
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
    return {kind.counted.key: len(portal.of(kind)) if kind.records else 1 for kind in KINDS}
