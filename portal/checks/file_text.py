"""The text a published file holds, for the personal-data guard (portal/checks/personal_data.py):
PDF pages and document properties (pypdf), DOCX paragraphs, tables, headers and footers and its
author (python-docx), XLSX cells and properties (openpyxl), and the metadata of PNG and JPEG
images that names who took them or where (Pillow's EXIF reader)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Iterator

from portal.load import privacy

UNREADABLE = "无法读取文件的内容（{error}），也就无法检查其中有没有个人信息；请用原来的软件重新导出这个文件"
EXIF_ARTIST, EXIF_COPYRIGHT, EXIF_GPS, EXIF_XP_AUTHOR = 0x013B, 0x8298, 0x8825, 0x9C9D
EXIF_TEXT = {0x010E: "图片说明", 0x9C9C: "备注", 0x9C9F: "主题", 0x9C9B: "标题"}


def texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) for every piece of text in the file, where reading like “第 2 页里”;
    UnreadableFile when the library cannot read it."""
    reader = {".pdf": _pdf, ".docx": _docx, ".xlsx": _xlsx}.get(path.suffix.lower())
    if reader is None:
        return []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the libraries warn about oddities of real files
            return list(reader(path))
    except Exception as exc:  # noqa: BLE001 - whatever the library fails on, the file cannot be checked
        raise UnreadableFile(UNREADABLE.format(error=type(exc).__name__)) from None


class UnreadableFile(Exception):
    pass


def _pdf(path: Path) -> Iterator[tuple[str, str]]:
    from pypdf import PdfReader

    document = PdfReader(path)
    for name, value in (document.metadata or {}).items():
        yield f"文件属性 {name.lstrip('/')} 里", str(value)
    for number, page in enumerate(document.pages, start=1):
        yield f"第 {number} 页里", page.extract_text() or ""


def _docx(path: Path) -> Iterator[tuple[str, str]]:
    import docx

    document = docx.Document(str(path))
    properties = document.core_properties
    for name in ("author", "last_modified_by", "title", "subject", "comments", "keywords"):
        yield f"文件属性 {name} 里", getattr(properties, name) or ""
    for paragraph in document.paragraphs:
        yield "正文里", paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield "表格里", cell.text
    for section in document.sections:
        for part in (section.header, section.footer):
            for paragraph in part.paragraphs:
                yield "页眉页脚里", paragraph.text


def _xlsx(path: Path) -> Iterator[tuple[str, str]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        properties = book.properties
        for name in ("creator", "lastModifiedBy", "title", "subject", "description", "keywords"):
            yield f"文件属性 {name} 里", getattr(properties, name, None) or ""
        for sheet in book.worksheets:
            yield f"工作表名“{privacy.redact(sheet.title)}”里", sheet.title
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        yield f"工作表“{privacy.redact(sheet.title)}”的 {cell.coordinate} 单元格里", str(cell.value)
    finally:
        book.close()


def image_metadata(path: Path) -> list[str]:
    """What is wrong with an image's metadata: who took it, where, or personal data in its text."""
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        return []
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            exif = image.getexif()
            info = dict(image.info)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        return [UNREADABLE.format(error=type(exc).__name__)]
    problems = []
    if exif.get(EXIF_ARTIST) or exif.get(EXIF_XP_AUTHOR) or exif.get(EXIF_COPYRIGHT) or info.get("Author"):
        problems.append("图片的 EXIF 元数据里写有拍摄者或作者的名字；请去掉图片的元数据（如用 exiftool -all= 文件名）后再放入")
    if exif.get_ifd(EXIF_GPS) or exif.get(EXIF_GPS):
        problems.append("图片的 EXIF 元数据里有拍摄地点（GPS 位置）；请去掉图片的元数据（如用 exiftool -all= 文件名）后再放入")
    for tag, label in EXIF_TEXT.items():
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("utf-16-le", "replace") if tag >= 0x9C9B else value.decode("utf-8", "replace")
        for finding in privacy.find(str(value or "")):
            problems.append(f"图片元数据的{label}里{finding.message}")
    for key, value in info.items():
        if isinstance(value, str):
            for finding in privacy.find(value):
                problems.append(f"图片的文字信息 {key} 里{finding.message}")
    return problems
