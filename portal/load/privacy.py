"""The personal-data guard: resident ID numbers, mobile numbers, e-mail addresses and bank card
numbers found in any string of the data, so that validation stops before they are published.

Each kind is matched strictly enough that ordinary numbers pass: an ID number must carry a valid
ISO 7064 MOD 11-2 check character and a real birth date, a card number must pass the Luhn check,
and no number is taken from the middle of a longer run of digits. Mobile numbers and e-mail
addresses written anywhere in site.yml or offices.yml are the department's official contacts and
may appear everywhere. Messages show only the masked form, so a CI log never repeats the data.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from portal.load.reader import Ambiguous

CONTACT_FILES = ("data/site.yml", "data/offices.yml")
"""Where official phone numbers and e-mail addresses are listed."""

# Between the groups of a number: one space, one hyphen, or a hyphen with spaces (after `normalise`).
_SEP = r"(?: ?- ?| )"
_ID_NUMBER = re.compile(rf"(?<![0-9])[1-9](?:{_SEP}?[0-9]){{16}}{_SEP}?[0-9Xx](?![0-9])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Optional +86, then 3-4-4 digits.
_MOBILE = re.compile(rf"(?<![0-9])(?:\+?86{_SEP}?)?(1[3-9][0-9]){_SEP}?([0-9]{{4}}){_SEP}?([0-9]{{4}})(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Card networks' first digits: 3 (American Express, JCB), 4 (Visa), 5 (Mastercard), 6 (UnionPay);
# written in one run or in groups of four.
_CARD = re.compile(rf"(?<![0-9])(?:[3-6][0-9]{{12,18}}|[3-6][0-9]{{3}}(?:{_SEP}[0-9]{{4}}){{2,3}}(?:{_SEP}[0-9]{{1,4}})?)(?![0-9])")
_SEPARATORS = re.compile(r"[ -]")

_ASCII_DIGIT = re.compile(r"[0-9]")


def _classes(*categories: str) -> dict[str, list[str]]:
    """The characters of the Basic Multilingual Plane in each of the given Unicode categories."""
    found: dict[str, list[str]] = {category: [] for category in categories}
    for char in map(chr, range(0x10000)):
        members = found.get(unicodedata.category(char))
        if members is not None:
            members.append(char)
    return found


def _any_of(chars: list[str]) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]+")


_BY_CATEGORY = _classes("Cf", "Pd")
_INVISIBLE = _any_of(_BY_CATEGORY["Cf"])  # zero-width spaces and joiners, soft hyphens, direction marks, BOM
_DASHES = _any_of(_BY_CATEGORY["Pd"] + ["\u2212", "\ufe63", "\uff0d"])  # every dash and hyphen, and the minus sign
_SPACES = re.compile(r"\s+")  # every Unicode space, separator and line break: no-break, ideographic, thin


def normalise(text: str) -> str:
    """The text as a reader sees it: fullwidth digits, letters and signs as ASCII (NFKC), invisible
    characters removed, every kind of space as one space and every kind of dash as a hyphen."""
    return _unify(_nfkc(text))


def _nfkc(text: str) -> str:
    # asking first is a tenth of the cost of normalising text that already is (most of it)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _unify(text: str) -> str:
    """Invisible characters out, every space one space, every dash a hyphen (after NFKC)."""
    return _DASHES.sub("-", _SPACES.sub(" ", _INVISIBLE.sub("", text)))


CONTACT_HINT = "公开的公务电话和邮箱请登记在 data/site.yml 或 data/offices.yml 里"


@dataclass(frozen=True)
class Finding:
    """One piece of personal data in a string: what it is, and the masked form staff may write."""

    kind: str  # Chinese: 居民身份证号码
    masked: str  # 370702********1234
    key: str  # normalised value, to compare with the official contacts

    @property
    def message(self) -> str:
        return {
            "居民身份证号码": f"写有完整的居民身份证号码。个人信息不能公开：请删除，或遮盖成“{self.masked}”这样只留前 6 位和后 4 位的形式",
            "手机号码": f"写有手机号码。个人手机号不能公开：请删除，或遮盖成“{self.masked}”这样只留前 3 位和后 4 位的形式；{CONTACT_HINT}",
            "电子邮箱地址": f"写有电子邮箱地址。个人邮箱不能公开：请删除，或遮盖成“{self.masked}”这样的形式；{CONTACT_HINT}",
            "银行卡号": f"写有银行卡号。银行卡号不能公开：请删除，或遮盖成“{self.masked}”这样只留前 6 位和后 4 位的形式",
        }[self.kind]


def _birth_date(number: str, earliest: int = 1900) -> dt.date | None:
    """The date in characters 7-14 of an 18-character number, if it is a real day from `earliest` on."""
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if dt.date(earliest, 1, 1) <= born < dt.date(2100, 1, 1) else None


def is_resident_id(number: str) -> bool:
    """18 characters, a real birth date in characters 7-14 and the right check character."""
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit() or _birth_date(number) is None:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def passes_luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _mask_email(address: str) -> str:
    local, domain = address.split("@", 1)
    return f"{local[0]}***@{domain}"


def find(text: str) -> list[Finding]:
    """Every piece of personal data in text, in order of kind, read after `normalise`: fullwidth
    digits, no-break or ideographic spaces and zero-width characters are no way around the guard."""
    text = _nfkc(text)
    if "@" not in text and not _ASCII_DIGIT.search(text):
        return []  # every kind needs a digit or an @, and NFKC has made every digit and @ ASCII
    text = _unify(text)
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for match in _ID_NUMBER.finditer(text):
        number = _SEPARATORS.sub("", match.group())
        if is_resident_id(number):
            number = number.upper()
            found.append(Finding("居民身份证号码", f"{number[:6]}********{number[-4:]}", number))
            taken.append(match.span())
    for match in _CARD.finditer(text):
        digits = _SEPARATORS.sub("", match.group())
        # A mistyped or very old ID number is not a card: anything shaped like an ID (a date) passes.
        id_shaped = len(digits) == 18 and _birth_date(digits, earliest=1800) is not None
        overlaps = any(start < match.end() and match.start() < end for start, end in taken)
        if 13 <= len(digits) <= 19 and passes_luhn(digits) and not id_shaped and not overlaps:
            found.append(Finding("银行卡号", f"{digits[:6]}{'*' * (len(digits) - 10)}{digits[-4:]}", digits))
    for match in _MOBILE.finditer(text):
        digits = "".join(match.groups())
        found.append(Finding("手机号码", f"{digits[:3]}****{digits[-4:]}", digits))
    for match in _EMAIL.finditer(text):
        address = match.group()
        found.append(Finding("电子邮箱地址", _mask_email(address), address.lower()))
    return found


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


def official_contacts(documents: Iterable[tuple[str, Any]]) -> frozenset[str]:
    """The mobile numbers and e-mail addresses written in the contact files, normalised."""
    return frozenset(
        finding.key
        for path, data in documents if path in CONTACT_FILES
        for _, text in strings(data)
        for finding in find(text) if finding.kind in ("手机号码", "电子邮箱地址")
    )


def scan(data: Any, contacts: frozenset[str]) -> list[tuple[tuple, Finding]]:
    """(location, finding) for every piece of personal data in a document that is not an official
    contact: every text value (and every number, see `strings`) is read."""
    found: list[tuple[tuple, Finding]] = []
    _visit(data, (), contacts, found)
    return found


def _visit(container: dict | list, loc: tuple, contacts: frozenset[str], found: list) -> None:
    # `strings` as a plain recursion: a data file has hundreds of values and 10,000 files millions,
    # so the location of a value is put together only when something is found in it.
    for key, value in (container.items() if type(container) is dict else enumerate(container)):
        kind = type(value)
        if kind is dict or kind is list:
            _visit(value, (*loc, key), contacts, found)
            continue
        if kind is not str and kind is not Ambiguous and kind is not int:
            continue
        seen: set[tuple[str, str]] = set()
        for finding in find(str(value)):
            if finding.key not in contacts and (finding.kind, finding.key) not in seen:
                seen.add((finding.kind, finding.key))
                found.append(((*loc, key), finding))
