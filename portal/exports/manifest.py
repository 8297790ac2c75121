"""/opendata/manifest.json: every open-data file with its size and SHA-256, the commit the data comes
from and the as-of date, so that a supervisor can check that a download is the file that was published.

Made from the downloads themselves (portal/exports/catalogue.py), after every other one, so it lists
exactly what the site serves; it does not list itself.
"""

from __future__ import annotations

import hashlib
import json

from portal.model import urls
from portal.model.dataset import Portal

PATH = urls.opendata("manifest.json")


def manifest(portal: Portal, downloads) -> bytes:
    source = portal.source
    document = {
        "title": f"{portal.site.short_name}：开放数据文件清单",
        "description": "每个开放数据文件的大小（字节）和 SHA-256 校验值。下载后计算文件的 SHA-256，与这里的值相同，"
                       "就是本站发布的原文件。",
        "as_of": portal.as_of.isoformat(),
        "source": {
            "repository": portal.site.repository.url,
            "commit": source.commit,  # null: built outside a git repository
            "uncommitted_changes": source.modified,
        },
        # The SHA-256 of the manifest of the release this one replaced (null: the first in the chain).
        "previous_manifest_sha256": portal.chain.previous_manifest_sha256,
        "files": [{"path": d.path, "url": urls.absolute(portal, d.path), "bytes": d.size,
                   "sha256": hashlib.sha256(d.content).hexdigest()} for d in downloads],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
