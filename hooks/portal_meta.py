"""MkDocs hook: the 国办发〔2017〕47号 page metadata (SiteName … Url) for every page's <head>.

A thin adapter: portal/render/pagemeta.py decides the values; overrides/main.html writes the tags.
"""

from __future__ import annotations

from html import unescape

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

import _shared
from portal.render.pagemeta import page_metadata


def on_page_context(context: dict, /, *, page: Page, config: MkDocsConfig, nav) -> dict | None:
    title = unescape(str(page.meta.get("title") or page.title or ""))  # front matter titles are escaped (render/pages.py)
    context["gov_meta"] = page_metadata(_shared.portal(config), page.file.src_uri, page.url, title)
    return context
