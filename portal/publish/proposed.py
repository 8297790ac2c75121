"""Would these files, written into data/, pass `portal validate`? The check the browser editor's local
backend runs before it writes (portal/publish/editor_backend.py), and the preview runs after a save.

The files are laid over a copy of data/ in a temporary folder, and the whole tree is validated as
`portal validate --against <published base>` would: field rules, conditional rules, personal data,
dates, references between records and the append-only rule against what is published.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from portal.checks import history
from portal.checks.history import HistoryError
from portal.load.portal import load_portal
from portal.load import git
from portal.load.problems import InvalidData, Problem
from portal.model.records import DATED_LISTS


class ProposalError(Exception):
    """The request itself cannot be checked (a path outside data/, a base git cannot find)."""


def published_base(root: Path, explicit: str | None = None) -> str | None:
    """The revision that holds what the public has seen: `explicit` (PORTAL_PUBLISHED_BASE or a
    command's --against), else the current branch's upstream (origin/main after a clone), else none:
    a working copy that never came from a shared repository has nothing published to compare with."""
    return explicit or os.environ.get("PORTAL_PUBLISHED_BASE") or git.upstream(root)


def _safe(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or path.parts[:1] != ("data",) or path.suffix != ".yml":
        raise ProposalError(f"编辑器只能保存 data/ 下的 .yml 文件，不能写 {relative}")
    return path


def check(root: Path, files: dict[str, str], against: str | None = None,
          today: dt.date | None = None) -> list[Problem]:
    """Every problem the data would have with `files` (path under root -> text) written, that lies in
    one of those files: what this save would break. Problems elsewhere are not this save's doing
    and do not stop it (the preview lists them). Raises ProposalError for a request that cannot
    be checked."""
    paths = {_safe(path).as_posix(): text for path, text in files.items()}
    with tempfile.TemporaryDirectory(prefix="portal-proposed-") as scratch:
        tree = Path(scratch)
        for entry in Path(root).iterdir():  # everything but data/ as it is: docs/, and .git for the base
            if entry.name != "data":
                (tree / entry.name).symlink_to(entry.resolve())
        shutil.copytree(Path(root) / "data", tree / "data", symlinks=False)
        for path, text in paths.items():
            target = tree / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            load_portal(tree, today=today, against=against)
        except InvalidData as exc:
            return [p for p in exc.problems if p.path in paths]
        except HistoryError as exc:
            raise ProposalError(str(exc)) from None
    return []


def published_entries(root: Path, relative: str, against: str | None) -> dict[str, int] | None:
    """How many entries of each dated list (updates, deadline changes, corrections, ...) the published
    base holds for the file at `relative`: the entries the editor shows locked, because the append-only
    check (portal/checks/history.py) compares with the same base. None when there is no base to ask."""
    path = _safe(relative)
    if not against:
        return None
    if path.parent.as_posix() != history.FOLDER:
        return {}
    try:
        item = history.published_at(Path(root), against).items.get(path.stem)
    except HistoryError as exc:
        raise ProposalError(str(exc)) from None
    if not isinstance(item, dict):  # not published (a new item), or not readable there
        return {}
    return {name: len(item[name]) if isinstance(item.get(name), list) else 0 for name in DATED_LISTS}
