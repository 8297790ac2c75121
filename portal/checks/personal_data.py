"""Where the personal-data guard (portal/load/privacy.py) looks: everything published or public in the
repository. Every value and field name of every data file, every YAML comment, every file and
folder name under data/, the text inside every file published from data/files/ (PDF, DOCX, XLSX),
and the metadata of every published image (EXIF author, GPS position).

Official contacts are allowed only where they are declared: a mobile number written in a phone
field (a field of type Phone) of data/site.yml or data/offices.yml is an official contact, and may
appear in any phone field (a guide's consult_phone names the office's phone). Free text is scanned
everywhere, the free text of site.yml and offices.yml too: an official number in a sentence is a
number someone copied, and the next one copied will not be official.
"""

from __future__ import annotations

import functools
import os
import typing
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import BaseModel

from portal.checks import messages
from portal.load import files as stored_files, privacy
from portal.load.problems import Problem, field_path
from portal.load.reader import Ambiguous, Document
from portal.model.records import IDENTITY_FOLDER
from portal.model.types import Phone

CONTACT_FILES = ("data/site.yml", "data/offices.yml")
"""Where official phone numbers are declared, in their phone fields."""
ANY = "*"  # any index of a list, in a field pattern


@functools.cache
def phone_fields(model: type[BaseModel]) -> frozenset[tuple]:
    """The places of model (and of the models inside it) whose type is Phone: ('offices', '*', 'phone')."""
    found: set[tuple] = set()
    for name, hint in typing.get_type_hints(model, include_extras=True).items():
        for path, inner in _unwrapped(hint, (name,)):
            if inner == Phone:
                found.add(path)
            elif isinstance(inner, type) and issubclass(inner, BaseModel):
                found.update((*path, *rest) for rest in phone_fields(inner))
    return frozenset(found)


def _unwrapped(hint: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    """Optional[X] -> X, list[X] -> X at path + (ANY,)."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or str(origin) == "types.UnionType":
        for arg in typing.get_args(hint):
            if arg is not type(None):
                yield from _unwrapped(arg, path)
    elif origin is list:
        yield from _unwrapped(typing.get_args(hint)[0], (*path, ANY))
    else:
        yield path, hint


def _pattern(loc: tuple) -> tuple:
    return tuple(ANY if isinstance(part, int) else part for part in loc)


def official_contacts(documents: Iterable[tuple[Document, type[BaseModel]]]) -> frozenset[str]:
    """The mobile numbers written in the phone fields of site.yml and offices.yml."""
    found = set()
    for doc, model in documents:
        if doc.path not in CONTACT_FILES:
            continue
        fields = phone_fields(model)
        for loc, text in privacy.strings(doc.data):
            if _pattern(loc) in fields:
                found.update(f.key for f in privacy.find(text) if f.kind == "手机号码")
    return frozenset(found)


def check(root: Path, documents: list[tuple[Document, type[BaseModel]]], published: Iterable[str]) -> list[Problem]:
    """Every piece of personal data in the data files, their comments, the names under data/ and
    the files of data/files/ that validation accepted (`published`, by name)."""
    contacts = official_contacts(documents)
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for doc, model in documents:
        for loc, finding, is_key in _values(doc.data, (), phone_fields(model), contacts):
            line, column = _locate(doc, loc, finding, is_key)
            if (doc.path, line, finding.kind, finding.key) not in seen:
                seen.add((doc.path, line, finding.kind, finding.key))
                problems.append(Problem(doc.path, line, column, field_path(loc),
                                        messages.label(model, loc), finding.message))
        for line, column, finding in comments(doc.text):
            if (doc.path, line, finding.kind, finding.key) not in seen:
                seen.add((doc.path, line, finding.kind, finding.key))
                problems.append(Problem(doc.path, line, column, "", "", "注释里" + finding.message))
    problems += names(root)
    problems += contents(root, published)
    return problems


def _values(container: dict | list, loc: tuple, fields: frozenset, contacts: frozenset[str]):
    """(loc, finding, in the field name) for every finding in a value or a field name, except an
    official mobile number in a phone field. A plain recursion: 10,000 files hold millions of values,
    so a location is put together only when something is found."""
    is_dict = type(container) is dict
    for key, value in (container.items() if is_dict else enumerate(container)):
        if is_dict:
            for finding in _in_name(key) if type(key) is str else ():
                yield (*loc, key), finding, True
        kind = type(value)
        if kind is dict or kind is list:
            yield from _values(value, (*loc, key), fields, contacts)
            continue
        if kind is not str and kind is not Ambiguous and kind is not int:
            continue
        found = privacy.find(str(value))
        if not found:
            continue
        in_phone_field = _pattern((*loc, key)) in fields
        for finding in found:
            if not (in_phone_field and finding.kind == "手机号码" and finding.key in contacts):
                yield (*loc, key), finding, False


@functools.lru_cache(maxsize=1024)
def _in_name(key: str) -> list[privacy.Finding]:
    """Findings in a field name: the same few hundred names, written in every file."""
    return privacy.find(key)


def _locate(doc: Document, loc: tuple, finding: privacy.Finding, is_key: bool) -> tuple[int, int]:
    """Where the finding is written in the file: its line and column inside the value when the
    value's text is found as written (a quoted value with escapes, or one folded over lines, is
    shown at its start)."""
    line, column = doc.position(loc, key=is_key)
    if not doc.text:
        return line, column
    value = loc[-1] if is_key else _value_at(doc.data, loc)
    written = str(value)[finding.start:finding.end]
    lines = doc.text.split("\n")
    for number in range(line - 1, min(line + 200, len(lines))):
        index = lines[number].find(written, column - 1 if number == line - 1 else 0)
        if index >= 0:
            return number + 1, index + 1
    return line, column


def _value_at(data: Any, loc: tuple) -> Any:
    for part in loc:
        data = data[part]
    return data


def comments(text: str) -> Iterator[tuple[int, int, privacy.Finding]]:
    """(line, column, finding) for personal data in the YAML comments of text."""
    if "#" not in text:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        start = _comment_start(line)
        if start is None:
            continue
        for finding in privacy.find(line[start:]):
            yield number, start + finding.start + 1, finding


def _comment_start(line: str) -> int | None:
    """Where a comment starts on a line: a # at the start or after a space or tab, outside quotes.
    A # inside a multi-line quoted value may be taken for one; what is found there is found in the
    value too, and reported once."""
    if "#" not in line:
        return None
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"" and (index == 0 or line[index - 1] in " \t[{,:-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return index
    return None


def names(root: Path) -> list[Problem]:
    """Personal data in the name of a file or folder under data/ (the names are public in the repository)."""
    problems = []
    for folder, dirs, files in os.walk(Path(root) / "data"):
        dirs.sort()
        for name in sorted(dirs + files):
            readable = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            for finding in privacy.find(readable):
                relative = Path(folder, readable).relative_to(root).as_posix()
                problems.append(Problem(privacy.redact(relative), 1, 1, "", "",
                                        "文件名里" + finding.message + "；请给文件改名"))
    return problems


def contents(root: Path, published: Iterable[str]) -> list[Problem]:
    """Personal data in the text of the files published from data/files/, and images (there and
    in data/identity/) that carry who took them or where."""
    from portal.checks import file_text  # pypdf, python-docx, openpyxl, Pillow: only when there are files

    problems = []
    identity = Path(root) / "data" / IDENTITY_FOLDER
    # only the pictures there: a file that is not one is the site check's to report (validate._check_site_files)
    badges = [path for path in sorted(identity.iterdir()) if path.is_file() and stored_files.detected(str(path)) in
              (stored_files.BY_EXTENSION["png"], stored_files.BY_EXTENSION["jpg"])] if identity.is_dir() else []
    for path in [Path(root) / stored_files.FOLDER / name for name in sorted(published)] + badges:
        shown = path.relative_to(root).as_posix()
        try:
            found = file_text.texts(path)
        except file_text.UnreadableFile as exc:
            problems.append(Problem(shown, 1, 1, "", "", str(exc)))
            continue
        for where, text in found:
            for finding in privacy.find(text):
                problems.append(Problem(shown, 1, 1, "", "", f"{where}{finding.message}；请改好原文件后重新导出"))
        for problem in file_text.image_metadata(path):
            problems.append(Problem(shown, 1, 1, "", "", problem))
    return problems
