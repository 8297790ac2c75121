"""What git knows about the data: the files as they were at a revision, the commit a build comes from
and when each file last changed; and the one change the portal makes (watch's pull). The only module
that runs `git`: publish/ (release names, diff, watch) and checks/history.py ask it here. Every
call runs in the project folder; outside a repository (a copied tree, a package) the answers are
empty and the portal does without them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from portal.china import CHINA


class GitError(Exception):
    """git could not answer; the message is git's own, status its exit status (None: no git at all)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False)
    except OSError as exc:  # git itself is not installed
        raise GitError(str(exc)) from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip(), done.returncode)
    return done.stdout


def short_commit(root: Path) -> str | None:
    """HEAD's short commit id, or None outside a repository."""
    try:
        return _git(root, "rev-parse", "--short", "HEAD").decode().strip() or None
    except GitError:
        return None


def archive(root: Path, rev: str, folder: str) -> bytes:
    """A tar archive of folder (relative to root, e.g. data) as it was at rev; GitError if rev or
    the folder does not exist."""
    return _git(root, "archive", "--format=tar", f"{rev}:./{folder}")  # ./ : relative to root, not to the repository


def pull(root: Path) -> None:
    """Bring the checked-out branch up to date with its upstream, fast-forward only; GitError if not."""
    _git(root, "pull", "--ff-only", "--quiet")


def commit(root: Path, rev: str) -> str:
    """The full commit id rev names (a branch, a tag, HEAD~1, a short id); GitError if none."""
    return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()


def upstream(root: Path) -> str | None:
    """The branch the current one follows (origin/main after a clone), or None."""
    try:
        return _git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}").decode().strip() or None
    except GitError:
        return None


def commit_day(root: Path, rev: str) -> dt.date:
    """The day (in China) rev was committed: the day what it holds was published."""
    stamp = _git(root, "show", "-s", "--format=%ct", commit(root, rev)).decode().strip()
    return dt.datetime.fromtimestamp(int(stamp), CHINA).date()


def short_commit(root: Path) -> str | None:
    """HEAD's short commit id, or None outside a repository."""
    try:
        return _git(root, "rev-parse", "--short", "HEAD").decode().strip() or None
    except GitError:
        return None


def files_at(root: Path, rev: str, folder: str) -> dict[str, bytes]:
    """Every file directly in folder (relative to root, e.g. data/rectification) at rev: name -> bytes.
    One `git ls-tree` and one `git cat-file --batch`, whatever the number of files."""
    try:
        listing = _git(root, "ls-tree", "-z", f"{rev}:./{folder}")
    except GitError:
        return {}  # the folder did not exist yet
    blobs = []
    for entry in listing.split(b"\0"):
        if entry:
            meta, name = entry.split(b"\t", 1)
            _, kind, oid = meta.split()
            if kind == b"blob":
                blobs.append((name.decode("utf-8", "surrogateescape"), oid))
    if not blobs:
        return {}
    out = _git(root, "cat-file", "--batch", stdin=b"".join(oid + b"\n" for _, oid in blobs))
    found, at = {}, 0
    for name, _ in blobs:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        found[name] = out[header_end + 1: header_end + 1 + size]
        at = header_end + 1 + size + 1  # the content is followed by a newline
    return found


@dataclass(frozen=True)
class Source:
    """Where a build's data comes from: the commit, whether data/ differs from it, and the day (in
    China) of the last commit that changed each data file. Empty outside a repository."""

    commit: str | None = None
    modified: bool = False  # data/ has changes that are not committed
    changed_on: dict[str, dt.date] = field(default_factory=dict)  # data/rectification/ZG-2014-001.yml -> day


def source(root: Path) -> Source:
    """The Source of root's data/: three git commands, however many files and commits there are.
    Commit dates, never the clock: two builds of the same commit are the same."""
    try:
        head = commit(root, "HEAD")
        prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()  # root inside a bigger repository
        status = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", "data")
        log = _git(root, "log", "--format=%x00%ct", "--name-only", "--no-renames", "HEAD", "--", "data")
    except GitError:
        return Source()
    changed_on: dict[str, dt.date] = {}
    for block in log.decode("utf-8", "surrogateescape").split("\0")[1:]:  # newest commit first
        stamp, _, names = block.partition("\n")
        day = dt.datetime.fromtimestamp(int(stamp), CHINA).date()
        for name in names.split("\n"):
            if name.strip():
                changed_on.setdefault(name.strip().removeprefix(prefix), day)
    dirty = {entry[3:] .removeprefix(prefix) for entry in status.decode("utf-8", "surrogateescape").split("\0") if len(entry) > 3}
    for name in dirty:  # not what the commit says: the caller falls back to the record's own dates
        changed_on.pop(name, None)
    return Source(head, bool(dirty), changed_on)
