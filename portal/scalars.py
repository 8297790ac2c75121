"""How a scalar written in a data file is read: the one rule both YAML readers apply.

Quoted and block scalars are always text. Plain ones follow YAML 1.2's core schema; whatever YAML
1.1 tools would read differently becomes `Ambiguous`, and a date-shaped value that is no real day
becomes `BadDate`, so validation can say exactly what to write instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ambiguous:
    """A plain scalar that YAML 1.1 tools read as something other than text (`no`, `on`, `010`)."""

    raw: str
    reads_as: str  # Chinese: what other YAML tools would make of it

    def __str__(self) -> str:
        return self.raw


@dataclass(frozen=True)
class BadDate:
    """A plain scalar shaped like a date that is no real day (2014-02-30)."""

    raw: str

    def __str__(self) -> str:
        return self.raw


_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}")
_BOOL_12 = {"true": True, "false": False}
_BOOL_11 = {"yes", "no", "on", "off", "y", "n"}
_NULL = {"", "~", "null"}
SPECIAL_FIRST = frozenset("+-.0123456789~nNtTfFyYoO")  # every non-text reading below starts so
_OTHER_INT_11 = re.compile(r"^[-+]?(0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[1-9][0-9_]*(:[0-5]?[0-9])+|[0-9][0-9_]*_[0-9_]*)$")


def resolve_scalar(raw: str, plain: bool) -> Any:
    """Quoted and block scalars are always text. Plain ones follow YAML 1.2's core schema
    (true/false, null, decimal numbers, ISO dates); whatever YAML 1.1 tools would read
    differently (`no`, `on`, `010`, `1_000`, a time stamp) becomes `Ambiguous`, so that a text
    field asks for quotes and a yes/no field asks for true/false, instead of guessing."""
    if not plain or (raw and raw[0] not in SPECIAL_FIRST):  # fast path: most text is Chinese
        return raw
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-" and _DATE.match(raw):  # the usual date, first
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return BadDate(raw)
    lower = raw.lower()
    if lower in _NULL:
        return None
    if lower in _BOOL_12:
        return _BOOL_12[lower]
    if lower in _BOOL_11:
        return Ambiguous(raw, "是/否（布尔值）")
    if _INT.match(raw):
        return int(raw)
    if _OTHER_INT_11.match(raw):
        return Ambiguous(raw, "数字")
    if _FLOAT.match(raw):
        if "_" in raw:
            return Ambiguous(raw, "小数")
        if raw.lower().endswith(("inf", "nan")):  # YAML's .inf, -.inf and .nan: no figure staff mean
            return Ambiguous(raw, "数字")
        # the pattern also admits a mantissa without digits ("." or "-.e3"): that is no number, but text
        return float(raw) if re.match(r"[-+]?\.?[0-9]", raw) else raw
    if _DATE.match(raw):
        try:
            year, month, day = (int(p) for p in raw.split("-"))
            return dt.date(year, month, day)
        except ValueError:
            return BadDate(raw)
    if _TIMESTAMP.match(raw):
        return Ambiguous(raw, "日期时间")
    return raw
