"""Shared by the hooks, and not a hook itself (mkdocs.yml does not list it): the project folder, the
Portal of this build, and what a hook hands from one of its events to a later one.

Everything lives on the build's config object. MkDocs makes a new one for every build, and
`mkdocs serve` for every rebuild, while it keeps the hook modules loaded for the whole process: what
is kept here lives exactly one build, and a rebuild always reads the files staff just saved. One
exception, for the preview: the Portal hooks/portal_serve.py validated just before a rebuild is
handed to that rebuild (validated_for_next_build), so each save validates data/ once.
The hooks import this module as a sibling (`import _shared`): MkDocs puts a hook's folder on
sys.path while it loads the hook.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from portal.model import chain
from portal.load.portal import load_portal
from portal.load.problems import InvalidData
from portal.model.asof import default_as_of
from portal.model.dataset import Portal

log = logging.getLogger("mkdocs.hooks._shared")


@dataclass
class Build:
    """What the hooks of one build share between their events."""

    portal: Portal
    page_html: dict[str, str] = field(default_factory=dict)
    """hooks/portal_pages.py: a generated page's HTML, by source path, from on_page_markdown to on_page_content."""
    alternate_json: dict[str, str] = field(default_factory=dict)
    """hooks/portal_opendata.py: a page's JSON version, by source path, from on_files to on_page_context."""
    validator_examples: dict[str, str] | None = None
    """hooks/portal_editor.py: the validator's messages, made on the first page that shows them."""


def project_root(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml, where data/ is; never the current directory."""
    return Path(config.config_file_path).resolve().parent


_validated: tuple[Path, Portal] | None = None
"""`mkdocs serve` only: the Portal hooks/portal_serve.py validated just before it starts a rebuild,
taken by that rebuild instead of loading data/ a second time (see validated_for_next_build)."""


def load(root: Path, against: str | None = None) -> Portal:
    """data/ under root, validated, as a build shows it (with the commit and each file's last change);
    with `against` (the preview's published base), nothing published there may have been rewritten."""
    log.debug("loading and validating data/")
    return load_portal(root, as_of=default_as_of(), source=True, against=against)


def validated_for_next_build(root: Path, portal: Portal) -> None:
    """Hand the Portal just validated for a rebuild to that rebuild: one validation per rebuild."""
    global _validated
    _validated = (root, portal)


def this_build(config: MkDocsConfig) -> Build:
    """This build's shared state, with data/ loaded and validated on the first call however many hooks
    ask: loading 10,000 items takes seconds (docs/performance.md). Invalid data stops the build with
    one PluginError that lists every problem, whichever hook asks first, and no traceback."""
    global _validated
    build = getattr(config, "_portal_build", None)
    if build is None:
        root = project_root(config)
        handed, _validated = _validated, None
        if handed is not None and handed[0] == root:
            portal = handed[1]
        else:
            try:
                portal = load(root)
            except InvalidData as exc:
                raise PluginError("数据校验未通过，未生成网站：\n" + exc.report()) from None
        portal = replace(portal, chain=chain.from_environment())  # set by portal publish
        build = Build(portal)
        setattr(config, "_portal_build", build)  # MkDocsConfig takes attributes that are not options
    return build


def portal(config: MkDocsConfig) -> Portal:
    """The validated data of this build (see this_build)."""
    return this_build(config).portal
