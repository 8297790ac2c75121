"""MkDocs hook: the search page at /search/, and Pagefind's index of the built site.

The header box reads data/synonyms.yml's words from assets/search-words.json
(portal/render/search_words.py). Staff pages are filed under the section 工作人员, which the header
box leaves out and /search/ offers as a filter.

The index is built inside the one build: `mkdocs build`, `portal build` and every rebuild of
`mkdocs serve` run on_post_build on their own site_dir, so a built site is never without search.
It has two kinds of bundle (portal/publish/search_index.py): the main one, which the header box on every
page searches, and the rectification items' (one, or more for thousands of items), which the
/search/ page adds. The pages learn the items' bundles from config.extra.search_items (the header
box's data-pt-items attribute, space-separated).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import _shared

from portal.model import urls

from portal.publish.search_index import ITEM_ID, ITEMS_FOLDER, SearchIndexError, index_site, is_items_bundle, item_bundles
from portal.render.pages import environment
from portal.render.search_words import WORDS_FILE, browser_words

log = logging.getLogger("mkdocs.hooks.portal_search")

SEARCH_PAGE = "search/index.md"  # the public address /search/
SECTIONS = ("办事指南", "工作制度", "活动时间轴", "整改事项")  # the section filters the page templates write (m.search_facets)
STAFF_SECTION = "工作人员"  # the section filter of pages written for staff, not citizens
STAFF_PAGES = ("about/contributing", "about/data", "publishing")
"""Where the pages for staff are (docs/ and the data dictionary): how to edit the data, the
validator's messages, the data dictionary, how the site is published."""


@event_priority(-100)  # last: counts the item pages hooks/portal_pages.py generates
def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    portal = _shared.portal(config)
    sections = [*SECTIONS, STAFF_SECTION]
    offices = [o.name for o in portal.offices if not o.oversight]
    page = File.generated(config, SEARCH_PAGE, content=environment().get_template("search.md.j2").render(sections=sections, offices=offices))
    page.edit_uri = None  # made from a template, not from a file staff edit
    files.append(page)
    files.append(File.generated(config, WORDS_FILE, content=browser_words(portal)))
    ids = [parts[1] for parts in (f.dest_uri.split("/") for f in files.documentation_pages())
           if len(parts) == 3 and parts[0] == ITEMS_FOLDER and parts[2] == "index.html" and ITEM_ID.fullmatch(parts[1])]
    config.extra["search_items"] = " ".join(f"{bundle}/" for bundle in item_bundles(ids))  # "" without items
    config.extra["search_item_section"] = urls.section("rectification")  # an item's number typed in the box goes to its page
    return files


def on_page_context(context, /, *, page: Page, config: MkDocsConfig, nav):
    """File a staff page under 工作人员 (overrides/main.html writes it as the page's section filter)."""
    if page.file.src_uri.startswith(STAFF_PAGES):
        page.meta["search_section"] = STAFF_SECTION
    return context


@event_priority(-100)  # last: indexes the site as every other hook left it
def on_post_build(*, config: MkDocsConfig) -> None:
    try:
        bundles = index_site(Path(config.site_dir), config.theme["language"])
    except SearchIndexError as exc:
        raise PluginError(f"建立搜索索引失败：{exc}") from None
    log.info("search index: %s", "; ".join(f"{bundle}/ {pages} pages" for bundle, pages in bundles.items()))
    expected = config.extra.get("search_items", "").split()
    if [f"{b}/" for b in bundles if is_items_bundle(b)] != expected:
        raise PluginError(f"建立搜索索引失败：整改事项的索引 {sorted(bundles)} 与页面不一致（应为 {expected}）")
