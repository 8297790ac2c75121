"""The personal-data guard: resident ID numbers, mobile numbers, e-mail addresses and bank card
numbers, however they are written, found in a piece of text, so that validation stops before they
are published. Where the guard looks (values, comments, file names, files) is portal/checks/personal_data.py.

Text is read as a person reads it (`normalise`): digits of every script, circled, parenthesised and
full-stop digits and Chinese numerals become ASCII digits; short runs of spaces, dashes, dots,
slashes, middle dots and invisible characters between digits split a number into groups rather
than ending it. A number is any run of whole consecutive groups, so `138 0013 8000`,
`1-3-8-0-0-1-3-8-0-0-0` and two numbers side by side are all read. Each kind is then matched
strictly enough that ordinary numbers pass: an ID number must carry a valid check character (18
digits) or a real birth date (15), a card number must start as cards do and pass the Luhn check.
Every finding keeps where it was written in the original text, and messages show only its masked form.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterator

from portal.load.problems import Problem
from portal.load.reader import Ambiguous

CONTACT_HINT = "公务电话请写在 data/site.yml 或 data/offices.yml 的电话字段里，页面会在提到该科室的地方显示它"

# --- reading digits as a person does ------------------------------------------------------------

CHINESE_DIGITS = {c: str(i % 10) for i, c in enumerate("〇一二三四五六七八九零壹贰叁肆伍陆柒捌玖")}
CHINESE_DIGITS.update({"貳": "2", "參": "3", "陸": "6", "幺": "1", "两": "2", "兩": "2"})
_CIRCLED = "\u2460-\u249b\u24ea-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089"
_DIGITISH = rf"[\d{_CIRCLED}{''.join(CHINESE_DIGITS)}]"
# What may stand between the groups of one number: spaces of every kind, dashes and the minus sign,
# dots (ASCII, fullwidth, ideographic 。), slashes, middle dots and bullets, underscores, invisible characters,
# and brackets around a group, as in (0536) or +86 (139) 1234 5678.
_SEPARATOR = (r"[()（）\[\]【】\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d.\uff0e\u3002\uff61/\uff0f\\\u00b7\u30fb\uff65\u2022\u2027"
              r"\u2219\u22c5_\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_MAX_SEPARATOR = 3  # a longer run of separators ends the number
_RUN = re.compile(rf"{_DIGITISH}(?:{_SEPARATOR}{{0,{_MAX_SEPARATOR}}}{_DIGITISH})+(?:{_SEPARATOR}{{0,{_MAX_SEPARATOR}}}[Xx×ＸｘⅩ])?")
_SEPARATOR_CHAR = re.compile(_SEPARATOR)
_MIN_DIGITS = 11  # the shortest kind (a mobile number) has 11 digits
# A quick first look: text without a digit of any kind or an @ sign (most of it) is skipped.
_AT_CANDIDATE = re.compile(r"[@＠﹫#＃]|[(（\[【]\s*at\s*[)）\]】]", re.IGNORECASE)
_CANDIDATE = re.compile(rf"{_DIGITISH}|{_AT_CANDIDATE.pattern}", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _digit(char: str) -> str:
    """The ASCII digit(s) a digit-like character stands for ('' for a separator or an X)."""
    if char in CHINESE_DIGITS:
        return CHINESE_DIGITS[char]
    value = unicodedata.digit(char, None)
    if value is not None:
        return str(value)
    return "".join(c for c in unicodedata.normalize("NFKC", char) if c.isdigit())  # ⑩ -> 10, ⒇ -> 20


@dataclass(frozen=True)
class Group:
    """Digits written without a separator between them, and where they are in the original text."""

    digits: str
    start: int
    end: int


def digit_groups(text: str) -> Iterator[list[Group]]:
    """For each run of digits that could be a number: its groups, read as ASCII digits.
    A change between Chinese numerals and other digits also starts a group (一三八0013八000)."""
    for run in _RUN.finditer(text):
        groups: list[Group] = []
        digits, start, chinese = "", run.start(), None
        for index in range(run.start(), run.end()):
            char = text[index]
            if _SEPARATOR_CHAR.match(char):
                if digits:
                    groups.append(Group(digits, start, index))
                digits, chinese = "", None
                continue
            if char in "Xx×ＸｘⅩ":
                digits, start, chinese = (digits, start, chinese) if digits else ("", index, None)
                digits += "X"
                continue
            is_chinese = char in CHINESE_DIGITS
            if digits and chinese is not None and is_chinese != chinese:
                groups.append(Group(digits, start, index))
                digits = ""
            if not digits:
                start = index
            digits += _digit(char)
            chinese = is_chinese
        if digits:
            groups.append(Group(digits, start, run.end()))
        if sum(len(g.digits) for g in groups) >= _MIN_DIGITS:
            yield groups


# --- the kinds ------------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"(?:0{0,2}86)?0?(1[3-9][0-9]{9})")  # +86, 0086, 086, 86 or a trunk 0 before it
# Card networks' first digits: 2221-2720 (Mastercard's 2-series), 3 (American Express, JCB, Diners),
# 4 (Visa), 5 (Mastercard), 6 (UnionPay, Discover).
_CARD_START = re.compile(r"222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720|[3-6]")


def _birth_date(digits: str, earliest: int = 1900) -> dt.date | None:
    """The date in YYYYMMDD, if it is a real day from `earliest` to 2099."""
    try:
        born = dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return born if dt.date(earliest, 1, 1) <= born < dt.date(2100, 1, 1) else None


def is_resident_id(number: str) -> bool:
    """18 characters, a real birth date in characters 7-14 and the right check character."""
    if len(number) != 18 or not number[:17].isdigit() or number[0] == "0" or _birth_date(number[6:14]) is None:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def is_old_resident_id(number: str) -> bool:
    """The 15-digit numbers issued until 1999: a region code, then the birth date as YYMMDD."""
    return (len(number) == 15 and number.isdigit() and number[0] in "12345678"
            and _birth_date("19" + number[6:12]) is not None)


def passes_luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_card(digits: str) -> bool:
    if not (13 <= len(digits) <= 19 and digits.isdigit() and _CARD_START.match(digits) and passes_luhn(digits)):
        return False
    # A mistyped or very old ID number is not a card: an 18-digit number with a birth date is left alone.
    return not (len(digits) == 18 and _birth_date(digits[6:14], earliest=1800) is not None)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data in a string: what it is, the masked form staff may write, and
    where it is in the string (start and end, as offsets into the original text)."""

    kind: str  # Chinese: 居民身份证号码
    masked: str  # 370702********1234
    key: str  # normalised value, to compare with the official contacts
    start: int = 0
    end: int = 0

    @property
    def message(self) -> str:
        return {
            "居民身份证号码": f"写有完整的居民身份证号码。个人信息不能公开：请删除，或遮盖成“{self.masked}”这样只留前 6 位和后 4 位的形式",
            "手机号码": f"写有手机号码。个人手机号不能公开：请删除，或遮盖成“{self.masked}”这样只留前 3 位和后 4 位的形式；{CONTACT_HINT}",
            "电子邮箱地址": f"写有电子邮箱地址。个人邮箱不能公开：请删除，或遮盖成“{self.masked}”这样的形式",
            "银行卡号": f"写有银行卡号。银行卡号不能公开：请删除，或遮盖成“{self.masked}”这样只留前 6 位和后 4 位的形式",
        }[self.kind]


def _numbers(groups: list[Group], text: str) -> Iterator[Finding]:
    """Every kind of number made of whole consecutive groups, longest first; none overlaps an earlier one."""
    taken: list[tuple[int, int]] = []
    spans = []
    for i in range(len(groups)):
        length = 0
        for j in range(i, len(groups)):
            length += len(groups[j].digits)
            if length > 23:  # 0086 and a mobile number: the longest kind
                break
            if length >= _MIN_DIGITS:
                spans.append((i, j))
    spans.sort(key=lambda span: span[0] - span[1])
    for i, j in spans:
        start, end = groups[i].start, groups[j].end
        if any(s < end and start < e for s, e in taken):
            continue
        number = "".join(g.digits for g in groups[i:j + 1])
        # a code glued to letters (91370700MA3C12345X, 11370700004468612D4000...) is not a person's number
        glued = (start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()) or (
            end < len(text) and text[end].isascii() and text[end].isalnum())
        found = None
        if not glued and is_resident_id(number):
            found = Finding("居民身份证号码", f"{number[:6]}********{number[-4:]}", number.upper())
        elif not glued and is_old_resident_id(number):
            found = Finding("居民身份证号码", f"{number[:6]}*****{number[-4:]}", number)
        elif not glued and is_card(number):
            found = Finding("银行卡号", f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}", number)
        elif mobile := _MOBILE.fullmatch(number):
            digits = mobile.group(1)
            found = Finding("手机号码", f"{digits[:3]}****{digits[-4:]}", digits)
        if found is not None:
            taken.append((start, end))
            yield Finding(found.kind, found.masked, found.key, start, end)


# --- e-mail addresses -----------------------------------------------------------------------------

_AT_SPELLINGS = re.compile(r"\s*(?:[@＠﹫]|[(（\[【]\s*at\s*[)）\]】])\s*|(?<=[\w.])[#＃](?=[\w-]+[.。．｡][\w-])",
                           re.IGNORECASE)
_DOT_SPELLINGS = re.compile(r"[。．｡]|\s*[(（\[【]\s*dot\s*[)）\]】]\s*", re.IGNORECASE)
# Letters, digits and . _ % + - of any script; the domain ends in a label of two or more letters.
_EMAIL = re.compile(r"(?<![/\w.%+-])([\w.%+-]+)@((?:[\w-]+\.)+[^\W\d_]{2,})(?![\w-])")


def _email_view(text: str) -> tuple[str, list[int]]:
    """The text with every spelling of @ and of the dot in their plain form, and the original offset
    of each character kept."""
    out: list[str] = []
    origin: list[int] = []
    position = 0
    spellings = sorted([(m.start(), m.end(), "@") for m in _AT_SPELLINGS.finditer(text)]
                       + [(m.start(), m.end(), ".") for m in _DOT_SPELLINGS.finditer(text)])
    for start, end, plain in spellings:
        if start < position:
            continue
        for index in range(position, start):
            out.append(_nfkc_char(text[index]))
            origin.append(index)
        out.append(plain)
        origin.append(start)
        position = end
    for index in range(position, len(text)):
        out.append(_nfkc_char(text[index]))
        origin.append(index)
    return "".join(out), origin


@functools.lru_cache(maxsize=4096)
def _nfkc_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char  # one character for one, so offsets stay put


def _emails(text: str) -> Iterator[Finding]:
    view, origin = _email_view(text)
    for match in _EMAIL.finditer(view):
        local, domain = match.group(1), match.group(2)
        # 意见请发li@example.com: the address is the ASCII end of a local part that starts in Chinese
        ascii_tail = re.search(r"[A-Za-z0-9._%+-]+$", local)
        if ascii_tail and not local.isascii() and re.search(r"[A-Za-z]", ascii_tail.group()):
            local = ascii_tail.group()
        local = local.lstrip(".")
        if not local:
            continue
        start = origin[match.end(1) - len(local)]
        end = origin[match.end() - 1] + 1
        address = f"{local}@{domain}"
        yield Finding("电子邮箱地址", f"{local[0]}***@{domain}", address.lower(), start, end)


# --- the guard ------------------------------------------------------------------------------------


def find(text: str) -> list[Finding]:
    """Every piece of personal data in text, in the order it is written."""
    if not _CANDIDATE.search(text):
        return []
    found: list[Finding] = []
    for groups in digit_groups(text):
        found.extend(_numbers(groups, text))
    if _AT_CANDIDATE.search(text):
        found.extend(f for f in _emails(text) if not any(f.start < g.end and g.start < f.end for g in found))
    return sorted(found, key=lambda f: f.start)


def redact(text: str) -> str:
    """text with every piece of personal data in it replaced by its masked form: what a message,
    a field path or a file name may repeat."""
    for finding in reversed(find(text)):
        text = text[: finding.start] + finding.masked + text[finding.end:]
    return text


def redacted(problem: Problem) -> Problem:
    """The problem with the personal data in its file name, field path and message masked: a value
    quoted back, or a field named with a phone number, never reaches a CI log as written."""
    return dataclasses.replace(problem, path=redact(problem.path), field=redact(problem.field),
                               message=redact(problem.message))


def strings(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(location, text) of every scalar in a loaded document that could hold a number or an address.

    Integers count too: an unquoted 13800138000 is an integer to YAML and a phone number to a reader.
    """
    pending = [(loc, value)]
    while pending:
        loc, value = pending.pop()
        if isinstance(value, str):
            yield loc, value
        elif isinstance(value, dict):
            pending.extend(((*loc, key), child) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend(((*loc, index), value[index]) for index in range(len(value) - 1, -1, -1))
        elif isinstance(value, Ambiguous) or (isinstance(value, int) and not isinstance(value, bool)):
            yield loc, str(value)
