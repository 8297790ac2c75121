"""MkDocs hook: the search page at /search/, and Pagefind's index of the built site.

The index is built inside the one build: `mkdocs build`, `portal build` and every rebuild of
`mkdocs serve` run on_post_build on their own site_dir, so a built site is never without search.
It has two bundles (portal/pagefind_index.py): the main one, which the header box on every page
searches, and the rectification items', which the /search/ page adds. The pages learn whether the
items bundle exists from config.extra.search_items (the header box's data-pt-items attribute).
"""

from __future__ import annotations

import fnmatch
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from portal.pagefind_index import ITEM_PREFIX, ITEMS_BUNDLE, ITEMS_FOLDER, SearchIndexError, index_site
from portal.render import environment

log = logging.getLogger("mkdocs.hooks.portal_search")

SEARCH_PAGE = "search/index.md"  # the public address /search/
ITEM_PAGES = f"{ITEMS_FOLDER}/{ITEM_PREFIX}*/index.html"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    page = File.generated(config, SEARCH_PAGE, content=environment().get_template("search.md.j2").render())
    page.edit_uri = None  # made from a template, not from a file staff edit
    files.append(page)
    has_items = any(fnmatch.fnmatchcase(f.dest_uri, ITEM_PAGES) for f in files.documentation_pages())
    config.extra["search_items"] = f"{ITEMS_BUNDLE}/" if has_items else ""
    return files


def on_post_build(*, config: MkDocsConfig) -> None:
    try:
        bundles = index_site(Path(config.site_dir))
    except SearchIndexError as exc:
        raise PluginError(f"建立搜索索引失败：{exc}") from None
    log.info("search index: %s", "; ".join(
        f"{bundle}/ " + ", ".join(f"{n} pages in {language}" for language, n in pages.items())
        for bundle, pages in bundles.items()))
    if (ITEMS_BUNDLE in bundles) != bool(config.extra.get("search_items")):
        raise PluginError(f"建立搜索索引失败：整改事项页面与索引 {ITEMS_BUNDLE}/ 不一致")
    language = config.theme["language"]
    for bundle, pages in bundles.items():
        if list(pages) != [language]:
            # Pagefind keeps one index per <html lang>, and searches the one of the page it runs on: a
            # page in another language would never be found from the rest of the site.
            log.warning("Pagefind indexed the languages %s in %s/; every page should be %r", sorted(pages), bundle, language)
