"""MkDocs hook for the live preview (`mkdocs serve`, scripts/serve): a save that makes data/ invalid
lists every problem and keeps serving the last good site, and the browser reloads after every save.

Why: in MkDocs 1.6 a failed rebuild leaves the dev server alive but stalled (every request waits
for a successful build: "The server will appear stuck"), and the failed build has already emptied
the served folder. Validating before the rebuild starts avoids both. `mkdocs build` never calls
on_startup("serve") or on_serve, so a published build still stops on invalid data
(hooks/_shared.py) and keeps the strict Content-Security-Policy.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import _shared
import portal.render as render
from portal.publish.proposed import published_base
from portal.load.problems import InvalidData

BANNER = "_preview/problems.js"
"""In the preview only: the script that shows, at the top of every page, the problems of a save the
preview did not take (written next to it as problems.json); none when the data is valid."""
BANNER_SOURCE = Path(render.__file__).parent / "templates/preview/problems.js"

log = logging.getLogger("mkdocs.hooks.portal_serve")

# The one value a hook module keeps between events, on purpose: MkDocs names the command only to
# on_startup, once per process and before any build's config exists, and each build's on_config must
# know it. It is set once and never changed by a build; MkDocs loads a hook module once per process.
_previewing = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _previewing
    _previewing = command == "serve"


@event_priority(-50)  # late: hooks/portal_csp.py's on_config sets the policy this relaxes
def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    """In the preview only, let the page run the reload script MkDocs injects inline into each page
    (a fresh one per request, so no hash can name it)."""
    policy = config.extra.get("csp")
    if not _previewing or not policy:
        return None
    directives = [d.strip() for d in policy.split(";")]
    config.extra["csp"] = "; ".join(f"{d} 'unsafe-inline'" if d.startswith("script-src ") else d for d in directives)
    return config


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
    root = _shared.project_root(config)
    rebuild = server.builder  # the serve loop calls this attribute after every change it sees

    base = published_base(root)  # what the pull request compares with: published entries stay

    def rebuild_when_valid() -> None:
        try:
            portal = _shared.load(root, against=base)
        except InvalidData as exc:
            # Returning normally (not raising) keeps the server answering; the folder is untouched but
            # for problems.json, so browsers reload the last good pages with the problems on top.
            log.error("数据校验未通过，预览保持上一次成功生成的网站：\n%s", exc.report())
            _write_problems(Path(config.site_dir), exc, base)
            return
        _shared.validated_for_next_build(root, portal)  # the rebuild uses it: data/ is validated once
        rebuild()  # a clean build empties the folder: problems.json goes with it

    server.builder = rebuild_when_valid
    return server


def _write_problems(site_dir: Path, exc: InvalidData, base: str | None) -> None:
    problems = {"problems": [p.as_dict() for p in exc.problems], "base": base,
                "saved_at": dt.datetime.now().strftime("%H:%M:%S")}
    target = site_dir / BANNER
    target.parent.mkdir(parents=True, exist_ok=True)
    target.with_name("problems.json").write_text(json.dumps(problems, ensure_ascii=False), encoding="utf-8")


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files | None:
    if not _previewing:
        return None
    files.append(File.generated(config, BANNER, abs_src_path=str(BANNER_SOURCE)))
    return files


def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    """Every previewed page loads the banner script, which shows nothing while the data is valid."""
    if not _previewing or "</body>" not in output:
        return None
    tag = f'<script src="{get_relative_url(BANNER, page.url)}"></script>'
    return output.replace("</body>", tag + "</body>", 1)
