"""Every file the portal publishes besides its pages, with what each holds, in one list.

The MkDocs hook copies them into the site and the open-data page lists them; both read this list,
so a download cannot exist without being described, nor be described without existing.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.exports import schemas
from portal.exports import csvfiles, datapackage, feeds, ics, jsondocs, manifest, tables
from portal.model import urls
from portal.model.kinds import KINDS
from portal.model.dataset import Portal

@dataclass(frozen=True)
class Download:
    path: str  # under the site root, e.g. opendata/guides.csv
    section: str  # the anchor of the section it is listed under on the open-data page
    title: str
    description: str
    format: str
    content: bytes
    listed: bool = True  # False: too many to list one by one; the page sums them up in one line

    @property
    def size(self) -> int:
        return len(self.content)


# The open-data page's sections: (anchor, heading), in page order.
SECTIONS = (("csv", "表格（CSV）"), ("json", "数据（JSON）"), ("feeds", "订阅"), ("schemas", "结构说明"),
            ("verify", "核对下载的文件"))
CSV, JSON, FEEDS, SCHEMAS, VERIFY = (anchor for anchor, _ in SECTIONS)


def _rows(table: tables.Table, portal: Portal) -> int:
    return len(list(table.rows(portal)))


def downloads(portal: Portal) -> list[Download]:
    """Every export in the order the open-data page lists them."""
    found: list[Download] = []
    csv_files = {t.name: csvfiles.to_csv(t, portal) for t in tables.TABLES}
    for table in tables.TABLES:
        found.append(Download(urls.opendata(f"{table.name}.csv"), CSV, table.title,
                              f"{table.description}共 {_rows(table, portal)} 行。", "CSV", csv_files[table.name]))
    for kind in jsondocs.DOCUMENTS:
        count = len(portal.of(kind.kind))
        derived = "、".join(c.title for c in jsondocs.derived_columns(kind))
        found.append(Download(urls.opendata(f"{kind.name}.json"), JSON, kind.table.title,
                              f"共 {count} 条记录" + (f"，另含派生字段：{derived}。" if derived else "。"), "JSON",
                              jsondocs.kind_document(kind, portal)))
    for item in portal.items:
        found.append(Download(jsondocs.item_path(item), JSON, f"{item.id} {item.title}",
                              "一个整改事项的全部字段和进展。", "JSON", jsondocs.item_document(portal, item),
                              listed=False))
    rectification = feeds.rectification_entries(portal)
    changes = feeds.change_entries(portal)
    found.append(Download(feeds.path(feeds.RECTIFICATION), FEEDS, feeds.RECTIFICATION.title,
                          f"{feeds.RECTIFICATION.subtitle}共 {len(rectification)} 条。", "Atom",
                          feeds.atom(feeds.RECTIFICATION, portal, rectification)))
    found.append(Download(feeds.path(feeds.CHANGES), FEEDS, feeds.CHANGES.title,
                          f"{feeds.CHANGES.subtitle}共 {len(changes)} 条。", "Atom",
                          feeds.atom(feeds.CHANGES, portal, changes)))
    found.append(Download(ics.PATH, FEEDS, "活动日历",
                          f"活动时间轴的 {len(portal.events)} 项活动，可导入或订阅到手机、电脑日历；定期活动按每周重复。",
                          "iCalendar", ics.calendar(portal)))
    found.append(Download(urls.opendata("datapackage.json"), SCHEMAS, "数据包说明（Frictionless Data Package）",
                          "每个 CSV 文件的列名、中文名称、类型、主键和表间引用。", "JSON",
                          datapackage.datapackage(portal, csv_files)))
    for kind in KINDS:
        where = f"{kind.path}（每个文件{kind.describes}）" if kind.folder else kind.path
        found.append(Download(urls.schema(kind.key), SCHEMAS, f"JSON Schema：{kind.name} {where}",
                              "数据文件的结构和每个字段的中文说明。", "JSON Schema", schemas.render(kind.key).encode("utf-8")))
    source = f"源提交 {portal.source.commit[:10]}，" if portal.source.commit else ""
    found.append(Download(manifest.PATH, VERIFY, "开放数据文件清单",
                          f"上面 {len(found)} 个文件（含每个整改事项的 JSON）的大小和 SHA-256 校验值；{source}数据截至 {portal.as_of.isoformat()}。",
                          "JSON", manifest.manifest(portal, found)))
    return found


def alternate_json(portal: Portal) -> dict[str, str]:
    """The JSON version of each page that has one: page source path -> export path."""
    alternates = {urls.index(urls.section(document.kind.key)): urls.opendata(f"{document.name}.json")
                  for document in jsondocs.DOCUMENTS if document.kind.segment}
    alternates.update({urls.source(item): jsondocs.item_path(item) for item in portal.items})
    return alternates
