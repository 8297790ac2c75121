"""MkDocs hook for the live preview (`mkdocs serve`, scripts/serve): a save that makes data/ invalid
lists every problem and keeps serving the last good site, and the browser reloads after every save.

Why: in MkDocs 1.6 a failed rebuild leaves the dev server alive but stalled (every request waits
for a successful build: "The server will appear stuck"), and the failed build has already emptied
the served folder. Validating before the rebuild starts avoids both. `mkdocs build` never calls
on_startup("serve") or on_serve, so a published build still stops on invalid data
(hooks/_shared.py) and keeps the strict Content-Security-Policy.
"""

from __future__ import annotations

import logging
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority

import _shared
from portal.load.problems import InvalidData

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

    def rebuild_when_valid() -> None:
        try:
            portal = _shared.load(root)
        except InvalidData as exc:
            # Returning normally (not raising) keeps the server answering; the folder is untouched,
            # so browsers keep the last good pages until the next save fixes the data.
            log.error("数据校验未通过，预览保持上一次成功生成的网站：\n%s", exc.report())
            return
        _shared.validated_for_next_build(root, portal)  # the rebuild uses it: data/ is validated once
        rebuild()

    server.builder = rebuild_when_valid
    return server
