"""The real data as plain PyYAML reads it, and the few rules a reader works out by hand from the
data dictionary: the status the public sees, the current deadline, overdue. Tests of the site and
its downloads take their expected values from here, never from the portal's models, which are the
code under test: a mistake in the models then shows as a difference instead of hiding itself."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

CLOSING = ("已完成", "已答复")  # an office reports the item closed (办结) with one of these
AWAITING = "待核验"  # shown for a closure nobody else has verified yet
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")  # as staff write a recurrence's weekday


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def site() -> dict:
    return read(DATA / "site.yml")


def offices() -> list[dict]:
    return read(DATA / "offices.yml")["offices"]


def guides() -> list[dict]:
    """By file name, which is the id."""
    return [read(p) for p in sorted((DATA / "guides").glob("*.yml"))]


def rules() -> list[dict]:
    return [read(p) for p in sorted((DATA / "rules").glob("*.yml"))]


def first_day(event: dict) -> dt.date:
    return event["date"] if "date" in event else event["recurrence"]["starts_on"]


def events() -> list[dict]:
    """By first day; events on the same day in the order timeline.yml lists them."""
    return sorted(read(DATA / "timeline.yml")["events"], key=first_day)


def items(corrected: bool = True) -> list[dict]:
    """The rectification items by id, each (unless corrected=False) as the public sees it: with its
    corrections applied, `field` (updates[1].date, deadline) set to `now`."""
    found = [read(p) for p in sorted((DATA / "rectification").glob("*.yml"))]
    return [apply_corrections(i) for i in found] if corrected else found


def apply_corrections(item: dict) -> dict:
    item = copy.deepcopy(item)
    for correction in item.get("corrections", []):
        *parents, last = [int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", correction["field"])]
        holder = item
        for part in parents:
            holder = holder[part]
        was = holder[last]
        holder[last] = dt.date.fromisoformat(str(correction["now"])) if isinstance(was, dt.date) else correction["now"]
    return item


def status(item: dict) -> str:
    """The status of the last update, as the office reported it."""
    return item["updates"][-1]["status"]


def shown_status(item: dict) -> str:
    """What the public sees: a closure counts once someone other than the office verified it."""
    return AWAITING if status(item) in CLOSING and "verification" not in item else status(item)


def current_deadline(item: dict) -> dt.date:
    """The last deadline change's new deadline, else the deadline first promised."""
    return item["deadline_changes"][-1]["to"] if item.get("deadline_changes") else item["deadline"]


def is_overdue(item: dict, as_of: dt.date) -> bool:
    """Past the current deadline with no closure reported (a closure awaiting verification is not overdue)."""
    return status(item) not in CLOSING and current_deadline(item) < as_of
