"""`portal build` hands the work to MkDocs, which loads the data and the models itself: the command
starts without importing them (that was 0.3 s of CPU per build, docs/performance.md), while every
other command is still listed and parsed as before."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import PROJECT

PROBE = """
import sys
from portal.cli import main
status = main(sys.argv[1:])
print(status, sorted(m for m in sys.modules if m.startswith(("portal.model.records", "portal.model.kinds", "pydantic"))))
"""


def _probe(*args: str, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "PORTAL_ENGINE": "no-such-engine", "PYTHONIOENCODING": "utf-8"}  # stop before MkDocs starts
    return subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


@pytest.mark.parametrize("args", [("build",), ("--root", ".", "--as-of", "2014-06-30", "build", "-d", "out"),
                                  ("build", "--site-dir", "out", "--root", ".")])
def test_portal_build_starts_without_the_models(args, valid_tree):
    result = _probe(*args, cwd=valid_tree)
    assert "PORTAL_ENGINE 只能是 mkdocs 或 properdocs" in result.stderr  # it reached the build command
    assert result.stdout.strip() == "2 []", result.stdout + result.stderr


@pytest.mark.parametrize("asked", [("--help",), ("-h", "build"), ("--root", ".", "--help", "build")])
def test_every_other_command_is_still_offered(asked, valid_tree):
    result = subprocess.run([sys.executable, "-m", "portal", *asked], cwd=valid_tree, capture_output=True, text=True,
                            encoding="utf-8", timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0
    for command in ("build", "validate", "new", "schema", "publish", "watch", "diff", "verify"):
        assert f"    {command} " in result.stdout, (command, result.stdout)
    validated = _probe("--root", str(valid_tree), "validate", cwd=PROJECT)
    assert validated.stdout.startswith("数据有效") and "portal.model.records" in validated.stdout
