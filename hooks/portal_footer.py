"""MkDocs hook: the site's identity and feedback link at the foot of every page (from site.yml).

A thin adapter: portal/render/footer.py decides what the footer says; overrides/partials/copyright.html
lays it out. Here the QR codes of the official accounts and the 党政机关网站标识 image become files
of the site, and each page gets its own 我要纠错/留言 address, carrying the page's address and title.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import _shared
from portal.model.records import IDENTITY_FOLDER
from portal.render import footer


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    site = _shared.portal(config).site
    context = footer.footer_context(site)
    for code in context["media"]:
        files.append(File.generated(config, code.path, content=code.svg))
    if site.gov_badge:
        image = _shared.project_root(config) / "data" / IDENTITY_FOLDER / site.gov_badge.image
        files.append(File.generated(config, context["badge"]["src"], abs_src_path=str(image)))
    config.extra["site_footer"] = context
    return files


def on_page_context(context: dict, /, *, page: Page, config: MkDocsConfig, nav) -> dict | None:
    site = _shared.portal(config).site
    title = page.meta.get("title") or page.title  # as the header shows it (partials/header.html)
    context["feedback_url"] = footer.page_feedback_url(site, page.canonical_url, title)
    return context
