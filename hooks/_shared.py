"""Shared by the hooks, and not a hook itself (mkdocs.yml does not list it): the project folder, the
Portal of this build, and what a hook hands from one of its events to a later one.

Everything lives on the build's config object. MkDocs makes a new one for every build, and
`mkdocs serve` for every rebuild, while it keeps the hook modules loaded for the whole process: what
is kept here lives exactly one build, and a rebuild always reads the files staff just saved.
The hooks import this module as a sibling (`import _shared`): MkDocs puts a hook's folder on
sys.path while it loads the hook.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from portal.checks.validate import load_portal
from portal.load import chain
from portal.load.problems import InvalidData
from portal.model.asof import default_as_of
from portal.model.dataset import Portal


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


def this_build(config: MkDocsConfig) -> Build:
    """This build's shared state, with data/ loaded and validated on the first call however many hooks
    ask: loading 10,000 items takes seconds (docs/performance.md). Invalid data stops the build with
    one PluginError that lists every problem, whichever hook asks first, and no traceback."""
    build = getattr(config, "_portal_build", None)
    if build is None:
        try:
            portal = load_portal(project_root(config), as_of=default_as_of(), source=True)
            portal = replace(portal, chain=chain.from_environment())  # set by portal publish
        except InvalidData as exc:
            raise PluginError("数据校验未通过，未生成网站：\n" + exc.report()) from None
        build = Build(portal)
        setattr(config, "_portal_build", build)  # MkDocsConfig takes attributes that are not options
    return build


def portal(config: MkDocsConfig) -> Portal:
    """The validated data of this build (see this_build)."""
    return this_build(config).portal
