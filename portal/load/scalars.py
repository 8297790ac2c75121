"""How a scalar written in a data file is read: one rule, and what to say when a value is unclear.

Quoted and block scalars are always text. A plain one is read as a boolean, null, number or date
only when every YAML reader agrees (YAML 1.1, which PyYAML and many tools follow, and YAML 1.2):
`true`, `false`, `null` in lower case, `~` or nothing, decimal integers without a leading zero,
decimal fractions, and days written `YYYY-MM-DD`. Whatever readers disagree on (`no`, `on`, `True`,
`010`, `08`, `1e3`, `0o17`, `0x1F`, `1_000`, `+.5`, `2014-4-9`, a time stamp) becomes `Ambiguous`,
so that a text field asks for quotes and a typed field for the plain form; a `YYYY-MM-DD` value
that is no real day becomes `BadDate`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ambiguous:
    """A plain scalar that YAML readers do not all read the same way (`no`, `on`, `010`, `1e3`)."""

    raw: str
    reads_as: str  # Chinese: what other YAML tools would make of it

    def __str__(self) -> str:
        return self.raw


@dataclass(frozen=True)
class BadDate:
    """A plain scalar written as YYYY-MM-DD that is no real day (2014-02-30)."""

    raw: str

    def __str__(self) -> str:
        return self.raw


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*|\.[0-9]+")
# Anything that YAML 1.1 or YAML 1.2 reads as a number (and is not one of the two safe forms
# above): octal, hexadecimal, binary, sexagesimal, underscores, exponents, signs before a dot,
# leading zeros, infinities and NaN.
_NUMBERISH = re.compile(
    r"[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)"
    r"|[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LOOSE_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")  # YAML 1.1 reads it as a date, YAML 1.2 as text
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}.*")
_WORDS = {"true": True, "false": False, "null": None, "~": None, "": None}
_YES_NO_11 = {"yes", "no", "on", "off", "y", "n"}  # YAML 1.1 booleans, in any case
# Every reading other than text starts with one of these: most values (Chinese) skip every test.
_SPECIAL_FIRST = frozenset("+-.0123456789~nNtTfFyYoO")
_NUMBER_FIRST = frozenset("+-.0123456789")  # numbers, dates and time stamps


def resolve_scalar(raw: str, plain: bool) -> Any:
    """The value of a scalar: quoted and block scalars are text; a plain one is read as described
    in the module's docstring."""
    if not plain or (raw and raw[0] not in _SPECIAL_FIRST):
        return raw
    if raw in _WORDS:
        return _WORDS[raw]
    if raw[0] in _NUMBER_FIRST:
        if len(raw) == 10 and _ISO_DATE.fullmatch(raw):  # the usual case first
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                return BadDate(raw)
        if _INT.fullmatch(raw):
            return int(raw)
        if _FLOAT.fullmatch(raw):
            return float(raw)
        if _NUMBERISH.fullmatch(raw):
            if raw.lower().lstrip("+-") in (".inf", ".nan"):
                return Ambiguous(raw, "无穷大或“非数”")
            return Ambiguous(raw, "数字（各种工具读出的数各不相同，有的读成文字）")
        if _LOOSE_DATE.fullmatch(raw):
            return Ambiguous(raw, "日期（有的工具读成文字）")
        if _TIMESTAMP.fullmatch(raw):
            return Ambiguous(raw, "日期时间")
        return raw
    lower = raw.lower()
    if lower in ("true", "false"):
        return Ambiguous(raw, "是/否（布尔值），而小写的 true、false 才是所有工具都认的写法")
    if lower == "null":
        return Ambiguous(raw, "空值，而小写的 null 才是所有工具都认的写法")
    if lower in _YES_NO_11:
        return Ambiguous(raw, "是/否（布尔值）")
    return raw
