"""Index a built site for search with Pagefind's extended build, the same bytes on every run.

Only the extended build segments Chinese into words; the standard one indexes a run of Chinese
characters as one word, so a search for 上门办理 would miss 可申请上门办理服务. Pagefind writes its
filter index in hash-map order, which changes from run to run; the filter files and the metadata
that names them are rewritten here in sorted order, so two builds of the same data stay identical.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from pathlib import Path

import cbor2
import pagefind_bin_extended

BUNDLE = "pagefind"  # the folder in the site: /pagefind/pagefind.js, the index and its metadata
SIGNATURE = b"pagefind_dcd"  # what every decompressed Pagefind index file starts with


class SearchIndexError(Exception):
    """Pagefind failed, or a binary without Chinese word segmentation was found."""


def index_site(site_dir: Path) -> dict[str, int]:
    """Index site_dir in place; the number of pages indexed per language, e.g. {"zh": 43}.

    The binary comes from the pagefind_bin_extended package itself, never from PATH or
    PAGEFIND_BINARY_PATH, and is refused unless it says it is the extended build.
    """
    binary = pagefind_bin_extended.get_executable()
    done = subprocess.run(
        [str(binary), "--site", str(site_dir), "--output-subdir", BUNDLE],
        capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
    )
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind exited with status {done.returncode}:\n{output}")
    if "(Extended)" not in output:
        raise SearchIndexError(f"{binary} is not Pagefind's extended build:\n{output}")
    return make_deterministic(Path(site_dir) / BUNDLE)


def make_deterministic(bundle: Path) -> dict[str, int]:
    """Sort the filter index of every language, renaming the files after their new content."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, index in entry["languages"].items():
        meta_path = bundle / f"pagefind.{index['hash']}.pf_meta"
        version, pages, chunks, filters, *rest = _read(meta_path)
        filters = [[name, _rewrite_filter(bundle / "filter", language, chunk)] for name, chunk in sorted(filters)]
        index["hash"] = _replace(meta_path, [version, pages, chunks, filters, *rest], language, 10, "pagefind.{}.pf_meta")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {language: index["page_count"] for language, index in entry["languages"].items()}


def _rewrite_filter(folder: Path, language: str, chunk: str) -> str:
    path = folder / f"{chunk}.pf_filter"
    name, values = _read(path)
    return _replace(path, [name, sorted(values)], language, 7, "{}.pf_filter")


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise SearchIndexError(f"{path} is not a Pagefind index file")
    return cbor2.loads(data[len(SIGNATURE):])


def _replace(path: Path, content, language: str, digits: int, pattern: str) -> str:
    """Write content where path was, named like Pagefind names it: language_ and a content hash."""
    data = gzip.compress(SIGNATURE + cbor2.dumps(content), compresslevel=9, mtime=0)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    path.unlink()
    (path.parent / pattern.format(name)).write_bytes(data)
    return name
