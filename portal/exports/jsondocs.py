"""The records as JSON: one document per kind and one per rectification item.

Each record is written exactly as the data file holds it, so it validates against the published
JSON Schema; the figures the portal derives (status, overdue, page address) follow it under the
names listed in the document's `derived`, which a strict validator should set aside.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from portal.exports import tables
from portal.model.addresses import url
from portal.model.dataset import Portal


@dataclass(frozen=True)
class Kind:
    name: str  # the file is opendata/<name>.json
    table: tables.Table  # its title and the derived columns come from the table
    records: str  # the Portal attribute holding the records
    schema: str  # path of the record's JSON Schema under the site root
    derived: tuple[str, ...]


KINDS = (
    Kind("offices", tables.OFFICES, "offices", "schemas/offices.json#/$defs/Office", ()),
    Kind("guides", tables.GUIDES, "guides", "schemas/guide.json", ("review_overdue", "url")),
    Kind("rules", tables.RULES, "rules", "schemas/rule.json", ("url",)),
    Kind("timeline", tables.TIMELINE, "events", "schemas/timeline.json#/$defs/Event", ("url",)),
    Kind("rectification", tables.RECTIFICATION, "items", "schemas/rectification.json",
         ("status", "status_date", "closed_on", "is_overdue", "url")),
)
RECTIFICATION = KINDS[-1]


def derived_columns(kind: Kind) -> list[tables.Column]:
    by_name = {column.name: column for column in kind.table.columns}
    return [by_name[name] for name in kind.derived]


def record(kind: Kind, portal: Portal, item) -> dict:
    data = item.model_dump(mode="json")
    for column in derived_columns(kind):
        value = column.get((portal, item))
        data[column.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def _header(kind: Kind, portal: Portal, title: str) -> dict:
    return {
        "title": title,
        "publisher": portal.site.department,
        "as_of": portal.as_of.isoformat(),
        "licence": portal.site.licence.model_dump(mode="json"),
        "schema": url(portal, kind.schema),
        "derived": {c.name: f"{c.title}：{c.description}" if c.description else c.title for c in derived_columns(kind)},
    }


def _dump(document: dict) -> bytes:
    # Keys keep the models' order (stable, and the order staff know from the YAML files).
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def kind_document(kind: Kind, portal: Portal) -> bytes:
    items = getattr(portal, kind.records)
    return _dump({**_header(kind, portal, kind.table.title), "count": len(items),
                  "records": [record(kind, portal, item) for item in items]})


def item_document(portal: Portal, item) -> bytes:
    """One rectification item: what its page's <link rel="alternate" type="application/json"> serves."""
    return _dump({**_header(RECTIFICATION, portal, f"{item.id} {item.title}"),
                  "record": record(RECTIFICATION, portal, item)})


def item_path(item_id: str) -> str:
    return f"opendata/rectification/{item_id}.json"
