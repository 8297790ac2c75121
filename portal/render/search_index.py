"""Index a built site for search with Pagefind's extended build, through its command line only.

Only the extended build segments Chinese into words; the standard one indexes a run of Chinese
characters as one word, so a search for 上门办理 would miss 可申请上门办理服务. Pagefind is used through
its documented interfaces: the command line (--site, --output-subdir, --glob) and the summary it
prints. Its index files are its own format and are never read or rewritten here; what each run
indexed is taken from that summary, and a summary that cannot be read stops the build.

The site gets two bundles. The header box on every page searches the main one, /pagefind/: guides,
rules, the timeline and every other page except the rectification items. The items, which are most
of the pages of a large portal, have their own bundle, /pagefind-items/, which only the /search/
page loads (Pagefind's mergeIndex). Pagefind's metadata file lists every page of its bundle and is
downloaded whole before the first result; kept out of it, 10,000 item pages cost the header box
nothing (issue 4: a one-word query downloads at most 150 KB).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pagefind_bin_extended

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
    """Pagefind failed, a binary without Chinese word segmentation was found, or its summary was unreadable."""


@dataclass(frozen=True)
class Indexed:
    """What one Pagefind run says it indexed: the number of pages, and the languages it found (one
    index each, after the pages' <html lang>)."""

    pages: int
    languages: tuple[str, ...]


def index_site(site_dir: Path) -> dict[str, Indexed]:
    """Index site_dir in place; per bundle, what Pagefind indexed, e.g. {"pagefind": Indexed(20,
    ("zh",)), "pagefind-items": Indexed(27, ("zh",))}. A site without item pages gets no items
    bundle (Pagefind refuses to write an empty one), and stale ones are removed.

    The binary comes from the pagefind_bin_extended package itself, never from PATH or
    PAGEFIND_BINARY_PATH, and is refused unless it says it is the extended build.
    """
    site_dir = Path(site_dir)
    binary = pagefind_bin_extended.get_executable()
    counts = {BUNDLE: _run(binary, site_dir, BUNDLE, main_glob(site_dir))}
    folder = site_dir / ITEMS_FOLDER
    ids = sorted(p.name for p in folder.iterdir() if p.is_dir() and ITEM_ID.fullmatch(p.name)) if folder.is_dir() else []
    bundles = item_bundles(ids)
    for bundle, prefixes in bundles.items():
        glob = "{" + ",".join(f"{ITEMS_FOLDER}/{prefix}*/**/*.html" for prefix in prefixes) + "}"
        counts[bundle] = _run(binary, site_dir, bundle, glob)
        pages = sum(1 for i in ids if i.startswith(tuple(prefixes)))
        if counts[bundle].pages != pages:  # an item page Pagefind skipped could never be found
            raise SearchIndexError(f"{bundle}/ has {pages} item pages, Pagefind indexed {counts[bundle].pages}")
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


def _run(binary: Path, site_dir: Path, bundle: str, glob: str) -> Indexed:
    shutil.rmtree(site_dir / bundle, ignore_errors=True)  # Pagefind adds to a bundle folder, never empties it
    done = subprocess.run(
        [str(binary), "--site", str(site_dir), "--output-subdir", bundle, "--glob", glob],
        capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
    )
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind exited with status {done.returncode}:\n{output}")
    if "(Extended)" not in output:
        raise SearchIndexError(f"{binary} is not Pagefind's extended build:\n{output}")
    return summary(output)


_LANGUAGES = re.compile(r"^Discovered \d+ languages?: (.+)$", re.MULTILINE)
_TOTAL_PAGES = re.compile(r"^Total:\s*\n(?:[ \t]+Indexed .*\n)*?[ \t]+Indexed (\d+) pages?$", re.MULTILINE)


def summary(output: str) -> Indexed:
    """The page count and languages from the summary Pagefind prints after a run:

        Discovered 1 language: zh
        ...
        Total:
          Indexed 1 language
          Indexed 20 pages

    Refused when either line is missing, so that a Pagefind whose output changed stops the build
    rather than passing its checks unseen."""
    languages, pages = _LANGUAGES.search(output), _TOTAL_PAGES.search(output)
    if languages is None or pages is None:
        raise SearchIndexError(f"Pagefind's summary did not say how many pages it indexed, in which languages:\n{output}")
    return Indexed(int(pages.group(1)), tuple(name.strip() for name in languages.group(1).split(",")))
