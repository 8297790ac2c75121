"""The release a new one follows: the SHA-256 of its /opendata/manifest.json, which the new manifest
records, so that every release is chained to the one before it (portal verify checks the chain).

`portal publish` names the live release; its build (a child process, portal/publish/build.py) learns
it from PORTAL_PREVIOUS_RELEASE, as it learns the as-of date from PORTAL_AS_OF.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from portal.model import urls

MANIFEST = urls.opendata("manifest.json")
ENVIRONMENT = "PORTAL_PREVIOUS_RELEASE"


@dataclass(frozen=True)
class Chain:
    """The previous release's manifest hash; None for a first release or a build outside publishing."""

    previous_manifest_sha256: str | None = None


def chain_after(release: Path | None) -> Chain:
    """The chain of a release published after the one in folder `release` (None: the first)."""
    if release is None:
        return Chain()
    try:
        return Chain(hashlib.sha256((release / MANIFEST).read_bytes()).hexdigest())
    except OSError:  # a release from before manifests: the chain starts here
        return Chain()


def from_environment() -> Chain:
    folder = os.environ.get(ENVIRONMENT)
    return chain_after(Path(folder)) if folder else Chain()
