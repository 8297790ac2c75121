"""Write a table as CSV that Excel on a Chinese Windows opens without garbled text.

Excel assumes the system code page (GBK) unless the file starts with a UTF-8 byte-order mark,
so every file starts with one; other tools (Python's utf-8-sig, pandas, Frictionless) skip it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from portal.exports.tables import Table
from portal.model.dataset import Portal

BOM = "\ufeff"


def cell(value) -> str:
    """How a value is written: Table Schema's defaults, so the Data Package needs no extra options."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_csv(table: Table, portal: Portal) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends; cells may hold \n
    writer.writerow(column.name for column in table.columns)
    for row in table.rows(portal):
        writer.writerow(cell(column.get(row)) for column in table.columns)
    return (BOM + out.getvalue()).encode("utf-8")
