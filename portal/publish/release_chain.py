"""The chain of releases, kept in every release: /opendata/releases.json lists each release (build
time, as-of date, source commit, its manifest's SHA-256 and the previous one's), and
/opendata/history/<SHA-256>.json keeps the ledger (opendata/rectification.json) of every release,
named by its hash, so that `portal verify` can compare any saved manifest with the site today.

Written by `portal publish` after the build, before the release checks; not listed in the manifest
(the manifest cannot list what is made from it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from portal.model import urls
from portal.model.chain import MANIFEST
from portal.publish.live import LEDGER, METADATA

RELEASES = urls.opendata("releases.json")
HISTORY = urls.opendata("history")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def ledger_sha256(manifest: dict) -> str | None:
    """The hash a manifest gives the ledger (opendata/rectification.json)."""
    return next((f.get("sha256") for f in manifest.get("files", []) if f.get("path") == LEDGER), None)


def history_path(ledger_hash: str) -> str:
    return f"{HISTORY}/{ledger_hash}.json"


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _entry_of(release: Path) -> dict | None:
    """A release from before releases.json, described from its own files (None without a manifest)."""
    manifest_bytes = (release / MANIFEST).read_bytes() if (release / MANIFEST).is_file() else None
    if manifest_bytes is None:
        return None
    manifest = json.loads(manifest_bytes)
    metadata = _read(release / METADATA) or {}
    return {"release": metadata.get("release", release.name), "built_at": metadata.get("built_at"),
            "as_of": manifest.get("as_of"), "source_commit": (manifest.get("source") or {}).get("commit"),
            "manifest_sha256": sha256(manifest_bytes), "previous_manifest_sha256": manifest.get("previous_manifest_sha256"),
            "ledger_sha256": ledger_sha256(manifest)}


def earlier_releases(previous: Path | None) -> list[dict]:
    """The chain up to the release `previous` (None: a first release)."""
    if previous is None:
        return []
    listed = _read(previous / RELEASES)
    if isinstance(listed, dict) and isinstance(listed.get("releases"), list):
        return listed["releases"]
    entry = _entry_of(previous)
    return [entry] if entry else []


def add_release(release: Path, previous: Path | None, name: str, built_at: dt.datetime) -> None:
    """Write release's releases.json (the chain so far, and this release) and its history folder (the
    ledger of every release in the chain that the previous one kept, and this release's)."""
    manifest_bytes = (release / MANIFEST).read_bytes()
    manifest = json.loads(manifest_bytes)
    history = release / HISTORY
    history.mkdir(parents=True, exist_ok=True)
    if previous is not None:
        if (previous / HISTORY).is_dir():
            shutil.copytree(previous / HISTORY, history, dirs_exist_ok=True)
        if (previous / LEDGER).is_file():  # a release from before the history folder
            kept = (previous / LEDGER).read_bytes()
            (history / f"{sha256(kept)}.json").write_bytes(kept)
    ledger = (release / LEDGER).read_bytes()
    (history / f"{sha256(ledger)}.json").write_bytes(ledger)
    entry = {"release": name, "built_at": built_at.astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
             "as_of": manifest["as_of"], "source_commit": manifest["source"]["commit"],
             "manifest_sha256": sha256(manifest_bytes), "previous_manifest_sha256": manifest.get("previous_manifest_sha256"),
             "ledger_sha256": sha256(ledger)}
    document = {
        "title": "发布记录",
        "description": "本站每一次发布：生成时间、数据截至日期、源提交、该次发布的开放数据文件清单（manifest.json）的 SHA-256，"
                       "以及上一次发布的清单的 SHA-256。每次发布的整改台账保存在 /" + HISTORY + "/<SHA-256>.json。"
                       "用 portal verify 可以核对这条链，并列出两次发布之间台账新增的内容。",
        "releases": [*earlier_releases(previous), entry],
    }
    (release / RELEASES).write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
