"""Index a built site for search: a step of the build, run on the finished site_dir, through
Pagefind's Python API (PagefindIndex) with Pagefind's extended build.

Only the extended build segments Chinese into words; the standard one indexes a run of Chinese
characters as one word, so a search for 上门办理 would miss 可申请上门办理服务. The API starts the
binary as a service and answers in structured messages, not console text. Pagefind's index files
are its own format and are never rewritten here; only the entry file it writes for the browser
(pagefind-entry.json) is read, for the number of pages a bundle holds. Every page is indexed as
the site's language (force_language), so one index per bundle whatever a page's <html lang> says.

The site gets two bundles. The header box on every page searches the main one, /pagefind/: guides,
rules, the timeline and every other page except the rectification items. The items, which are most
of the pages of a large portal, have their own bundle, /pagefind-items/, which only the /search/
page loads (Pagefind's mergeIndex). Pagefind's metadata file lists every page of its bundle and is
downloaded whole before the first result; kept out of it, 10,000 item pages cost the header box
nothing (issue 4: a one-word query downloads at most 150 KB).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pagefind_bin_extended
from pagefind.service import PagefindService, get_executable

from portal.model.kinds import BY_KEY

BUNDLE = "pagefind"  # the folder in the site: /pagefind/pagefind.js, the index and its metadata
ITEMS_BUNDLE = "pagefind-items"  # the items' index; a sibling, since mergeIndex skips a path the main one starts with
ITEMS_FOLDER = BY_KEY["rectification"].segment  # item pages are <segment>/ZG-2014-001/index.html (portal/model/urls.py)
ITEM_ID = BY_KEY["rectification"].id_pattern  # ZG-2014-001, as the model says (portal/model/kinds.py)
_SAFE = re.compile(r"[^a-z0-9]+")  # what a bundle's folder name may hold
ITEMS_PER_BUNDLE = int(os.environ.get("PORTAL_SEARCH_ITEMS_PER_BUNDLE", "4000"))
"""Pagefind holds about 140 KB per page while it indexes, whatever the page's size: 9,700 items in
one run peaked at 1.4 GiB. The items are indexed in runs of at most this many pages, each its own
bundle (/search/ merges them all; the bytes it downloads are the same)."""


class SearchIndexError(Exception):
    """Pagefind failed, or the binary the API would start is not the extended build."""


def index_site(site_dir: Path, language: str = "zh") -> dict[str, int]:
    """Index site_dir in place; per bundle, the pages Pagefind indexed, e.g. {"pagefind": 20,
    "pagefind-items": 27}. A site without item pages gets no items bundle (Pagefind writes none
    for no pages), and stale ones are removed.

    The API starts the binary of the pagefind_bin_extended package; one from PATH or
    PAGEFIND_BINARY_PATH is refused, since it may not segment Chinese.
    """
    site_dir = Path(site_dir).resolve()
    extended = Path(pagefind_bin_extended.get_executable())
    if get_executable() != extended:
        raise SearchIndexError(f"{get_executable()} is not Pagefind's extended build ({extended})")
    # A thread of its own: the API is asyncio, and the caller may be inside an event loop already
    # (Playwright's sync API in the tests, a server's handler).
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, _index(site_dir, language)).result()


async def _index(site_dir: Path, language: str) -> dict[str, int]:
    folder = site_dir / ITEMS_FOLDER
    ids = sorted(p.name for p in folder.iterdir() if p.is_dir() and ITEM_ID.fullmatch(p.name)) if folder.is_dir() else []
    bundles = item_bundles(ids)
    globs = {BUNDLE: main_glob(site_dir)}
    for bundle, prefixes in bundles.items():
        globs[bundle] = "{" + ",".join(f"{ITEMS_FOLDER}/{prefix}*/**/*.html" for prefix in prefixes) + "}"
    # One service (one Pagefind process) for every bundle, the bundles one after the other, each
    # index deleted once written: the process holds one bundle's pages at a time, as one process
    # per bundle did, without a start-up per bundle. (Indexing two bundles at once in the service,
    # asyncio.gather, took more CPU time, not less: measured in docs/performance.md.)
    try:
        async with PagefindService() as service:
            counts = {}
            for bundle, glob in globs.items():
                counts[bundle] = await _run(service, site_dir, bundle, glob, language)
    except SearchIndexError:
        raise
    except Exception as exc:  # the service reports its errors as plain exceptions
        raise SearchIndexError(f"Pagefind failed: {exc}") from exc
    for bundle, prefixes in bundles.items():
        pages = sum(1 for i in ids if i.startswith(tuple(prefixes)))
        if counts[bundle] != pages:  # an item page Pagefind skipped could never be found
            raise SearchIndexError(f"{bundle}/ has {pages} item pages, Pagefind indexed {counts[bundle]}")
    for stale in site_dir.glob(f"{ITEMS_BUNDLE}*"):
        if stale.is_dir() and stale.name not in bundles:
            shutil.rmtree(stale)
    return counts


def item_bundles(ids: list[str], per_bundle: int | None = None) -> dict[str, list[str]]:
    """The items' bundles: name -> the id prefixes it indexes ("ZG-2014-0", ids by the hundred).

    Hundreds of ids in order are put together until the next would pass `per_bundle` pages. The
    first bundle is always pagefind-items, a later one is named after its first prefix, so adding
    items only ever changes the last bundle."""
    limit = per_bundle or ITEMS_PER_BUNDLE
    sizes: dict[str, int] = {}
    for item_id in sorted(ids):
        prefix = item_id[:-2]  # ZG-2014-0: ids by the hundred
        sizes[prefix] = sizes.get(prefix, 0) + 1
    bundles: dict[str, list[str]] = {}
    name, pages = None, 0
    for prefix, size in sizes.items():
        if name is None or pages + size > limit:
            name = ITEMS_BUNDLE if name is None else f"{ITEMS_BUNDLE}-{_SAFE.sub('-', prefix.lower()).strip('-')}"
            bundles[name], pages = [], 0
        bundles[name].append(prefix)
        pages += size
    return bundles


def is_items_bundle(name: str) -> bool:
    return name == ITEMS_BUNDLE or name.startswith(f"{ITEMS_BUNDLE}-")


async def _written(entry: Path, seconds: float = 120) -> None:
    """Wait (bounded) until Pagefind's entry file is there and whole."""
    for _ in range(int(seconds * 10)):
        try:
            json.loads(entry.read_text(encoding="utf-8"))
            return
        except (OSError, ValueError):
            await asyncio.sleep(0.1)
    raise SearchIndexError(f"Pagefind did not finish writing {entry.parent.name}/ within {seconds:.0f} s")


def main_glob(site_dir: Path) -> str:
    """Every HTML file of the site except the item pages, as one glob: Pagefind's --glob only
    includes, so the folders beside the items' are listed by name (a handful, never one per page)."""
    site_dir = Path(site_dir)
    parts = ["*.html"]
    for child in sorted(site_dir.iterdir()):
        if child.is_dir() and child.name not in (BUNDLE, ITEMS_FOLDER) and not is_items_bundle(child.name):
            parts.append(f"{_escape(child.name)}/**/*.html")
    if (site_dir / ITEMS_FOLDER).is_dir():
        parts.append(f"{ITEMS_FOLDER}/*.html")
        for child in sorted((site_dir / ITEMS_FOLDER).iterdir()):
            if child.is_dir() and not ITEM_ID.fullmatch(child.name):
                parts.append(f"{ITEMS_FOLDER}/{_escape(child.name)}/**/*.html")
    return "{" + ",".join(parts) + "}"


def _escape(name: str) -> str:
    """A folder name as literal text in Pagefind's glob syntax."""
    return re.sub(r"([\\*?\[\]{}<>,:!$])", r"\\\1", name)


async def _run(service: PagefindService, site_dir: Path, bundle: str, glob: str, language: str) -> int:
    """Index the pages glob matches into site_dir/bundle/ with an index of its own in service; the
    number of pages the bundle holds. The index is deleted once written: Pagefind keeps an index's
    pages in memory until then.

    add_directory counts the files it read, not the pages it indexed (a page without
    data-pagefind-body is read, then left out once another page has one): the count is the one
    the written bundle's entry file gives the browser, pagefind-entry.json."""
    shutil.rmtree(site_dir / bundle, ignore_errors=True)  # Pagefind adds to a bundle folder, never empties it
    bundle_dir = site_dir / bundle
    entry = bundle_dir / "pagefind-entry.json"
    try:
        index = await service.create_index({"force_language": language})
        read = (await index.add_directory(str(site_dir), glob=glob))["page_count"]
        if read:
            await index.write_files(output_path=str(bundle_dir))
        await index.delete_index()
        if read:
            # the answer to write_files can come before the last file is on disk
            await _written(entry)
    except SearchIndexError:
        raise
    except Exception as exc:  # the service reports its errors as plain exceptions
        raise SearchIndexError(f"Pagefind failed on {bundle}/: {exc}") from exc
    if not read:
        return 0
    return sum(lang["page_count"] for lang in json.loads(entry.read_text(encoding="utf-8"))["languages"].values())
