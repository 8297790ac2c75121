"""MkDocs hook: publish the open data (CSV, JSON, Data Package, Atom feeds, iCalendar, JSON Schemas)
and the /opendata/ page listing them; tell the theme which feeds and JSON each page links.

A thin adapter: the files and the page are made by portal.exports, free of MkDocs. Runs after
hooks/portal_pages.py, which reports invalid data first.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from portal.exports import catalogue, feeds, page
from portal.load.problems import InvalidData
from portal.checks.validate import load_portal_for_build
from portal.model.asof import default_as_of

log = logging.getLogger("mkdocs.hooks.portal_opendata")

# Page source path -> its JSON version, refreshed on every build (`mkdocs serve` rebuilds in-process).
_alternates: dict[str, str] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    # overrides/partials/opendata-head.html links these feeds from every page's <head>.
    config.extra["opendata_feeds"] = [{"path": feeds.path(f), "title": f.title} for f in feeds.FEEDS]
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    try:
        portal = load_portal_for_build(config, Path(config.config_file_path).resolve().parent, as_of=default_as_of())
    except InvalidData as exc:
        raise PluginError("数据校验未通过，未生成开放数据：\n" + exc.report()) from None
    downloads = catalogue.downloads(portal)
    for download in downloads:
        files.append(File.generated(config, download.path, content=download.content))
    listing = File.generated(config, page.PATH, content=page.render_page(portal, downloads))
    listing.edit_uri = None  # made from every data file at once: no single file to edit
    files.append(listing)
    _alternates.clear()
    _alternates.update(catalogue.alternate_json(portal))
    log.debug("generated %d open-data files", len(downloads))
    return files


def on_page_context(context: dict, /, *, page: Page, config: MkDocsConfig, nav) -> dict | None:
    alternate = _alternates.get(page.file.src_uri)
    if alternate:
        page.meta["alternate_json"] = alternate
    return context
