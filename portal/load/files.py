"""File names: which file holds which record (record_key, the one rule), and the files guides offer
for download (blank forms, filled-in examples, samples of a result): what is in data/files/, each
file's type told by its content, not its name, and what is wrong with it.

Every file there is published at /files/<name>, so every file is checked, named by a guide or not.
The type comes from the file's first bytes (the `filetype` library's signatures: %PDF, PNG's and
JPEG's magic numbers, and for DOCX and XLSX the parts inside the ZIP container): a renamed .exe or
an HTML page saved as .pdf is refused, whatever its extension says.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import filetype

def record_key(name: str) -> str:
    """What a record's file name and its id are compared by: ZG-2014-031.yml holds ZG-2014-031, and so
    does zg-2014-031.yml, the name the browser editor (Decap CMS) makes, since it lowercases the file
    names it makes from an id. The id itself stays as written; two files whose names differ only in
    case cannot both be kept (a clone on Windows or macOS would see one file)."""
    return name.removesuffix(".yml").lower()


def holds(file_name: str, record_id: str) -> bool:
    """Whether the file `file_name` (ZG-2014-031.yml) may hold the record `record_id`."""
    return record_key(file_name) == record_key(record_id)


FOLDER = "data/files"
DEFAULT_LIMIT_MB = 5
"""How large a file of data/files/ may be unless site.yml says otherwise (file_limit_mb)."""


@dataclass(frozen=True)
class FileType:
    label: str  # what the page shows: PDF
    mime: str
    extensions: tuple[str, ...]  # the names it may have, the first the usual one


TYPES = (
    FileType("PDF", "application/pdf", ("pdf",)),
    FileType("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    FileType("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    FileType("PNG", "image/png", ("png",)),
    FileType("JPEG", "image/jpeg", ("jpg", "jpeg")),
)
BY_EXTENSION = {ext: kind for kind in TYPES for ext in kind.extensions}
BY_MIME = {kind.mime: kind for kind in TYPES}
TYPE_NAMES = "、".join(kind.label for kind in TYPES)
IMAGE_EXTENSIONS = tuple(ext for ext, kind in BY_EXTENSION.items() if kind.mime.startswith("image/"))
SAFE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.(" + "|".join(BY_EXTENSION) + ")")
"""The file-name rule, for data/files/ here and for the records that name a file (portal/model/types.py's
FileName): part of a public address, nothing to escape."""


def extension_names(extensions) -> str:
    """(pdf, docx, png) -> .pdf、.docx 或 .png, as the messages list them."""
    dotted = [f".{ext}" for ext in extensions]
    return "、".join(dotted[:-1]) + f" 或 {dotted[-1]}"


@dataclass(frozen=True)
class StoredFile:
    name: str  # fuwu-shouce-dengjibiao.pdf
    type: FileType
    size: int  # bytes

    @property
    def size_label(self) -> str:
        return size_label(self.size)


def size_label(size: int) -> str:
    """A size as the page shows it: 820 字节, 38 KB, 1.2 MB (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB"


@dataclass(frozen=True)
class FileProblem:
    name: str  # as in the folder
    path: str  # data/files/<name>, as staff read it
    message: str  # Chinese, says what to do


def detected(path: str) -> FileType | None:
    """The type the file's content shows, among the accepted ones (None: another or unknown)."""
    guess = filetype.guess(path)  # reads the first 8 KB
    return BY_MIME.get(guess.mime) if guess else None


def _what_it_is(path: str) -> str:
    guess = filetype.guess(path)
    return f"看起来是 {guess.extension.upper()} 文件" if guess else "无法识别它的格式"


def read_folder(root: Path, limit_mb: int = DEFAULT_LIMIT_MB) -> tuple[dict[str, StoredFile], list[FileProblem]]:
    """The good files of root/data/files by name, and a problem for each file that may not be published."""
    folder = Path(root) / FOLDER
    found: dict[str, StoredFile] = {}
    problems: list[FileProblem] = []
    if not folder.is_dir():
        return found, problems
    limit = limit_mb * 1024 * 1024
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        name = entry.name
        if name.startswith("."):  # .gitkeep and the like: never published
            continue
        shown = f"{FOLDER}/{name.encode('utf-8', 'surrogateescape').decode('utf-8', 'replace')}"
        if entry.is_dir():
            problems.append(FileProblem(name, shown, f"{FOLDER}/ 里不放子文件夹；请把文件直接放在 {FOLDER}/ 里"))
            continue
        if not SAFE_NAME.fullmatch(name):
            problems.append(FileProblem(name, shown, (
                f"文件名“{shown.rsplit('/', 1)[1]}”不能用作网址；只能用小写英文字母、数字和连字符“-”，"
                f"扩展名是 .pdf、.docx、.xlsx、.png、.jpg 或 .jpeg，如 fuwu-shouce-dengjibiao.pdf；请改名")))
            continue
        claimed = BY_EXTENSION[name.rsplit(".", 1)[1]]
        size = entry.stat().st_size
        if size > limit:
            problems.append(FileProblem(name, shown, (
                f"文件有 {size:,} 字节（约 {size_label(size)}），超过了 data/site.yml 里 file_limit_mb 规定的 "
                f"{limit_mb} MB（{limit:,} 字节）；请压缩或拆分后再放入")))
            continue
        actual = detected(entry.path)
        if actual is not claimed:
            problems.append(FileProblem(name, shown, (
                f"文件内容不是扩展名所说的 {claimed.label}（{_what_it_is(entry.path)}）；只接受 {TYPE_NAMES} 文件，"
                f"请用原来的软件另存为正确的格式，或改正扩展名")))
            continue
        found[name] = StoredFile(name, claimed, size)
    return found, problems
