"""MkDocs hook: validate data/ once per build and add a generated page for every record.

A thin adapter: loading, validation and rendering live in portal/, free of MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from portal.problems import InvalidData
from portal.render import render_pages
from portal.validate import default_as_of, load_portal

log = logging.getLogger("mkdocs.hooks.portal_pages")


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    data = _root(config) / "data"
    if str(data) not in config.watch:
        config.watch.append(str(data))  # `mkdocs serve` rebuilds when staff save a data file
    config.extra["as_of"] = default_as_of().isoformat()
    return config


def _adopt_site(config: MkDocsConfig, portal) -> None:
    """site.yml, not mkdocs.yml, names the department: a fork replaces data/ and gets its own portal."""
    site = portal.site
    config.site_name = site.name
    config.site_url = site.base_url
    config.repo_url = site.repository.url
    config.edit_uri = f"edit/{site.repository.branch}/"
    config.copyright = f"{site.department} · 地址：{site.address} · 咨询电话 {site.hotline} · 投诉电话 {site.complaint_line}"
    config.extra["as_of"] = portal.as_of.isoformat()
    config.extra["licence"] = site.licence.name


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    try:
        portal = load_portal(_root(config), as_of=default_as_of())
    except InvalidData as exc:
        raise PluginError("数据校验未通过，未生成网站：\n" + exc.report()) from None
    _adopt_site(config, portal)
    for file in files.documentation_pages():
        file.edit_uri = f"docs/{file.src_uri}"  # hand-written pages live in docs/ in the repository
    for path, content, source in render_pages(portal):
        generated = File.generated(config, path, content=content)
        generated.edit_uri = source  # None: an index page built from many files has no single source
        files.append(generated)
    log.debug("generated %d record pages", len(portal.guides) + len(portal.rules) + len(portal.items))
    return files
