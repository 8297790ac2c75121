"""Shared helpers: the valid fixture tree, invalid-case overlays, running the `portal` command, the
real site built once for the whole run, and the test tiers.

Tiers: a test that starts Chromium is marked `browser` (automatically, by asking for the `browser`
fixture below); a test that makes a whole build of its own (hostile, synthetic or invalid data, a
second build, publishing, a preview server) or runs long property-based searches is marked `slow`.
`scripts/test -m "not browser and not slow"` is the fast tier; `scripts/test` runs everything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
FIXTURES = TESTS / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"

ITEM_FILE = "data/rectification/ZG-2014-002.yml"
"""The rectification item no other record refers to: where most invalid cases put their problem."""

AS_OF = dt.date(2014, 12, 31)
"""The one fixed as-of date of the suite, so that the output does not depend on the day the tests run."""


def _pad_past_limit(root: Path) -> None:
    """A valid item followed by comment lines until the file is just over 1 MiB."""
    from portal.load.reader import MAX_FILE_BYTES

    path = root / ITEM_FILE
    text = path.read_text(encoding="utf-8")
    filler = "# 填充内容，使文件超过 1 MiB 的上限。\n"
    repeats = (MAX_FILE_BYTES - len(text.encode("utf-8"))) // len(filler.encode("utf-8")) + 1
    path.write_text(text + filler * repeats, encoding="utf-8")
    assert path.stat().st_size > MAX_FILE_BYTES


def _form_past_limit(root: Path) -> None:
    """The valid tree's blank form, padded past site.yml's default limit of 5 MB (a PDF may end
    with anything after its %%EOF, so it is still a PDF by its content)."""
    from portal.load.files import DEFAULT_LIMIT_MB

    path = root / "data" / "files" / "shengyu-fuwu-dengjibiao.pdf"
    limit = DEFAULT_LIMIT_MB * 1024 * 1024
    with path.open("ab") as out:
        out.write(b"\n" * (limit - path.stat().st_size + 1))
    assert path.stat().st_size == limit + 1


GENERATED = {"file-too-large": _pad_past_limit, "guide-file-too-large": _form_past_limit}
"""Cases whose file is made by the test rather than committed (too big to keep in git)."""


def invalid_cases() -> list[str]:
    return sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def copy_valid(dest: Path) -> Path:
    shutil.copytree(VALID, dest, dirs_exist_ok=True)
    return dest


def apply_case(root: Path, case: str) -> Path:
    """Lay an invalid case over a copy of the valid tree: its files replace the valid ones,
    delete.txt lists files to remove, and a generated case builds its file here."""
    case_dir = INVALID / case
    for source in sorted(case_dir.rglob("*")):
        rel = source.relative_to(case_dir)
        if source.is_dir() or rel.parts[0] != "data":
            continue
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    delete = case_dir / "delete.txt"
    if delete.exists():
        for line in delete.read_text(encoding="utf-8").splitlines():
            if line.strip():
                (root / line.strip()).unlink()
    if case in GENERATED:
        GENERATED[case](root)
    return root


def expected_lines(case: str) -> list[str]:
    return (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def run_portal(*args: str, cwd: Path, env: dict | None = None, as_of: dt.date | None = AS_OF,
               timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """`python -m portal ARGS` in cwd, as staff would run it; text in and out as UTF-8. PORTAL_AS_OF is
    AS_OF unless as_of=None, which leaves it unset (a publish names its own as-of date on its command line)."""
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    environment.pop("PORTAL_AS_OF", None)
    if as_of is not None:
        environment["PORTAL_AS_OF"] = as_of.isoformat()
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "portal", *args],
        cwd=cwd, env=environment, capture_output=True, text=True, encoding="utf-8", timeout=timeout, **kwargs,
    )


@pytest.fixture
def valid_tree(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/valid/ that a test may change freely."""
    return copy_valid(tmp_path / "site")


# --- the real site, built once -----------------------------------------------------------------------


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real project (data/, docs/, hooks/, mkdocs.yml) built once by MkDocs with the fixed AS_OF,
    shared by every test module that only reads it. A test that must change a site builds its own:
    one that changed this one fails the run when the session ends."""
    from portal.publish.build import build_site

    site = tmp_path_factory.mktemp("real-site")
    assert build_site(PROJECT, site, as_of=AS_OF) == 0, "the real site did not build"
    built = _digest(site)
    yield site
    assert _digest(site) == built, "a test changed the shared real site (conftest.real_site): give it a build of its own"


@pytest.fixture(scope="session")
def real_site_again(tmp_path_factory) -> Path:
    """A second, separate build of the real project with the same as-of date, for the test that wants
    it to equal real_site byte for byte (tests/test_pages.py; marked slow)."""
    from portal.publish.build import build_site

    site = tmp_path_factory.mktemp("real-site-again")
    assert build_site(PROJECT, site, as_of=AS_OF) == 0, "the second build did not succeed"
    return site


@pytest.fixture(scope="module")
def site(real_site) -> Path:
    """The built site a module's tests read: the shared real site, unless the module defines its own
    `site` (a build of other data, or a second engine)."""
    return real_site


# --- browser tests -----------------------------------------------------------------------------------
# A module that defines its own `site` fixture (a built site) gets it served and a Chromium to read it.
# Chromium is started only here: every test that asks for `browser`, directly or through another
# fixture, is marked `browser` (pytest_collection_modifyitems below), so `-m "not browser"` leaves
# out every test that needs one.


@pytest.fixture(scope="module")
def origin(site):
    """The module's built site on 127.0.0.1, at the path its base_url names; stopped after the module."""
    from sitetools import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, started once for the run (each test opens its own context
    or page, which share nothing); skips the browser tests when it is missing."""
    from sitetools import chromium

    with chromium() as launched:
        yield launched


@pytest.hookimpl(tryfirst=True)  # before `-m` selects: the marker must be there when it does
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
