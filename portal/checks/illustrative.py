"""What a record marks as written for the demonstration: `illustrative: true` for a whole record, or
`illustrative_fields` naming each invented value. A listed place must hold a value of the record, so a
mark never points at nothing (and a page never shows 示例 beside the wrong value)."""

from __future__ import annotations

from typing import Iterator

from pydantic import BaseModel

from portal.checks.collector import Collector, Loaded
from portal.checks.corrections import get_value, parse
from portal.model.kinds import KINDS


def check(out: Collector, loaded: Loaded) -> None:
    for kind in KINDS:
        for doc, data in loaded.get(kind.key, ()):
            for loc, record in marked(data, kind.entries):
                fields = getattr(record, "illustrative_fields", [])
                if fields and record.illustrative:
                    out.at(doc, (*loc, "illustrative_fields"),
                           "已写 illustrative: true（整条为示例），不必再逐个列出示例字段；二者只写一个", kind.model)
                    continue
                dumped = record.model_dump()
                for i, path in enumerate(fields):
                    found, value = get_value(dumped, parse(path))
                    if not found or value is None or value == []:
                        out.at(doc, (*loc, "illustrative_fields", i),
                               f"这条记录里没有“{path}”这个值；请写有内容的字段位置，如 place、figures[0]（列表从 0 数起）",
                               kind.model)


def marked(data: BaseModel, entries: str | None) -> Iterator[tuple[tuple, BaseModel]]:
    """(location, record) of the file's record, or of each entry of a file that lists them."""
    if entries:
        for i, entry in enumerate(getattr(data, entries)):
            yield (entries, i), entry
    else:
        yield (), data
