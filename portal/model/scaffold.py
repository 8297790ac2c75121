"""`portal new`: a valid stub of a new record, with the next free id, for staff to fill in."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from string import Template

from portal.load.reader import LoadError, load_file
from portal.model.asof import default_as_of

KINDS = ("guide", "rule", "item", "event")
_FOLDERS = {"guide": ("guides", "xin-zhinan"), "rule": ("rules", "xin-zhidu")}
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    pass


def _template(kind: str) -> Template:
    return Template(resources.files("portal.render").joinpath(f"templates/new/{kind}.yml").read_text(encoding="utf-8"))


def _read(root: Path, name: str) -> dict:
    path = root / "data" / name
    try:
        return load_file(path, f"data/{name}").data
    except LoadError as exc:
        raise ScaffoldError(f"请先修正 {exc.problem}") from None


def _next_free(existing: set[str], prefix: str) -> str:
    n = 1
    while f"{prefix}-{n}" in existing:
        n += 1
    return f"{prefix}-{n}"


def new_record(root: Path, kind: str, record_id: str | None = None, as_of: dt.date | None = None) -> str:
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
    }
    if kind == "event":
        return _append_event(root, record_id, values)
    if kind == "item":
        folder = root / "data" / "rectification"
        prefix = f"ZG-{today.year}-"
        taken = [int(p.stem[len(prefix):]) for p in folder.glob(f"{prefix}[0-9][0-9][0-9].yml")]
        record_id = record_id or f"{prefix}{max(taken, default=0) + 1:03d}"
        if not re.fullmatch(r"ZG-[0-9]{4}-[0-9]{3}", record_id):
            raise ScaffoldError(f"“{record_id}”不是有效的整改事项编号；请写成 ZG-2014-001 这样的格式")
    else:
        sub, prefix = _FOLDERS[kind]
        folder = root / "data" / sub
        record_id = record_id or _next_free({p.stem for p in folder.glob("*.yml")}, prefix)
        if not _SLUG.match(record_id):
            raise ScaffoldError(f"“{record_id}”不是有效的编号；只能用小写英文字母、数字和连字符")
    path = folder / f"{record_id}.yml"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} 已经存在；请换一个编号")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(_template(kind).substitute(values, id=record_id), encoding="utf-8")
    return path.relative_to(root).as_posix()


def _append_event(root: Path, record_id: str | None, values: dict) -> str:
    path = root / "data" / "timeline.yml"
    events = _read(root, "timeline.yml").get("events") or []
    taken = {e.get("id") for e in events if isinstance(e, dict)}
    record_id = record_id or _next_free(taken, "xin-huodong")
    if record_id in taken:
        raise ScaffoldError(f"活动编号“{record_id}”已经存在；请换一个编号")
    if not _SLUG.match(record_id):
        raise ScaffoldError(f"“{record_id}”不是有效的编号；只能用小写英文字母、数字和连字符")
    text = path.read_text(encoding="utf-8")
    if not re.search(r"^events:", text, re.M) or re.search(r"^events:(?:.|\n)*\n[a-z_]+:", text):
        raise ScaffoldError("data/timeline.yml 的 events: 不是最后一个字段，无法自动追加；请手工添加")
    first = re.search(r"^events:\s*\n(?:\s*#.*\n)*( *)- ", text, re.M)
    indent = first.group(1) if first else "  "
    stub = _template("event").substitute(values, id=record_id)
    stub = "\n".join(indent + line[2:] if line.startswith("  ") else line for line in stub.split("\n"))
    line = text.rstrip("\n").count("\n") + 3
    path.write_text(text.rstrip("\n") + "\n" + stub, encoding="utf-8")
    return f"data/timeline.yml:{line}"
