"""Rules across records: every reference names a record that exists, and ids listed in one file are
unique there. References are declared on the models (RefersTo); the kinds registry says where each
kind of id is listed."""

from __future__ import annotations

from typing import Iterable

from portal.checks.collector import Collector, Loaded
from portal.load.files import record_key
from portal.load.reader import Document
from portal.model.kinds import KINDS, TARGETS, referring_values


def check(out: Collector, loaded: Loaded) -> None:
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
                if known is not None and value not in known and not _file_holds(known, value, target):
                    choices = "、".join(sorted(known)[:12])
                    out.at(doc, loc, f"找不到{target.name}“{value}”；可用的编号有：{choices}", kind.model)


def _unique(out: Collector, doc: Document, entries: Iterable[tuple[tuple, str]], what: str, model) -> None:
    seen: dict[str, tuple] = {}  # the first place of each id; its line is looked up only for a duplicate
    for loc, value in entries:
        if value in seen:
            first = doc.position(seen[value])[0]
            out.at(doc, loc, f"{what}编号“{value}”重复（第一次在第 {first} 行）；每个编号只能用一次", model)
        else:
            seen[value] = loc


def _file_holds(known: set[str], value: str, target) -> bool:
    """A record kept one per file is found by its file name, by the rule that names the file
    (portal/load/files.py): zg-2014-031.yml, made in the browser editor, holds ZG-2014-031."""
    return target.list_field is None and record_key(value) in {record_key(name) for name in known}


def _target_ids(out: Collector, loaded: Loaded) -> dict[str, set[str] | None]:
    """The ids each kind of reference may name; None when the file that lists them did not load."""
    ids: dict[str, set[str] | None] = {}
    for target in TARGETS.values():
        if target.list_field is None:  # every file counts, valid or not: one mistake, one message
            ids[target.key] = out.file_ids.get(target.holder.folder, set())
        else:
            files = loaded.get(target.kind)
            ids[target.key] = {entry.id for entry in getattr(files[0][1], target.list_field)} if files else None
    return ids
