"""The open-data page (/opendata/): every download with what it holds, its format and its size.
The downloads and their sections come from portal/exports/catalogue.py, handed in by the hook:
render/ and exports/ each work from the Portal and neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from portal.model import urls
from portal.model.dataset import Portal
from portal.render.pages import environment

PATH = urls.opendata_page()


@dataclass(frozen=True)
class Group:
    """Files summed up in one line instead of one line each (one JSON file per rectification item)."""

    section: str
    title: str
    pattern: str
    count: int
    size: int
    example: Any  # a catalogue.Download


def _item_files(unlisted: list) -> list[Group]:
    if not unlisted:
        return []
    first = unlisted[0]
    folder, name = first.path.rsplit("/", 1)
    pattern = f"{folder}/<编号>.{name.rsplit('.', 1)[1]}"
    return [Group(first.section, "每个整改事项一个文件", pattern, len(unlisted), sum(d.size for d in unlisted), first)]


def render_page(portal: Portal, downloads: list, sections: Sequence[tuple[str, str]]) -> str:
    """The page listing downloads (catalogue.Download: path, section, title, size, listed…) under
    sections, (anchor, heading) in page order."""
    listed = [(anchor, heading, [d for d in downloads if d.section == anchor and d.listed]) for anchor, heading in sections]
    return environment().get_template("opendata.md.j2").render(
        portal=portal, site=portal.site, as_of=portal.as_of, sections=listed,
        groups=_item_files([d for d in downloads if not d.listed]))
