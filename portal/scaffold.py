"""`portal new`: a valid stub of a new record, with the next free id, for staff to fill in; the
stubs are portal/scaffold_templates/<word>.yml."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from string import Template

from portal.load.files import holds
from portal.load.reader import LoadError, load_file
from portal.model.asof import default_as_of
from portal.model.status import Status
from portal.model.kinds import KINDS, TARGETS, Kind, id_rule

NEW = {kind.new: kind for kind in KINDS if kind.new}
"""What `portal new` makes, by its word: item, guide, rule, event (portal.model.kinds)."""
WORDS = tuple(NEW)
"""The words `portal new` accepts."""


class ScaffoldError(Exception):
    pass


def _template(kind: str) -> Template:
    return Template(resources.files("portal").joinpath(f"scaffold_templates/{kind}.yml").read_text(encoding="utf-8"))


def _read(root: Path, name: str) -> dict:
    path = root / "data" / name
    try:
        return load_file(path, f"data/{name}").data
    except LoadError as exc:
        raise ScaffoldError(f"请先修正 {exc.problem}") from None


def _next_id(kind: Kind, taken: set[str], year: int) -> str:
    """One more than the highest number in use among the kind's new ids (for items, of this year)."""
    head, _, rest = kind.new_id.partition("{n")
    prefix, suffix = head.format(year=year), rest.partition("}")[2].format(year=year)
    numbered = re.compile(re.escape(prefix) + "([0-9]+)" + re.escape(suffix), re.IGNORECASE)  # zg-…: made in the editor
    numbers = [int(match.group(1)) for match in map(numbered.fullmatch, taken) if match]
    return kind.new_id.format(year=year, n=max(numbers, default=0) + 1)


def _check_id(kind: Kind, record_id: str) -> None:
    if not kind.id_pattern.fullmatch(record_id):
        raise ScaffoldError(f"“{record_id}”{id_rule(kind)}")


def new_record(root: Path, word: str, record_id: str | None = None, as_of: dt.date | None = None) -> str:
    today = as_of or default_as_of()
    offices = _read(root, "offices.yml").get("offices") or []
    site = _read(root, "site.yml")
    if not offices:
        raise ScaffoldError("data/offices.yml 里还没有科室；请先添加科室")
    values = {
        "today": today.isoformat(),
        "deadline": (today + dt.timedelta(days=30)).isoformat(),
        "next_year": today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat(),
        "office": offices[0]["id"],
        "office_name": offices[0]["name"],
        "phone": site.get("hotline", ""),
        "complaint": site.get("complaint_line", ""),
        "first_status": Status.RECEIVED,
        "statuses": "、".join(Status.reportable()),
    }
    kind = NEW[word]
    if kind.entries:
        return _append_entry(root, kind, record_id, values, today.year)
    folder = root / "data" / kind.folder
    record_id = record_id or _next_id(kind, {p.stem for p in folder.glob("*.yml")}, today.year)
    _check_id(kind, record_id)
    path = folder / f"{record_id}.yml"
    taken = next((p for p in folder.glob("*.yml") if holds(p.name, record_id)), None)  # in any case (files.py)
    if taken:
        raise ScaffoldError(f"{taken.relative_to(root).as_posix()} 已经存在；请换一个编号")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(_template(word).substitute(values, id=record_id), encoding="utf-8")
    return path.relative_to(root).as_posix()


def _append_entry(root: Path, kind: Kind, record_id: str | None, values: dict, year: int) -> str:
    """A new entry at the end of a file that lists records (timeline.yml's events)."""
    path = root / kind.path
    entries = _read(root, kind.path[len("data/"):]).get(kind.entries) or []
    taken = {e.get("id") for e in entries if isinstance(e, dict)}
    record_id = record_id or _next_id(kind, taken, year)
    if record_id in taken:
        entry = next(target.name for target in TARGETS.values() if target.kind == kind.key)  # 活动
        raise ScaffoldError(f"{entry}编号“{record_id}”已经存在；请换一个编号")
    _check_id(kind, record_id)
    text = path.read_text(encoding="utf-8")
    field = re.escape(kind.entries)
    if not re.search(rf"^{field}:", text, re.M) or re.search(rf"^{field}:(?:.|\n)*\n[a-z_]+:", text):
        raise ScaffoldError(f"{kind.path} 的 {kind.entries}: 不是最后一个字段，无法自动追加；请手工添加")
    first = re.search(rf"^{field}:\s*\n(?:\s*#.*\n)*( *)- ", text, re.M)
    indent = first.group(1) if first else "  "
    stub = _template(kind.new).substitute(values, id=record_id)
    stub = "\n".join(indent + line[2:] if line.startswith("  ") else line for line in stub.split("\n"))
    line = text.rstrip("\n").count("\n") + 3
    path.write_text(text.rstrip("\n") + "\n" + stub, encoding="utf-8")
    return f"{kind.path}:{line}"
