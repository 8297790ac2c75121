"""The browser editor's configuration (Decap CMS, /admin/config.yml), generated from the models.

Every collection and widget comes from the data dictionary's walk of the models (portal/render/dictionary.py):
fields in the order files are written, choices from the models' Literal types, offices from
data/offices.yml, patterns and hints from portal/model/types.py. So the editor offers exactly the fields
the validator accepts. Each kind gets its own file format, `portal-<kind>`, registered by
portal/render/templates/admin/editor.js, which writes keys in this order and quotes what needs quotes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jinja2
import yaml

from portal.checks import history
from portal.model import forges, urls
from portal.model.records import DATED_LISTS
from portal.model.kinds import BY_KEY, TARGETS
from portal.render.dictionary import FieldDoc, kinds

LOCAL_PORT = 8081
"""decap-server's port: `local_backend: true` makes Decap look for it at localhost:8081."""

LONG_TEXT = {"description", "summary", "body", "note", "text", "duties", "campaign_summary", "answer"}
"""Text fields given a multi-line box rather than a one-line input: a matter of layout only."""

_TITLE_FIELDS = ("title", "name", "label", "question", "law")
DATE_PATTERN = r"^\s*[0-9]{4}\s*[-/.年]\s*[0-9]{1,2}\s*[-/.月]\s*[0-9]{1,2}\s*日?\s*$"
"""What a date field takes: 2014-06-01, and the ways staff also write it (2014/6/1, 2014-6-1,
2014年6月1日), which the file format writes as 2014-06-01 (portal-format.js). A text box, not the
browser's date control, which shows and reads dates in the browser's locale."""
_DATE = {"widget": "portal-date", "pattern": [DATE_PATTERN, "请写成 年-月-日，如 2014-06-01"]}

GITEA_BRANCH = "data-editor"
"""On Gitea, the branch the editor commits to; a pull request from it to the published branch is reviewed."""


class EditorConfigError(Exception):
    """The site's settings cannot drive the editor (say, a repository host Decap does not support)."""


_CODE_WORD = re.compile(r"(?<![A-Za-z0-9_./@-])([a-z][a-z_]*)(?![A-Za-z0-9_./@\[-])")


def _plain(hint: str, names: dict[str, str]) -> str:
    """A hint as the form shows it: the fields it names by their key in the file (corrections,
    date) named as the form labels them (“更正记录”), true as the switch reads (“是”). A hint that shows
    a field path to type (updates[1].note) is left as written: there the key is the value."""
    if "[" in hint:
        return hint

    def word(match: re.Match) -> str:
        name = match.group(1)
        if name == "true":
            return "“是”"
        return f"“{names[name]}”" if name in names else name

    return _CODE_WORD.sub(word, hint)


def _hint(doc: FieldDoc, names: dict[str, str]) -> str:
    """The line under a field: its description, and for typed-in values with a pattern, the rule."""
    if doc.reference:
        return ""  # picked from a list: the file-level description ("offices.yml 里的编号") would confuse
    if doc.description:
        return _plain(doc.description, {**names, **{c.name: c.title for c in doc.children}})
    return doc.explained.rule if doc.explained and doc.explained.pattern else ""  # what the pattern check will say


def _scalar(doc: FieldDoc, offices) -> dict[str, Any]:
    """The widget for one value of doc (a list's item, when doc is a list)."""
    if doc.reference == "offices":  # a short list every form needs: picked by name
        return {"widget": "select", "options": [{"label": o.name, "value": o.id} for o in offices]}
    if doc.reference:
        return {"widget": "relation", **_relation(doc.reference)}
    if doc.kind == "choice":
        return {"widget": "select", "options": list(doc.choices)}
    if doc.kind == "day":
        return dict(_DATE)
    if doc.kind == "flag":
        return {"widget": "boolean"}
    if doc.kind in ("count", "number"):
        return {"widget": "number", "value_type": "int" if doc.kind == "count" else "float", "min": 0}
    widget: dict[str, Any] = {"widget": "text" if doc.name in LONG_TEXT else "string"}
    if doc.explained and doc.explained.pattern:
        widget["pattern"] = [doc.explained.pattern, doc.explained.rule]
    return widget


def _relation(target_key: str) -> dict[str, Any]:
    """Decap's relation widget for ids of a target: the records of a folder collection, or the
    entries of a list in a file collection (timeline.yml's events)."""
    target = TARGETS[target_key]
    holder = target.holder
    if holder.folder:
        return {"collection": holder.folder, "value_field": "id", "search_fields": ["id", "title"],
                "display_fields": ["id", "title"] if holder.coded_ids else ["title"]}
    entries = f"{holder.entries}.*"
    return {"collection": holder.key, "file": holder.key, "value_field": f"{entries}.id",
            "search_fields": [f"{entries}.title"], "display_fields": [f"{entries}.title"]}


def _summary(children: tuple[FieldDoc, ...]) -> str:
    """How a collapsed list item is labelled: its date, its choice and its title, where it has them."""
    picked = [next((c for c in children if c.kind == kind and not c.many), None) for kind in ("day", "choice")]
    picked.append(next((c for c in children if c.name in _TITLE_FIELDS), None))
    names = [c.name for c in children if c in picked]
    return " ".join(f"{{{{fields.{name}}}}}" for name in names)


def widget(doc: FieldDoc, offices, in_optional: bool = False, names: dict[str, str] | None = None) -> dict[str, Any]:
    """Decap's description of one field, recursively, required exactly when the model requires it.
    An optional group (withdrawn, an online channel) is a `portal-group` (editor.js): an object
    whose fields are checked only once something in it is filled in, so that a group left out asks
    for nothing, and one begun asks for what the model requires. Its fields have no default: a
    group never opened writes nothing (the validator fills the defaults in)."""
    out: dict[str, Any] = {"label": doc.title, "name": doc.name}
    names = names or {}
    inner_names = {**names, **{c.name: c.title for c in doc.children}}  # what a hint may name (_plain)
    if doc.kind == "object":
        if doc.many:
            inner = [widget(child, offices, names=inner_names) for child in doc.children]
            out.update(widget="list", label_singular=doc.title, fields=inner, summary=_summary(doc.children))
        else:
            optional = not doc.required
            inner = [widget(child, offices, in_optional or optional, inner_names) for child in doc.children]
            out.update(widget="portal-group" if optional else "object", fields=inner, collapsed=optional)
    elif doc.many and (doc.kind == "choice" or doc.reference):
        out.update(_scalar(doc, offices), multiple=True)
    elif doc.many:  # a list of single values: shown open, one input per item
        out.update(widget="list", collapsed=False, summary=f"{{{{fields.{doc.name}}}}}",
                   field={"label": doc.title, "name": doc.name, **_scalar(doc, offices)})
    else:
        out.update(_scalar(doc, offices))
    if doc.many and doc.min_items:
        out["min"] = doc.min_items
    if not doc.required or doc.kind == "flag":  # Decap counts false as empty: a required flag could never be false;
        out["required"] = False                # it is given a default below instead, so it is always written
    if not in_optional and (doc.kind == "flag" or (doc.kind == "count" and doc.default is not None)):
        out["default"] = bool(doc.default) if doc.kind == "flag" else doc.default
    hint = _hint(doc, names)
    if hint:
        out["hint"] = hint
    return out


def _backend(site) -> dict[str, Any]:
    """Decap's backend for the repository's forge (portal/model/forges.py): GitHub, GitLab (also
    self-managed) or a self-hosted Gitea, whose API and sign-in are on the forge's own host."""
    repository = site.repository
    try:
        forge = forges.forge_of(repository)
    except forges.UnknownForge as exc:
        raise EditorConfigError(str(exc)) from None
    url = urlparse(repository.url)
    repo = url.path.strip("/").removesuffix(".git")
    if repo.count("/") < 1 or (forge.name != "gitlab" and repo.count("/") != 1):  # GitLab has subgroups
        raise EditorConfigError(f"data/site.yml 的 repository.url 应是“平台网址/所有者/仓库名”，现在是 {repository.url}")
    # Decap's gitea backend has no review workflow: it commits straight to its branch. So on Gitea the
    # editor commits to a branch of its own, and a reviewer merges that branch with a pull request.
    branch = GITEA_BRANCH if forge.name == "gitea" else repository.branch
    backend: dict[str, Any] = {"name": forge.name, "repo": repo, "branch": branch, "squash_merges": True}
    api = forges.api_root(repository)
    if api and url.hostname not in forges.KNOWN_HOSTS:  # self-hosted: API and sign-in on its own host
        if not repository.oauth_app_id:
            raise EditorConfigError(f"在线编辑器要在 {forge.title}（{url.hostname}）上登录：请先在平台上登记一个 OAuth 应用，"
                                    "把它的 Client ID 写在 data/site.yml 的 repository.oauth_app_id")
        backend.update(api_root=api, base_url=f"{url.scheme}://{url.netloc}", app_id=repository.oauth_app_id)
        if forge.name == "gitlab":
            backend.update(auth_type="pkce", auth_endpoint="oauth/authorize")
    backend["commit_messages"] = {
        "create": "新建{{collection}}：{{slug}}", "update": "修改{{collection}}：{{slug}}",
        "delete": "删除{{collection}}：{{slug}}", "uploadMedia": "上传文件：{{path}}",
        "deleteMedia": "删除文件：{{path}}", "openAuthoring": "{{message}}",
    }
    return backend


def _api_origins(site) -> str:
    """Where the editor's page may connect: the forge's API."""
    try:
        api = forges.api_root(site.repository)
    except forges.UnknownForge:
        return ""
    if api is None:
        return "https://api.github.com"
    parts = urlparse(api)
    return f"{parts.scheme}://{parts.netloc}"


def _append_only(widgets: list[dict[str, Any]]) -> None:
    """An item's dated lists (the model's DATED_LISTS, which portal/checks/history.py keeps append-only)
    become `portal-log` lists (editor.js): the entries the published base holds, as the local backend
    says (portalPublished), are shown as text, with no control to change, remove or move them; new
    entries are added at the end, in date order, and can be removed until saved."""
    for found in widgets:
        if found["name"] in DATED_LISTS and found.get("widget") == "list":
            found.update(widget="portal-log", allow_reorder=False)


def _collection(kind: str, pattern: str, fields: list[FieldDoc], offices) -> dict[str, Any]:
    found = BY_KEY[kind]
    name, folder = found.name, found.folder
    top = {doc.name: doc.title for doc in fields}
    widgets = [widget(doc, offices, names=top) for doc in fields]
    if folder and f"data/{folder}" == history.FOLDER:
        _append_only(widgets)
    common = {"label": name, "label_singular": name, "format": f"portal-{kind}", "extension": "yml",
              "editor": {"preview": False}}
    if folder:
        return {
            "name": folder, **common, "folder": f"data/{folder}", "identifier_field": "id",
            # Decap lowercases the file names it makes: a new ZG-2014-031 is written to zg-2014-031.yml,
            # which holds it by the file-name rule (portal/load/files.py); the id stays as written.
            "slug": "{{fields.id}}", "summary": "{{id}} {{title}}" if found.coded_ids else "{{title}}",
            "create": True, "delete": False,  # published ids stay: withdraw, never delete
            # Decap lowercases a preview address too: only where the page's address is lowercase already.
            **({"preview_path": urls.section(kind) + "{{slug}}/"} if found.segment and not found.coded_ids else {}),
            "fields": widgets,
        }
    return {"name": kind, **common, "files": [{"name": kind, "label": name, "file": pattern, "fields": widgets}]}


def build_config(portal, local_port: int = LOCAL_PORT) -> dict[str, Any]:
    """The whole editor configuration for a validated Portal."""
    site = portal.site
    local: Any = True if local_port == LOCAL_PORT else {"url": f"http://127.0.0.1:{local_port}/api/v1"}
    backend = _backend(site)
    return {
        "backend": backend,
        # every change becomes a pull request that a reviewer merges (on Gitea: its branch, see _backend)
        "publish_mode": "simple" if backend["name"] == "gitea" else "editorial_workflow",
        "local_backend": local,  # used only on localhost, when decap-server runs (scripts/serve --editor)
        "locale": "zh_Hans",
        "site_url": site.base_url,
        "display_url": site.base_url,
        "media_folder": "docs/assets/uploads",
        "public_folder": "/assets/uploads",
        "collections": [_collection(kind, pattern, fields, portal.offices) for kind, _, pattern, fields in kinds()],
    }


NOTICE = "# 自动生成，请勿手工修改：由 portal/render/editor.py 根据数据模型生成。\n"


def render(portal, local_port: int = LOCAL_PORT) -> str:
    """config.yml's text."""
    text = yaml.safe_dump(build_config(portal, local_port), allow_unicode=True, sort_keys=False, width=1000)
    return NOTICE + text


# --- the /admin/ page and the files it loads -----------------------------------------------------

ASSETS = Path(__file__).parent / "templates" / "admin"
DECAP = Path("node_modules/decap-cms/dist")  # from npm (package.json); copied, never fetched from a CDN
YAML_LIB = Path("node_modules/yaml/browser/dist")  # the YAML library portal-format.js writes with


def page_policy(local_port: int = LOCAL_PORT, forge_api: str = "https://api.github.com") -> str:
    """The /admin/ page's Content-Security-Policy: looser than the site's (portal/render/csp.py), because
    Decap compiles its config schema with eval, styles itself inline and talks to the repository.
    'unsafe-eval' lets it compile its WebAssembly as well, so 'wasm-unsafe-eval' would add nothing."""
    local = f"http://localhost:{local_port} http://127.0.0.1:{local_port}"
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "font-src 'self' data:",
        f"connect-src 'self' {forge_api} {local}".replace("  ", " "),
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ])


def editor_available(root: Path) -> bool:
    return (root / DECAP / "decap-cms.js").is_file() and (root / YAML_LIB / "index.js").is_file()


def assets(root: Path) -> list[tuple[str, Path]]:
    """(path in the built site, file) for every file /admin/ loads besides index.html and config.yml."""
    files = [(f"admin/{name}", ASSETS / name) for name in ("editor.js", "portal-format.js", "zh-Hans-extra.js", "portal-editor.css")]
    decap = root / DECAP
    for path in sorted(decap.iterdir()):
        # decap-cms.js and the chunks it loads on demand (NNN.decap-cms.js, *.wasm); not the
        # source maps, nor cms.js, the same bundle under its old name.
        if path.name.endswith((".decap-cms.js", ".wasm")) or path.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt"):
            files.append((f"admin/{path.name}", path))
    files += [(f"admin/yaml/{p.relative_to(root / YAML_LIB).as_posix()}", p)
              for p in sorted((root / YAML_LIB).rglob("*.js"))]
    files.append(("admin/yaml/LICENSE", root / YAML_LIB.parent.parent / "LICENSE"))
    return files


def render_page(portal, missing: str | None = None, local_port: int = LOCAL_PORT) -> str:
    """/admin/index.html: the editor, or, when `missing` says why there is none, how to edit instead."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("index.html.j2").render(site=portal.site, missing=missing, csp=page_policy(local_port, _api_origins(portal.site)))
