"""The records as JSON: one document per kind and one per rectification item.

Each record is written exactly as the data file holds it, so it validates against the published
JSON Schema; the figures the portal derives (status, overdue, page address) follow it under the
names listed in the document's `derived`, which a strict validator should set aside.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from portal.exports import tables
from portal.model import kinds
from portal.model import urls
from portal.model.dataset import Portal


@dataclass(frozen=True)
class Document:
    """opendata/<kind.opendata>.json: a kind's records, and the figures derived for each."""

    kind: kinds.Kind

    @property
    def name(self) -> str:
        return self.kind.opendata

    @property
    def table(self) -> tables.Table:  # its title and the derived columns come from the table
        return next(table for table in tables.TABLES if table.name == self.kind.opendata)

    @property
    def schema(self) -> str:
        """The record's JSON Schema under the site root: the file's, or the entry's part of it."""
        if self.kind.entries:
            return f"{urls.schema(self.kind.key)}#/$defs/{kinds.entry_model(self.kind).__name__}"
        return urls.schema(self.kind.key)


DOCUMENTS = tuple(Document(kind) for kind in kinds.KINDS if kind.opendata)
"""Every kind published as open data, in the registry's order (portal.model.kinds)."""
RECTIFICATION = next(document for document in DOCUMENTS if document.kind is kinds.BY_KEY["rectification"])


def derived_columns(kind: Document) -> list[tables.Column]:
    return [column for column in kind.table.columns if column.derived]


def record(kind: Document, portal: Portal, item) -> dict:
    data = item.model_dump(mode="json")
    for column in derived_columns(kind):
        value = column.get((portal, item))
        data[column.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def _header(kind: Document, portal: Portal, title: str) -> dict:
    return {
        "title": title,
        "publisher": portal.site.department,
        "as_of": portal.as_of.isoformat(),
        "licence": portal.site.licence.model_dump(mode="json"),
        "schema": urls.absolute(portal, kind.schema),
        "derived": {c.name: f"{c.title}：{c.description}" if c.description else c.title for c in derived_columns(kind)},
    }


def _dump(document: dict) -> bytes:
    # Keys keep the models' order (stable, and the order staff know from the YAML files).
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def kind_document(kind: Document, portal: Portal) -> bytes:
    items = portal.of(kind.kind)
    return _dump({**_header(kind, portal, kind.table.title), "count": len(items),
                  "records": [record(kind, portal, item) for item in items]})


def item_document(portal: Portal, item) -> bytes:
    """One rectification item: what its page's <link rel="alternate" type="application/json"> serves."""
    return _dump({**_header(RECTIFICATION, portal, f"{item.id} {item.title}"),
                  "record": record(RECTIFICATION, portal, item)})


def item_path(item) -> str:
    return urls.record_json(item)
