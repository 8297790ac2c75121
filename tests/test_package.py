"""The package's shape: sub-packages in the order the data flows, each using only those before it,
and a wheel that ships the portal and nothing from the checkout's development tools."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import portal
from conftest import PROJECT

FLOW = ["load", "model", "checks", "render", "exports", "publish"]
"""The sub-packages, in the order the data flows through them (portal/__init__.py draws it)."""


def test_the_package_docstring_draws_the_flow_through_every_sub_package():
    doc = portal.__doc__
    positions = [doc.index(f"{name}/") for name in FLOW]
    assert positions == sorted(positions)
    assert "data/" in doc and "cli.py" in doc and "hooks/" in doc
    assert sorted(p.name for p in (PROJECT / "portal").iterdir() if p.is_dir() and (p / "__init__.py").exists()) == sorted(FLOW)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("portal."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("portal."))
    return found


LOADER = "portal/load/portal.py"
"""The one module that runs the first stages in order (read, model, check) and returns the Portal:
it uses model/ and checks/, and nothing of the first stages uses it (test below)."""


@pytest.mark.parametrize("package", FLOW)
def test_each_sub_package_uses_only_those_before_it(package):
    later = set(FLOW[FLOW.index(package) + 1:])
    allowed = {LOADER: {"model", "checks"}}
    wrong = {}
    for path in sorted((PROJECT / "portal" / package).rglob("*.py")):
        name = path.relative_to(PROJECT).as_posix()
        if used := (_imports(path) & later) - allowed.get(name, set()):
            wrong[name] = sorted(used)
    assert wrong == {}


def test_the_loader_is_used_only_after_the_stages_it_runs():
    """load/portal.py imports checks/ and model/; were one of them (or another module of load/) to
    import it back, loading would import itself half-done."""
    users = [path.relative_to(PROJECT).as_posix() for package in ("load", "model", "checks")
             for path in sorted((PROJECT / "portal" / package).rglob("*.py"))
             if "portal.load.portal" in path.read_text(encoding="utf-8") and path.as_posix() != (PROJECT / LOADER).as_posix()]
    assert users == []


def test_render_and_exports_are_siblings_that_never_import_each_other():
    """Pages and open data both come from the Portal: a page template change cannot break a CSV file.
    The hooks hand exports' downloads to the open-data page (portal/render/opendata.py)."""
    crossing = {str(path.relative_to(PROJECT)): other for package, other in (("exports", "render"), ("render", "exports"))
                for path in sorted((PROJECT / "portal" / package).rglob("*.py")) if other in _imports(path)}
    assert crossing == {}


def _runs_git(path: Path) -> bool:
    """Whether the module starts a git process: a command list or tuple beginning with "git"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, (ast.List, ast.Tuple)) and node.elts and isinstance(node.elts[0], ast.Constant)
               and node.elts[0].value == "git" for node in ast.walk(tree))


def test_only_load_git_runs_git():
    """Release names, portal diff, watch's pull and the history check all ask portal/load/git.py."""
    runners = [path.relative_to(PROJECT).as_posix() for path in sorted((PROJECT / "portal").rglob("*.py"))
               + sorted((PROJECT / "hooks").glob("*.py")) if _runs_git(path)]
    assert runners == ["portal/load/git.py"]


def test_no_two_modules_share_a_name():
    names = [path.stem for path in (PROJECT / "portal").rglob("*.py") if path.stem != "__init__"]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []


@pytest.mark.slow
def test_the_wheel_ships_portal_only_with_its_templates(tmp_path):
    # A copy of what packaging reads, beside the folders it must leave out, built with the setuptools
    # already installed: no isolated environment to download, no build/ or egg-info in the checkout.
    source = tmp_path / "source"
    for name in ("pyproject.toml", "README.md", "portal", "hooks", "bench"):
        if (PROJECT / name).is_dir():
            shutil.copytree(PROJECT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(PROJECT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path), str(source)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")} == {"portal"}
    templates = {name for name in names if "templates/" in name}
    assert {"portal/scaffold_templates/item.yml", "portal/render/templates/pages/guide.md.j2",
            "portal/render/templates/admin/editor.js"} <= templates
