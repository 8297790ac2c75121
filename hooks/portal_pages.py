"""MkDocs hook: validate data/ once per build, name the site after data/site.yml, and add a generated
page for every record.

A thin adapter: loading, validation and rendering live in portal/, free of MkDocs.
"""

from __future__ import annotations

import logging

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import _shared
from portal.model import forges
from portal.render.pages import render_pages
from portal.render.rawhtml import anchor_ids, raw_html_block

log = logging.getLogger("mkdocs.hooks.portal_pages")


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    """site.yml, not mkdocs.yml, names the department and says where the site and its data live: a
    fork replaces data/ and gets its own portal. Set here, the one event where MkDocs expects its
    configuration to change, so every later event and the theme see the site's own values."""
    data = _shared.project_root(config) / "data"
    if str(data) not in config.watch:
        config.watch.append(str(data))  # `mkdocs serve` rebuilds when staff save a data file
    portal = _shared.portal(config)  # invalid data stops the build here, every problem listed
    site = portal.site
    # MkDocs' theme templates do not autoescape, and Material prints site_name and copyright as they
    # are: text from the data enters them escaped, as Markup, so that a template's own `| e` leaves it be.
    config.site_name = Markup.escape(site.name)
    config.site_url = site.base_url
    config.repo_url = site.repository.url
    config.edit_uri = forges.edit_prefix(site.repository)  # GitHub, GitLab or Gitea's form
    config.copyright = Markup.escape(site.department)  # address, phones and the rest: hooks/portal_footer.py
    config.extra["as_of"] = portal.as_of.isoformat()
    config.extra["licence"] = Markup.escape(site.licence.name)
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    portal = _shared.portal(config)
    for file in files.documentation_pages():
        if file.generated_by is None:  # hand-written pages live in docs/ in the repository
            file.edit_uri = f"docs/{file.src_uri}"
    for path, content, source in render_pages(portal):
        generated = File.generated(config, path, content=content)
        generated.edit_uri = source  # None: an index page built from many files has no single source
        files.append(generated)
    log.debug("generated %d record pages", len(portal.guides) + len(portal.rules) + len(portal.items))
    return files


# Generated pages are one raw HTML block that Markdown returns unchanged (portal/render/rawhtml.py), yet
# parsing it was the largest cost of a big build: Markdown gets nothing, and the HTML comes back after.


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    # MkDocs names the hook that generated a file by its entry in mkdocs.yml, which is this module's name.
    if page.file.generated_by != __name__:
        return None
    block = raw_html_block(markdown)
    if block is None:  # not a single raw block after all: Markdown does its usual work
        return None
    _shared.this_build(config).page_html[page.file.src_uri] = block
    return ""


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    block = _shared.this_build(config).page_html.pop(page.file.src_uri, None)
    if block is None:
        return None
    page.present_anchor_ids = anchor_ids(block)  # as MkDocs finds them in raw HTML, for its link checks
    return block
