"""MkDocs hook: publish the files guides offer (blank forms, filled-in examples, samples of a
result) from data/files/ at /files/<name>, exactly as validation accepted them (portal/load/files.py).

A thin adapter: which files there are, and that each may be published, is decided in portal/.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

import _shared
from portal.load.files import FOLDER
from portal.model import urls


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    portal = _shared.portal(config)
    folder = _shared.project_root(config) / FOLDER
    for stored in portal.files.values():  # only the files that passed validation; data/ is never served whole
        files.append(File.generated(config, urls.file(stored.name), abs_src_path=str(folder / stored.name)))
    return files
