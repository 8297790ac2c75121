"""MkDocs hook: the search page at /search/, and Pagefind's index of the built site.

The index is built inside the one build: `mkdocs build`, `portal build` and every rebuild of
`mkdocs serve` run on_post_build on their own site_dir, so a built site is never without search.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from portal.pagefind_index import SearchIndexError, index_site
from portal.render import environment

log = logging.getLogger("mkdocs.hooks.portal_search")

SEARCH_PAGE = "search/index.md"  # the public address /search/


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    page = File.generated(config, SEARCH_PAGE, content=environment().get_template("search.md.j2").render())
    page.edit_uri = None  # made from a template, not from a file staff edit
    files.append(page)
    return files


def on_post_build(*, config: MkDocsConfig) -> None:
    try:
        pages = index_site(Path(config.site_dir))
    except SearchIndexError as exc:
        raise PluginError(f"建立搜索索引失败：{exc}") from None
    log.info("search index: %s", ", ".join(f"{n} pages in {language}" for language, n in pages.items()))
    language = config.theme["language"]
    if list(pages) != [language]:
        # Pagefind keeps one index per <html lang>, and searches the one of the page it runs on: a
        # page in another language would never be found from the rest of the site.
        log.warning("Pagefind indexed the languages %s; every page should be %r", sorted(pages), language)
