"""Every machine-readable file of a release read back by the parser its readers use: Atom feeds by
feedparser, the calendar by icalendar, JSON and CSV by Python's own readers, HTML pages by an HTML
parser, with the characters no published text may hold (portal/load/reader.py) looked for too.

Validation refuses hostile text before it reaches an output; this is the second lock, run by
`portal publish` on the built folder (release_checks.CHECKS) and by the property test on every
export of arbitrary accepted text (tests/test_pipeline_properties.py).
"""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

from portal.load.reader import find_hostile, hostile_character


class Unreadable(ValueError):
    """What is wrong, in Chinese."""


def _text(content: bytes) -> str:
    text = content.decode("utf-8")  # UnicodeDecodeError: not UTF-8
    index = find_hostile(text.replace("\r", ""))
    if index >= 0:
        raise Unreadable(f"含有{hostile_character(text.replace(chr(13), '')[index])}")
    return text


def _atom(content: bytes) -> None:
    import feedparser

    _text(content)
    parsed = feedparser.parse(content)
    if parsed.bozo:
        raise Unreadable(f"订阅源阅读器读不了：{type(parsed.bozo_exception).__name__}")
    if parsed.version != "atom10":
        raise Unreadable("不是 Atom 1.0 订阅源")


def _calendar(content: bytes) -> None:
    import icalendar

    _text(content)
    icalendar.Calendar.from_ical(content)


def _json(content: bytes) -> None:
    json.loads(_text(content))


def _csv(content: bytes) -> None:
    rows = list(csv.reader(io.StringIO(_text(content).removeprefix("\ufeff"), newline=""), strict=True))
    widths = {len(row) for row in rows}
    if len(widths) > 1:
        raise Unreadable(f"各行的列数不一致（{'、'.join(map(str, sorted(widths)))}）")


def _html(content: bytes) -> None:
    page = HTMLParser(convert_charrefs=True)
    page.feed(_text(content))
    page.close()


READERS: dict[str, Callable[[bytes], None]] = {
    ".atom": _atom, ".ics": _calendar, ".json": _json, ".csv": _csv, ".html": _html,
}


def unreadable(name: str, content: bytes) -> str | None:
    """Why a file of the release cannot be read by its parser, in Chinese; None when it can."""
    reader = READERS.get(Path(name).suffix)
    if reader is None:
        return None
    try:
        reader(content)
    except UnicodeDecodeError:
        return "不是 UTF-8 编码"
    except Unreadable as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - whatever the parser says, the readers cannot read it
        return f"解析失败（{type(exc).__name__}：{exc}）"[:200]
    return None


def site_files(site: Path) -> list[str]:
    """A problem for every Atom, iCalendar, JSON, CSV or HTML file of the built site its parser cannot read."""
    problems = []
    for path in sorted(site.rglob("*")):
        if path.suffix in READERS and path.is_file() and "pagefind" not in path.relative_to(site).parts[0]:
            why = unreadable(path.name, path.read_bytes())
            if why:
                problems.append(f"{path.relative_to(site).as_posix()}：{why}")
    return problems
