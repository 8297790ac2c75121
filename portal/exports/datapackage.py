"""A Frictionless Data Package (datapackage.json) describing every CSV file: columns, types,
keys and links between files, so tools can check and load the downloads without guessing.

Spec: https://specs.frictionlessdata.io/data-package/ and .../table-schema/ (v1).
"""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import urlsplit

from portal.exports.tables import TABLES, Table
from portal.model.dataset import Portal


def package_name(portal: Portal) -> str:
    """A name the spec accepts (lower-case letters, digits, '-', '.', '_'), from the site's address."""
    parts = urlsplit(portal.site.base_url)
    return re.sub(r"[^a-z0-9._]+", "-", f"{parts.hostname}{parts.path}".lower()).strip("-.")


def _field(column) -> dict:
    described = {"name": column.name, "title": column.title, "type": column.type}
    if column.description:
        described["description"] = column.description
    if column.constraints:
        described["constraints"] = column.constraints
    return described


def table_schema(table: Table) -> dict:
    schema = {"fields": [_field(c) for c in table.columns], "missingValues": [""],
              "primaryKey": list(table.primary_key)}
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": column, "reference": {"resource": other, "fields": there}}
                                 for column, other, there in table.foreign_keys]
    return schema


def resource(table: Table, content: bytes) -> dict:
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",  # with a byte-order mark, which readers of UTF-8 skip
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "schema": table_schema(table),
    }


def datapackage(portal: Portal, csv_files: dict[str, bytes]) -> bytes:
    """csv_files: the content of opendata/<table>.csv by table name, as published."""
    site = portal.site
    package = {
        "profile": "tabular-data-package",
        "name": package_name(portal),
        "title": f"{site.name}开放数据",
        "description": f"{site.department}{site.campaign}的办事指南、工作制度、活动时间轴和整改台账。"
                       f"数据截至 {portal.as_of.isoformat()}；逾期等派生字段按这一日期计算。",
        "homepage": site.base_url,
        "version": portal.as_of.isoformat(),
        "licenses": [{"path": site.licence.url, "title": site.licence.name}],
        "sources": [{"title": source} for source in site.sources],
        "resources": [resource(table, csv_files[table.name]) for table in TABLES],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
