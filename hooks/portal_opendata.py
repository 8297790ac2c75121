"""MkDocs hook: publish the open data (CSV, JSON, Data Package, Atom feeds, iCalendar, JSON Schemas)
and the /opendata/ page listing them; tell the theme which feeds and JSON each page links.

A thin adapter: portal.exports makes the files and portal.render.opendata the page, free of MkDocs.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import _shared
from portal.exports import catalogue, feeds
from portal.render import opendata

log = logging.getLogger("mkdocs.hooks.portal_opendata")


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    # overrides/partials/opendata-head.html links these feeds from every page's <head>.
    config.extra["opendata_feeds"] = [{"path": feeds.path(f), "title": f.title} for f in feeds.FEEDS]
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    build = _shared.this_build(config)
    portal = build.portal
    downloads = catalogue.downloads(portal)
    for download in downloads:
        files.append(File.generated(config, download.path, content=download.content))
    listing = File.generated(config, opendata.PATH, content=opendata.render_page(portal, downloads, catalogue.SECTIONS))
    listing.edit_uri = None  # made from every data file at once: no single file to edit
    files.append(listing)
    build.alternate_json.update(catalogue.alternate_json(portal))  # page source path -> its JSON version
    log.debug("generated %d open-data files", len(downloads))
    return files


def on_page_context(context: dict, /, *, page: Page, config: MkDocsConfig, nav) -> dict | None:
    alternate = _shared.this_build(config).alternate_json.get(page.file.src_uri)
    if alternate:
        page.meta["alternate_json"] = alternate
    return context
