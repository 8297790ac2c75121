"""The browser editor at /admin/: Decap CMS, its configuration generated from the models, the
portal's YAML file format, and a real edit through the local backend in Chromium.

- The configuration is compared with pydantic's own JSON Schema of each kind, recursively.
- The file format (portal/render/templates/admin/portal-format.js) runs under Node on every real data
  file and on values that need quotes; what it writes must pass the real validator.
- In Chromium, against decap-server in a temporary copy of the project: add a progress update to a
  rectification item, save, publish; the YAML on disk gains exactly those lines, validates, and the
  rebuilt item page shows the new status. PORTAL_UPDATE_SCREENSHOTS=1 saves the guide's pictures
  (docs/about/img/) from this same run.
"""

from __future__ import annotations

import datetime as dt
import html
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
import yaml

from conftest import copy_valid
from portal.publish import editor_backend
from portal.render import editor as editor_config
from portal.publish.build import build_site
from portal.render.dictionary import field_order
from portal.load.reader import load_file
from bench.loopback import loopback
from portal.model.kinds import BY_KEY
from portal.model.records import DATED_LISTS, RectificationItem
from portal.model.status import Status
from portal.load.portal import load_portal
from test_dictionary import schema_fields
from conftest import AS_OF

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"  # the browser itself comes from conftest.browser (sitetools.chromium)
NODE = shutil.which("node")
NODE_MODULES = ROOT / "node_modules"
COPIED = ("mkdocs.yml", "data", "docs", "overrides", "hooks", ".gitignore")
SCREENSHOTS = ROOT / "docs/about/img"

needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")
needs_browser = pytest.mark.skipif(NODE is None or not Path(CHROMIUM).exists(), reason="chromium or node is not installed")


def _installed() -> None:
    """node is here, so the npm packages must be too: scripts/test installs them (npm ci)."""
    for package in ("decap-cms/dist/decap-cms.js", "decap-server/dist/index.js", "yaml/browser/dist/index.js"):
        assert (NODE_MODULES / package).is_file(), f"node_modules/{package} is missing: run npm ci"


def _config(root: Path = ROOT, port: int = editor_config.LOCAL_PORT) -> dict:
    return yaml.safe_load(editor_config.render(load_portal(root, as_of=AS_OF), port))


# --- the configuration covers every field, as the models define it -----------------------------------


def _config_fields(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    """path -> widget for every field of a Decap configuration, recursively, in the dictionary's notation."""
    found = {}
    for field in fields:
        many = field["widget"] in ("list", "portal-log") or field.get("multiple", False)
        path = f"{prefix}{field['name']}{'[]' if many else ''}"
        found[path] = field
        if "fields" in field:
            found.update(_config_fields(field["fields"], path + "."))
    return found


def _collection_fields(config: dict, kind: str) -> list[dict]:
    collection = next(c for c in config["collections"] if c["format"] == f"portal-{kind}")
    return collection["fields"] if "fields" in collection else collection["files"][0]["fields"]


@pytest.mark.parametrize("kind", sorted(BY_KEY))
def test_editor_configuration_has_every_field_of_every_model(kind):
    config = _config()
    model = BY_KEY[kind].model
    schema = model.model_json_schema()
    expected = schema_fields(schema, schema)
    fields = _config_fields(_collection_fields(config, kind))
    assert sorted(fields) == sorted(expected)
    for path, field in fields.items():
        assert field["label"] == expected[path]["title"], path
        if expected[path]["enum"]:
            assert field["widget"] == "select" and field["options"] == expected[path]["enum"], path


@pytest.mark.parametrize("kind", sorted(BY_KEY))
def test_the_editor_requires_exactly_what_the_validator_requires(kind):
    """Decap's required flag (true unless said otherwise) is the model's, field by field. An optional
    group is a portal-group, whose required fields are asked for only once the group is begun; and
    nothing inside an optional group has a default, so a group never opened writes nothing."""
    schema = BY_KEY[kind].model.model_json_schema()
    expected = schema_fields(schema, schema)
    fields = _config_fields(_collection_fields(_config(), kind))
    for path, field in fields.items():
        if field["widget"] == "boolean" and expected[path]["required"]:
            # Decap counts false as empty, so a required flag is marked optional and given a default:
            # never missing from the file, and free to be false.
            assert field["required"] is False and field["default"] is False, path
            continue
        assert field.get("required", True) == expected[path]["required"], path
        if field["widget"] in ("object", "portal-group"):
            assert (field["widget"] == "portal-group") == (not expected[path]["required"]), path
    groups = [path for path, field in fields.items() if field["widget"] == "portal-group"]
    for path, field in fields.items():
        if any(path.startswith(group + ".") for group in groups):
            assert "default" not in field, path


@pytest.mark.parametrize("kind", sorted(BY_KEY))
def test_editor_fields_come_in_the_order_files_are_written(kind):
    model = BY_KEY[kind].model
    assert [f["name"] for f in _collection_fields(_config(), kind)] == field_order(model)


def test_widgets_match_the_field_types():
    fields = _config_fields(_collection_fields(_config(), "rectification"))
    # Dates in a text box, whatever the browser's locale; the ways staff write them are taken and
    # written as YYYY-MM-DD (portal-format.js), anything else is refused at the field.
    assert fields["deadline"]["widget"] == "portal-date"
    date_rule = re.compile(fields["deadline"]["pattern"][0])
    for typed in ("2014-06-01", "2014/6/1", "2014-6-1", "2014年6月1日", "2014.06.01"):
        assert date_rule.search(typed), typed
    for typed in ("6/1/2014", "1/6/2014", "2014-06", "二〇一四年六月一日", "20140601"):
        assert not date_rule.search(typed), typed
    assert fields["updates[]"]["min"] == 1
    # Every dated list the append-only check keeps is a portal-log (its published entries are shown
    # locked, editor.js), new entries go at the end in date order; other lists are Decap's own.
    logs = {name for name, f in fields.items() if f.get("widget") == "portal-log"}
    assert logs == {f"{name}[]" for name in DATED_LISTS} and {"updates[]", "corrections[]"} <= logs
    assert all(fields[name]["allow_reorder"] is False for name in logs)
    assert fields["measures[]"]["widget"] == "list"
    assert [f["name"] for f in fields["updates[]"]["fields"]] == ["date", "status", "note", "evidence"]
    assert fields["updates[].status"]["options"] == list(Status.reportable())
    assert fields["illustrative"]["widget"] == "boolean" and fields["illustrative"]["default"] is False
    assert re.fullmatch(fields["id"]["pattern"][0], "ZG-2014-001")
    assert not re.fullmatch(fields["id"]["pattern"][0], "zg-2014-001")
    offices = load_file(ROOT / "data/offices.yml", "offices").data["offices"]
    assert fields["office"]["options"] == [{"label": o["name"], "value": o["id"]} for o in offices]
    guide = _config_fields(_collection_fields(_config(), "guide"))
    assert guide["visits"]["widget"] == "number" and guide["visits"]["value_type"] == "int"
    assert guide["related_rules[]"]["widget"] == "relation" and guide["related_rules[]"]["collection"] == "rules"


@pytest.mark.parametrize("kind", sorted(BY_KEY))
def test_hints_name_fields_as_the_form_labels_them(kind):
    """Staff read labels, not the keys of the file: a hint that names another field (有误请写更正
    corrections) names it by its label in the form; only a field path to type stays as written."""
    fields = _config_fields(_collection_fields(_config(), kind))
    keys = {path.rsplit(".", 1)[-1].removesuffix("[]") for path in fields} | {"true"}
    for path, field in fields.items():
        hint = field.get("hint", "")
        if "[" in hint:  # corrections.field: "如 updates[1].note": the path is what is typed
            continue
        words = set(re.findall(r"(?<![A-Za-z0-9_./@-])[a-z][a-z_]*(?![A-Za-z0-9_./@\[-])", hint))
        assert not words & keys, f"{kind} {path}: {hint}"
    if kind == "rectification":
        assert "“更正记录”" in fields["received_on"]["hint"]


def test_every_change_becomes_a_pull_request_on_the_sites_repository():
    config = _config()
    site = load_file(ROOT / "data/site.yml", "site").data
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "github"
    assert f"https://github.com/{config['backend']['repo']}" == site["repository"]["url"]
    assert config["backend"]["branch"] == site["repository"]["branch"]
    assert config["local_backend"] is True
    folders = {c["name"]: c for c in config["collections"] if "folder" in c}
    assert sorted(folders) == ["guides", "rectification", "rules"]
    assert not any(c["delete"] for c in folders.values())  # published ids stay; withdraw instead
    assert {c["name"] for c in config["collections"] if "files" in c} == {"site", "offices", "timeline", "synonyms"}


def test_a_repository_the_editor_cannot_use_leaves_a_page_that_says_so():
    portal = load_portal(ROOT, as_of=AS_OF)
    site = portal.site.model_copy(update={"repository": portal.site.repository.model_copy(
        update={"url": "https://gitee.com/example/weifang-portal"})})
    elsewhere = type("Elsewhere", (), {"site": site, "offices": portal.offices})()
    with pytest.raises(editor_config.EditorConfigError) as caught:
        editor_config.build_config(elsewhere)
    assert "gitee.com" in str(caught.value) and "GitHub" in str(caught.value)
    page = editor_config.render_page(portal, missing=str(caught.value))
    assert "<script" not in page and "gitee.com" in page


# --- self-hosted forges ---------------------------------------------------------------------------------

FORGES = {
    # site.yml's repository -> what the editor's configuration and the site's links must say
    "gitea": ({"url": "https://git.wsj.example.gov.cn/wsj/portal", "forge": "gitea", "oauth_app_id": "a1b2c3"},
              {"name": "gitea", "repo": "wsj/portal", "api_root": "https://git.wsj.example.gov.cn/api/v1",
               "base_url": "https://git.wsj.example.gov.cn", "app_id": "a1b2c3", "branch": editor_config.GITEA_BRANCH},
              "simple", "https://git.wsj.example.gov.cn/wsj/portal/commits/branch/main/",
              "https://git.wsj.example.gov.cn/wsj/portal/_edit/main/"),
    "gitlab self-managed": (
        {"url": "https://gitlab.wsj.example.gov.cn/xinxi/gongkai/portal", "forge": "gitlab", "oauth_app_id": "d4e5"},
        {"name": "gitlab", "repo": "xinxi/gongkai/portal", "api_root": "https://gitlab.wsj.example.gov.cn/api/v4",
         "base_url": "https://gitlab.wsj.example.gov.cn", "app_id": "d4e5", "auth_type": "pkce", "branch": "main"},
        "editorial_workflow", "https://gitlab.wsj.example.gov.cn/xinxi/gongkai/portal/-/commits/main/",
        "https://gitlab.wsj.example.gov.cn/xinxi/gongkai/portal/-/edit/main/"),
    "gitlab.com": ({"url": "https://gitlab.com/wsj/portal"}, {"name": "gitlab", "repo": "wsj/portal", "branch": "main"},
                   "editorial_workflow", "https://gitlab.com/wsj/portal/-/commits/main/",
                   "https://gitlab.com/wsj/portal/-/edit/main/"),
    "github.com": ({"url": "https://github.com/wsj/portal"}, {"name": "github", "repo": "wsj/portal", "branch": "main"},
                   "editorial_workflow", "https://github.com/wsj/portal/commits/main/",
                   "https://github.com/wsj/portal/edit/main/"),
}


API_ORIGINS = {"gitea": "https://git.wsj.example.gov.cn", "gitlab self-managed": "https://gitlab.wsj.example.gov.cn",
               "gitlab.com": "https://gitlab.com", "github.com": "https://api.github.com"}


def _site_with(tmp_path: Path, repository: dict) -> Path:
    """A copy of the valid data whose site.yml names this repository (written as staff would)."""
    return set_repository(copy_valid(tmp_path / "site"), repository)


def set_repository(root: Path, repository: dict) -> Path:
    site = root / "data/site.yml"
    text = site.read_text(encoding="utf-8")
    start = text.index("repository:\n")
    end = text.index("\n", text.index("  branch:", start)) + 1
    lines = "".join(f"  {key}: {value}\n" for key, value in {**repository, "branch": "main"}.items())
    site.write_text(text[:start] + "repository:\n" + lines + text[end:], encoding="utf-8")
    return root


@pytest.mark.parametrize("forge", sorted(FORGES))
def test_the_editor_history_and_edit_links_use_the_forge_site_yml_names(tmp_path, forge):
    from portal.model import forges, urls

    repository, backend, mode, history, edit = FORGES[forge]
    portal = load_portal(_site_with(tmp_path, repository), as_of=AS_OF)
    config = yaml.safe_load(editor_config.render(portal))
    assert {k: config["backend"][k] for k in backend} == backend
    assert config["publish_mode"] == mode
    assert urls.history(portal, "data/rectification/ZG-2014-001.yml") == history + "data/rectification/ZG-2014-001.yml"
    assert forges.edit_prefix(portal.site.repository) == edit
    policy = html.unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', editor_config.render_page(portal)).group(1))
    connect = next(d for d in policy.split("; ") if d.startswith("connect-src ")).split()
    assert API_ORIGINS[forge] in connect  # the page may talk to the forge's API, and to no other
    assert not [o for o in connect if o.startswith("https://") and o != API_ORIGINS[forge]]


def test_a_self_hosted_forge_needs_its_sign_in_app_and_an_unknown_host_its_forge(tmp_path):
    portal = load_portal(_site_with(tmp_path / "a", {"url": "https://git.wsj.example.gov.cn/wsj/portal", "forge": "gitea"}),
                         as_of=AS_OF)
    with pytest.raises(editor_config.EditorConfigError, match="oauth_app_id"):
        editor_config.build_config(portal)
    portal = load_portal(_site_with(tmp_path / "b", {"url": "https://git.wsj.example.gov.cn/wsj/portal"}), as_of=AS_OF)
    with pytest.raises(editor_config.EditorConfigError, match="forge: gitea"):
        editor_config.build_config(portal)


def test_gitlab_merge_requests_run_the_same_checks_as_pull_requests():
    """.gitlab-ci.yml for GitLab; Gitea Actions runs .github/workflows/check.yml itself."""
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    github = (ROOT / ".github/workflows/check.yml").read_text(encoding="utf-8")
    script = "\n".join(gitlab["check"]["script"])
    assert 'portal validate --against "$CI_MERGE_REQUEST_DIFF_BASE_SHA"' in script
    assert "portal validate --format github --against" in github
    for step in ("portal build", "scripts/test"):
        assert step in script and step in github, step


# --- the file format, under Node ----------------------------------------------------------------------

HARNESS = """
import fs from "node:fs";
import { pathToFileURL } from "node:url";
const [yamlLib, format] = process.argv.slice(2);
const YAML = await import(pathToFileURL(yamlLib).href);
const { portalFormats } = await import(pathToFileURL(format).href);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const formats = portalFormats(YAML, YAML.parse(input.config));
const out = input.cases.map(c => {
  const f = formats[c.format];
  if (c.before !== undefined) f.fromFile(c.before);
  return c.text !== undefined ? f.toFile(f.fromFile(c.text)) : f.toFile(c.data);
});
process.stdout.write(JSON.stringify(out));
"""


def _run_format(tmp_path: Path, cases: list[dict]) -> list[str]:
    """Each case through the editor's file format: {"format", "text"} is read and written back;
    {"format", "data"} is written as the editor would save it."""
    _installed()
    harness = tmp_path / "harness.mjs"
    harness.write_text(HARNESS, encoding="utf-8")
    module = tmp_path / "portal-format.mjs"  # .mjs: an ES module to every Node version
    shutil.copyfile(editor_config.ASSETS / "portal-format.js", module)
    payload = json.dumps({"config": editor_config.render(load_portal(ROOT, as_of=AS_OF)), "cases": cases})
    result = subprocess.run([NODE, str(harness), str(NODE_MODULES / "yaml/browser/dist/index.js"), str(module)],
                            input=payload, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _format_of(path: Path) -> str:
    return {"site.yml": "site", "offices.yml": "offices", "timeline.yml": "timeline", "synonyms.yml": "synonyms"}.get(
        path.name, {"guides": "guide", "rules": "rule", "rectification": "rectification"}.get(path.parent.name))


@needs_node
def test_editor_writes_every_data_file_back_as_it_was(tmp_path):
    """Reading and saving a file without a change changes nothing but, at most, a quote mark:
    field order, the opening comment, block text and dates all survive."""
    paths = sorted(ROOT.glob("data/*.yml")) + sorted(ROOT.glob("data/*/*.yml"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    written = _run_format(tmp_path, [{"format": f"portal-{_format_of(p)}", "text": t} for p, t in zip(paths, texts, strict=True)])
    for path, before, after in zip(paths, texts, written, strict=True):
        assert after.replace("'", '"') == before.replace("'", '"'), path.name
        assert load_file(path, "x").data == _parse(tmp_path, after), path.name


def _parse(tmp_path: Path, text: str) -> dict:
    path = tmp_path / "written.yml"
    path.write_text(text, encoding="utf-8")
    return load_file(path, "written.yml").data


TRICKY = ["no", "yes", "on", "off", "Off", "y", "010", "1_000", "3", "2014-04-10", "10:30", "null", "~",
          "3个工作日内办结", "2014年4月起", "@team", "- 一项", "说明: 含冒号", "末尾有空格 ", "第一行\n第二行"]


@needs_node
def test_what_the_editor_saves_passes_the_validator_in_the_files_order(tmp_path):
    """Values as Decap's widgets produce them, keys in the order they were typed, an emptied
    optional field: the saved file validates, every value reads back as typed, keys come in
    the models' order."""
    root = copy_valid(tmp_path / "site")
    rel = "data/rectification/ZG-2014-002.yml"
    saved = load_file(root / rel, rel).data
    updates = [
        {"note": value, "status": "整改中", "date": f"2014-05-{n + 1:02d}", "evidence": []}
        for n, value in enumerate(TRICKY)
    ]
    data = {
        "updates": updates, "title": saved["title"], "id": saved["id"], "measures": ["1"],
        "origin": {"place": "", "kind": saved["origin"]["kind"], "group": "off"},
        "description": "3", "office": saved["office"], "owner": saved["owner"],
        "received_on": "2014-05-01", "deadline": "2014-08-01", "reply": "", "sources": ["2014年报道"],
    }
    text, = _run_format(tmp_path, [{"format": "portal-rectification", "data": data}])
    (root / rel).write_text(text, encoding="utf-8")
    item = next(i for i in load_portal(root, as_of=AS_OF).items if i.id == saved["id"])
    assert [u.note for u in item.updates] == TRICKY
    assert (item.origin.group, item.description, list(item.measures)) == ("off", "3", ["1"])
    assert item.origin.place is None and item.reply is None  # emptied: left out, not written as ""
    written = yaml.safe_load(text)
    assert list(written) == [k for k in field_order(RectificationItem) if k in written]
    assert list(written["updates"][0]) == ["date", "status", "note", "evidence"]
    assert "received_on: 2014-05-01\n" in text  # dates stay as staff write them, without quotes


# --- the built site serves the editor from its own files ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy_project(dest: Path) -> Path:
    """The project's site sources in a fresh git repository, as decap-server needs one."""
    dest.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, dest / name)
    if NODE_MODULES.is_dir():
        (dest / "node_modules").symlink_to(NODE_MODULES)
    git = partial(subprocess.run, cwd=dest, check=True, capture_output=True)
    git(["git", "init", "-q", "-b", "main"])
    git(["git", "config", "user.name", "测试"])
    git(["git", "config", "user.email", "test@example.org"])
    (dest / ".git/info/exclude").write_text("node_modules\n", encoding="utf-8")  # a symlink: .gitignore's node_modules/ misses it
    git(["git", "add", "-A"])
    git(["git", "commit", "-q", "-m", "copy"])
    return dest


def _build(root: Path, site: Path, port: int) -> None:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PORTAL_EDITOR_PORT", str(port))
        assert build_site(root, site, as_of=AS_OF) == 0


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = _copy_project(tmp_path_factory.mktemp("copy") / "project")
    site = tmp_path_factory.mktemp("site")
    port = _free_port()
    _build(root, site, port)
    return root, site, port


@needs_node
@pytest.mark.slow
def test_admin_page_loads_only_files_of_the_site_itself(built):
    _installed()
    root, site, port = built
    page = (site / "admin/index.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "editor.js" in links
    for link in links:
        assert "://" not in link and not link.startswith("//"), link
        assert (site / "admin" / link).resolve().is_file(), link
    for name in ("decap-cms.js", "portal-format.js", "yaml/index.js"):
        assert (site / "admin" / name).is_file(), name
    assert not list((site / "admin").glob("*.map"))
    assert (site / "admin/config.yml").read_text(encoding="utf-8") == editor_config.render(load_portal(root, as_of=AS_OF), port)
    assert f"http://127.0.0.1:{port}" in re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)


@pytest.mark.slow
def test_staff_pages_are_in_the_site_with_the_validators_own_words(built):
    _, site, _ = built
    data = (site / "about/data/index.html").read_text(encoding="utf-8")
    assert "数据字典" in data and 'href="rectification/"' in data
    items = (site / "about/data/rectification/index.html").read_text(encoding="utf-8")
    assert "整改事项的字段" in items and "updates[].status" in items
    guide = (site / "about/contributing/index.html").read_text(encoding="utf-8")
    errors = (site / "about/contributing/errors/index.html").read_text(encoding="utf-8")
    assert "portal:" not in guide and "portal:" not in errors  # every marker was replaced
    assert "data/rectification/ZG-2014-901.yml:10:11" in guide and 'href="errors/"' in guide
    assert "data/rectification/ZG-2014-901.yml:10:11" in errors and "不是有效日期，请写成 2014-06-30" in errors
    assert "“no”会被其他 YAML 工具读成是/否（布尔值）" in errors
    assert 'href="../../data/rectification/#rectification-deadline"' in errors  # the mistake's field in the dictionary
    for image in re.findall(r'<img[^>]+src="([^"]+)"', guide):
        assert (site / "about/contributing" / image).resolve().is_file(), image


# --- a clerk adds a progress update in Chromium -----------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def _serve(folder: Path):
    with loopback(partial(_Quiet, directory=str(folder))) as origin:
        yield origin


@contextmanager
def _decap_server(root: Path, port: int):
    """The editor's local backend in root (decap-server's git mode behind `portal editor-backend`),
    until the block ends. No published base: this copy's history starts today, and the update added
    here is dated in 2014, the data's own time (tests/test_editor_browser.py checks against main)."""
    with editor_backend.serving(root, port, "git", against=None, log_path=root.parent / "decap-server.log"):
        yield


def _open_item(root: Path) -> RectificationItem:
    """An item that is still open: its new update can close it."""
    return next(i for i in load_portal(root, as_of=AS_OF).items if i.status not in ("已完成", "已答复"))


def _with_update(text: str, lines: list[str]) -> str:
    """text with lines added at the end of its updates: list."""
    rows = text.split("\n")
    start = rows.index("updates:")
    end = next(n for n in range(start + 1, len(rows)) if rows[n] and not rows[n].startswith((" ", "-")))
    return "\n".join(rows[:end] + lines + rows[end:])


def _shoot(target, name: str) -> None:
    """A picture for the contributing guide, of a page or one part of it, when asked for."""
    if os.environ.get("PORTAL_UPDATE_SCREENSHOTS"):
        target.screenshot(path=str(SCREENSHOTS / name))


@needs_browser
@pytest.mark.slow
def test_a_progress_update_added_in_the_browser_editor_is_published(tmp_path, browser):
    _installed()
    from playwright.sync_api import expect

    root = _copy_project(tmp_path / "project")
    site, port = tmp_path / "site", _free_port()
    _build(root, site, port)
    item = _open_item(root)
    rel = f"data/rectification/{item.id}.yml"
    before = (root / rel).read_text(encoding="utf-8")
    day = (item.updates[-1].date + dt.timedelta(days=10)).isoformat()
    note = "信息共享平台已上线，社区不再重复上门登记。"
    refused: list[str] = []

    with _decap_server(root, port), _serve(site) as base:
        page = browser.new_page(locale="zh-CN", viewport={"width": 1100, "height": 760})
        try:
            page.set_default_timeout(60_000)  # a 5 MB editor on two busy cores: wait, within bounds
            expect.set_options(timeout=60_000)
            page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(f"{base}/admin/")
            page.get_by_role("button", name="登录").click()
            expect(page.get_by_text(f"{item.id} {item.title}")).to_be_visible()
            _shoot(page, "editor-collection.png")

            page.goto(f"{base}/admin/#/collections/rectification/entries/{item.id}")
            page.get_by_role("button", name="新增进展").click()
            # Typed in another order than the file's: the file must come out in its own order.
            page.get_by_label("进展说明 (可选)").last.fill(note)
            page.get_by_label("状态", exact=True).last.click()
            page.get_by_role("option", name="已完成", exact=True).click()
            page.get_by_label("日期", exact=True).last.fill(day)
            page.get_by_label("日期", exact=True).last.blur()
            page.get_by_label("日期", exact=True).last.scroll_into_view_if_needed()
            _shoot(page, "editor-add-update.png")
            page.get_by_role("button", name="保存").click()
            expect(page.get_by_role("button", name="状态: 草稿")).to_be_visible()
            expect(page.get_by_text("内容已保存")).to_be_visible()
            expect(page.get_by_text("内容已保存")).to_be_hidden()  # the notice fades by itself

            # Saved as a draft on its own branch, as a pull request would be: nothing published yet.
            branches = subprocess.run(["git", "branch", "--list", "cms/*"], cwd=root, capture_output=True, text=True).stdout
            assert f"cms/rectification/{item.id}" in branches
            assert (root / rel).read_text(encoding="utf-8") == before
            page.goto(f"{base}/admin/#/workflow")
            expect(page.get_by_text(f"{item.id} {item.title}")).to_be_visible()
            _shoot(page, "editor-workflow.png")
            page.goto(f"{base}/admin/#/collections/rectification/entries/{item.id}")

            page.get_by_role("button", name="状态: 草稿").click()
            page.get_by_role("menuitem", name="就绪").click()
            expect(page.get_by_role("button", name="状态: 就绪")).to_be_visible()
            page.once("dialog", lambda dialog: dialog.accept())
            page.get_by_role("button", name="发布").first.click()
            page.get_by_role("menuitem", name="立即发布").click()
            for _ in range(300):  # bounded: publishing merges the branch within moments
                if (root / rel).read_text(encoding="utf-8") != before:
                    break
                page.wait_for_timeout(100)

            after = (root / rel).read_text(encoding="utf-8")
            assert after == _with_update(before, [f"  - date: {day}", "    status: 已完成", f"    note: {note}"])
            published = next(i for i in load_portal(root, as_of=AS_OF).items if i.id == item.id)
            assert published.status == "已完成"

            _build(root, site, port)
            page.set_viewport_size({"width": 1000, "height": 1450})  # tall: from the title to the history
            page.goto(f"{base}/rectification/{item.id}/")
            # The office reported it closed; nobody else has checked it yet: the public sees 待核验.
            expect(page.locator(".pt-item__status")).to_contain_text("待核验")
            expect(page.locator(".pt-history")).to_contain_text("已完成")
            expect(page.locator(".pt-history")).to_contain_text(note)
            _shoot(page, "item-page.png")
        finally:
            page.close()
    assert refused == []  # the page's own policy lets Decap run
