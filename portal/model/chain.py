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

ENVIRONMENT = "PORTAL_PREVIOUS_RELEASE"


def _manifest() -> str:
    from portal.model import urls  # here, not above: urls imports the models, and `portal build` needs ENVIRONMENT alone

    return urls.opendata("manifest.json")


def __getattr__(name: str) -> str:
    """MANIFEST, the manifest's path in a release, made on first use (PEP 562)."""
    if name == "MANIFEST":
        return _manifest()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Chain:
    """The previous release's manifest hash; None for a first release or a build outside publishing."""

    previous_manifest_sha256: str | None = None


def chain_after(release: Path | None) -> Chain:
    """The chain of a release published after the one in folder `release` (None: the first)."""
    if release is None:
        return Chain()
    try:
        return Chain(hashlib.sha256((release / _manifest()).read_bytes()).hexdigest())
    except OSError:  # a release from before manifests: the chain starts here
        return Chain()


def from_environment() -> Chain:
    folder = os.environ.get(ENVIRONMENT)
    return chain_after(Path(folder)) if folder else Chain()
