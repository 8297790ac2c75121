"""Run the MkDocs build (hooks, pages, search index) in a child process, so a failed or killed
build never leaves half a site in this process and MkDocs stays out of portal/'s imports."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path


def build_env(as_of: dt.date | None) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="true")
    if as_of is not None:
        env["PORTAL_AS_OF"] = as_of.isoformat()
        # MkDocs stamps the sitemap with the build time; pin it so equal inputs give equal bytes.
        midnight = dt.datetime.combine(as_of, dt.time(), dt.timezone(dt.timedelta(hours=8)))
        env["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    return env


def build_site(root: Path, site_dir: Path, as_of: dt.date | None = None, quiet: bool = True) -> int:
    """Build root's site into site_dir; the exit status of `mkdocs build --strict`."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site_dir)]
    if quiet:
        command.append("--quiet")
    return subprocess.run(command, cwd=root, env=build_env(as_of), check=False).returncode
