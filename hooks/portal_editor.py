"""MkDocs hook: the staff pages. /about/data/ and /about/data/<kind>/ (the data dictionary), the
validator's real messages in /about/contributing/ and /about/contributing/errors/, and the browser
editor at /admin/ (Decap CMS and its generated config).

A thin adapter: what the pages say and what the editor is told come from portal/render/dictionary.py,
portal/render/examples.py and portal/render/editor.py, free of MkDocs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import _shared
from portal.render import dictionary, editor as editor_config, examples as validation_examples

log = logging.getLogger("mkdocs.hooks.portal_editor")

MARKERS = {
    "about/contributing.md": {"sample": "<!-- portal:validation-sample -->"},
    "about/contributing/errors.md": {
        "anatomy": "<!-- portal:validation-anatomy -->",
        "mistakes": "<!-- portal:validation-examples -->",
        "quoted": "<!-- portal:quoted-values -->",
    },
}
"""Where the contributing guide and its page on the validator's messages get the validator's own
messages (portal/render/examples.py), by page."""

def _local_port() -> int:
    """decap-server's port: 8081 unless PORTAL_EDITOR_PORT says otherwise (the tests pick a free one)."""
    return int(os.environ.get("PORTAL_EDITOR_PORT", editor_config.LOCAL_PORT))


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    portal = _shared.portal(config)
    for path, content in dictionary.render_pages(portal):  # the overview and a page per kind
        page = File.generated(config, path, content=content)
        page.edit_uri = None  # generated from the models: nothing for staff to edit
        files.append(page)
    _add_editor(files, config, _shared.project_root(config), portal)
    return files


def _add_editor(files: Files, config: MkDocsConfig, root: Path, portal) -> None:
    """/admin/: the editor, or a page that says why this build has none and how to edit instead."""
    port = _local_port()
    try:
        text = editor_config.render(portal, port) if editor_config.editor_available(root) else None
        missing = None if text else "本次构建没有包含数据编辑器（缺少 node_modules/decap-cms，请在项目目录运行 npm ci 后重新构建）。"
    except editor_config.EditorConfigError as exc:
        text, missing = None, str(exc)
    files.append(File.generated(config, "admin/index.html", content=editor_config.render_page(portal, missing, port)))
    if missing:
        log.info("no editor at /admin/: %s", missing)  # the site stays whole; the page tells staff why
        return
    files.append(File.generated(config, "admin/config.yml", content=text))
    for uri, path in editor_config.assets(root):
        files.append(File.generated(config, uri, abs_src_path=str(path)))


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    markers = MARKERS.get(page.file.src_uri)
    if markers is None:
        return None
    missing = [marker for marker in markers.values() if marker not in markdown]
    if missing:
        raise PluginError(f"docs/{page.file.src_uri} 缺少自动生成内容的标记：{'、'.join(missing)}")
    build = _shared.this_build(config)
    if build.validator_examples is None:  # made once per build, for whichever of the pages comes first
        build.validator_examples = validation_examples.render(_shared.project_root(config))
    for key, marker in markers.items():
        markdown = markdown.replace(marker, build.validator_examples[key])
    return markdown
