"""What a release published, read from the release itself: its release.json and the ledger in its own
open data (opendata/rectification.json). `portal publish` checks new data against this, never
against a commit the release names, so it works with or without git, for data committed or not.

`published_data(site)` takes any folder holding a release: DIR/current, a downloaded copy of an
object-storage site, a mirror.

Example:
    published = published_data(Path("/srv/portal/current"))
    load_portal(root, against=published)     # refuses what would rewrite it
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from portal.checks import corrections
from portal.checks.history import Published
from portal.exports.jsondocs import RECTIFICATION
from portal.model import urls

METADATA = "release.json"
"""In each release: its name, when it was built, its as-of date and, for people, the source commit."""
LEDGER = urls.opendata(f"{RECTIFICATION.name}.json")


class LiveError(Exception):
    """The live release cannot say what it published; the message is what staff read."""


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        reason = "不存在" if isinstance(exc, FileNotFoundError) else "无法读取"
        raise LiveError(f"{path.name} {reason}") from None


def as_written(record: dict) -> dict:
    """A published record as its file held it: each correction undone, latest first (the file keeps
    the value published, the open data shows the corrected one)."""
    data = json.loads(json.dumps(record))
    for correction in reversed(data.get("corrections") or []):
        loc = corrections.parse(str(correction.get("field", "")))
        holder = data
        try:
            for part in loc[:-1]:
                holder = holder[part]
            holder[loc[-1]] = correction["was"]
        except (LookupError, TypeError):
            continue  # not a field of this record: the comparison shows the difference
    return data


def published_data(site: Path) -> Published:
    """The ledger the release in site published, as written, and its as-of date: entries dated
    before that day were on the ledger the public saw. LiveError when the release cannot say."""
    metadata = _read_json(site / METADATA)
    ledger = _read_json(site / LEDGER)
    try:
        day = dt.date.fromisoformat(ledger["as_of"])
        derived = set(ledger.get("derived") or ())
        records = {r["id"]: as_written({k: v for k, v in r.items() if k not in derived}) for r in ledger["records"]}
    except (KeyError, TypeError, ValueError, AttributeError):
        raise LiveError(f"{LEDGER} 的格式不对") from None
    name = metadata.get("release") if isinstance(metadata, dict) else None
    return Published(records, day, f"线上版本 {name or site.name}")
