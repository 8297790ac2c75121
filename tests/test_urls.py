"""Every public address is built by portal/model/urls.py: no page, section, file, open-data or feed
path is written by hand anywhere else in the package, the hooks or the theme overrides."""

from __future__ import annotations

import ast
import datetime as dt
import re

from conftest import PROJECT
from portal.model.kinds import KINDS
from portal.model import urls

SEGMENTS = sorted({kind.segment for kind in KINDS if kind.segment} | {urls.FILES, urls.OPENDATA, urls.FEEDS})
# A segment at the start of a path ("guides/", "/guides/", "../guides/"), not inside data/guides/.
LITERAL = re.compile(r"(?<![\w.-])(?<!data/)/?\b(?:" + "|".join(map(re.escape, SEGMENTS)) + r")/")
# An f-string that puts a record's id into a path: f"{kind}/{record.id}/", f"rectification/{item_id}.md".
ID_IN_PATH = re.compile(r"(\w+\.id|\w+_id)$")
ALLOWED = {PROJECT / "portal/model/urls.py"}
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _python_problems(path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # a bare string: documentation, not an address
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if LITERAL.search(node.value):
                problems.append(f"{path.relative_to(PROJECT)}:{node.lineno}  {node.value!r}")
        elif isinstance(node, ast.JoinedStr):
            parts = node.values
            for i, part in enumerate(parts):
                if isinstance(part, ast.FormattedValue) and ID_IN_PATH.search(ast.unparse(part.value)):
                    around = "".join(p.value for p in parts[max(0, i - 1):i + 2] if isinstance(p, ast.Constant))
                    whole = "".join(p.value for p in parts if isinstance(p, ast.Constant))
                    if "/" in around and "data/" not in whole:
                        problems.append(f"{path.relative_to(PROJECT)}:{node.lineno}  {ast.unparse(node)}")
    return list({p.split("  ")[0]: p for p in problems}.values())  # one per line


def _template_problems(path) -> list[str]:
    text = JINJA_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(PROJECT)}:{number}  {line.strip()}" for number, line in enumerate(text.splitlines(), start=1)
            if LITERAL.search(line)]


def test_no_address_is_written_by_hand_outside_the_url_builder():
    problems = []
    for folder in ("portal", "hooks"):
        for path in sorted((PROJECT / folder).rglob("*.py")):
            if path not in ALLOWED:
                problems += _python_problems(path)
    templates = [*(PROJECT / "portal/render/templates").rglob("*.j2"), *(PROJECT / "portal/render/templates").rglob("*.html"),
                 *(PROJECT / "overrides").rglob("*.html"), *(PROJECT / "overrides").rglob("*.js"),
                 *(PROJECT / "docs/assets").rglob("*.js")]  # the scripts are read as templates: no address in them either
    for path in sorted(templates):
        problems += _template_problems(path)
    assert problems == [], "addresses written by hand; build them with portal/model/urls.py:\n" + "\n".join(problems)


def test_the_scan_sees_a_hand_written_address(tmp_path):
    """The scan above would catch each form of a hand-written address (so it cannot pass by seeing nothing)."""
    code = tmp_path / "module.py"
    code.write_text('"""Pages live at /rectification/ZG-2014-001/."""\n'
                    'A = "rectification/"\nB = f"{kind}/{record.id}/"\nC = f"guides/{guide.id}.md"\n'
                    'D = "data/rectification/ZG-2014-001.yml"\nE = f"data/{folder}/{item_id}.yml"\n', encoding="utf-8")
    template = tmp_path / "page.md.j2"
    template.write_text('{# see /rules/ #}\n<a href="{{ base }}rules/{{ rule.id }}/">x</a>\n<a href="{{ urls.section("rule") }}">y</a>\n',
                        encoding="utf-8")
    global PROJECT
    saved, PROJECT = PROJECT, tmp_path
    try:
        assert [p.split("  ")[0] for p in _python_problems(code)] == ["module.py:2", "module.py:3", "module.py:4"]
        assert [p.split("  ")[0] for p in _template_problems(template)] == ["page.md.j2:2"]
    finally:
        PROJECT = saved


def test_the_sitemap_lists_every_record_page_at_the_address_the_builder_gives(real_site, tmp_path):
    import shutil

    from portal.load.portal import load_portal
    from portal.publish.release_checks import Release, sitemap
    from conftest import AS_OF

    portal = load_portal(PROJECT, as_of=AS_OF)
    release = Release(real_site, portal)
    assert sitemap(release) == []
    item = urls.absolute(portal, urls.page(portal, portal.items[0]))
    assert f"<loc>{item}</loc>" in (real_site / urls.SITEMAP).read_text(encoding="utf-8")

    # a sitemap that lost a page is caught, naming the page's public address
    copy = tmp_path / "site"
    copy.mkdir()
    text = (real_site / urls.SITEMAP).read_text(encoding="utf-8")
    (copy / urls.SITEMAP).write_text(text.replace(f"<loc>{item}</loc>", "<loc>https://example.org/elsewhere/</loc>"),
                                     encoding="utf-8")
    assert sitemap(Release(copy, portal)) == [f"sitemap.xml：没有列出 {item}"]
    shutil.rmtree(copy)
