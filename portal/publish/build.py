"""Run the MkDocs build (hooks, pages, search index) in a child process, so a failed or killed
build never leaves half a site in this process and MkDocs stays out of portal/'s imports."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from portal.china import CHINA
from portal.model import chain



def build_env(as_of: dt.date | None, previous: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="true")
    env.pop(chain.ENVIRONMENT, None)
    if previous is not None:  # the release this build follows: its manifest records that one's hash
        env[chain.ENVIRONMENT] = str(previous)
    if as_of is not None:
        env["PORTAL_AS_OF"] = as_of.isoformat()
        # MkDocs stamps the sitemap with the build time; pin it so equal inputs give equal bytes.
        midnight = dt.datetime.combine(as_of, dt.time(), CHINA)
        env["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    return env


ENGINES = ("mkdocs", "properdocs")
"""The generators that build this site from the same mkdocs.yml, hooks/ and Material theme: MkDocs
1.6 and ProperDocs, its maintained drop-in fork (README, "Switching to ProperDocs"). PORTAL_ENGINE
picks one for every build (portal build, publish, watch); MkDocs when it is unset."""


def engine_name(engine: str | None = None) -> str:
    return engine or os.environ.get("PORTAL_ENGINE") or "mkdocs"


def build_site(root: Path, site_dir: Path, as_of: dt.date | None = None, quiet: bool = True,
               engine: str | None = None, previous: Path | None = None) -> int:
    """Build root's site into site_dir; the exit status of `mkdocs build --strict` (or of
    `properdocs build --strict`, the same command of the fork)."""
    engine = engine_name(engine)
    if engine not in ENGINES:
        print(f"portal: PORTAL_ENGINE 只能是 {' 或 '.join(ENGINES)}，现在是“{engine}”", file=sys.stderr)
        return 2
    if importlib.util.find_spec(engine) is None:
        print(f"portal: 没有安装 {engine}（在项目目录运行 .venv/bin/pip install {engine}）", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", engine, "build", "--strict", "--clean",
               "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site_dir)]
    if quiet:
        command.append("--quiet")
    return subprocess.run(command, cwd=root, env=build_env(as_of, previous), check=False).returncode
