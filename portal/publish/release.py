"""Publish the site to a folder a web server serves, atomically; roll back to the previous release.

Layout of a publishing folder DIR (the web server's root is DIR/current):

    DIR/current -> releases/20141231T080000.123Z-1a2b3c4   a symbolic link, swapped in one rename
    DIR/releases/<UTC time>-<short commit>/                 the last few checked releases
    DIR/releases/<...>/release.json                          its name, build time, as-of date and source commit
    DIR/releases/.<name>.partial/                           a build in progress; never served

Before building, the data is checked against what the live release itself published (its open data,
read by portal/publish/live.py): what the public has seen stays on the record, with or without git.
A live release without a readable release.json or open data is refused unless --first-release. A release
is built beside the live one, checked (portal.publish.release_checks), and only then does the link
change, with os.replace, so a reader sees the old release or the new one, never a mix or a gap. A
failed, invalid or killed publish leaves DIR/current as it was.

Example:
    portal publish --dest /srv/portal          # build, check, switch; keeps the last 5 releases
    portal rollback --dest /srv/portal         # back to the release before the current one
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, Sequence

from portal.publish.build import build_site
from portal.load import git
from portal.load.problems import InvalidData
from portal.publish.release_checks import CHECKS, Check, check_release
from portal.checks.history import HistoryError, Published
from portal.model.chain import chain_after
from portal.load.portal import load_portal
from portal.publish.release_chain import add_release
from portal.publish.live import METADATA, LiveError, published_data

KEEP = 5
DATA_INVALID, USAGE, BUILD_FAILED = 1, 2, 3  # exit statuses, as `portal validate` uses 1 and 2


class PublishError(Exception):
    """A publish or rollback that did not happen; the message is what staff read."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Done:
    release: Path
    as_of: dt.date
    counts: str  # 办事指南 4 篇、…, for the log
    seconds: float


def commit_of(root: Path) -> str:
    """The short commit of the project, or "nogit" outside a repository."""
    return git.short_commit(root) or "nogit"


def release_name(now: dt.datetime, commit: str) -> str:
    # Milliseconds keep names unique and in publishing order even when a tiny site builds in under
    # a second; the names sort by time because the time part has a fixed width.
    now = now.astimezone(dt.timezone.utc)
    return f"{now:%Y%m%dT%H%M%S}.{now.microsecond // 1000:03d}Z-{commit}"


def releases(dest: Path) -> list[Path]:
    """Finished releases, oldest first (partial builds start with a dot and are never listed)."""
    folder = dest / "releases"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def write_metadata(release: Path, portal, name: str, built_at: dt.datetime) -> None:
    """release.json, for people: the publish check reads the release's own open data instead."""
    metadata = {"release": name, "built_at": built_at.astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
                "as_of": portal.as_of.isoformat(), "source_commit": portal.source.commit,
                "uncommitted_changes": portal.source.modified}
    (release / METADATA).write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def what_is_live(live: Path | None, first_release: bool) -> Published | None:
    """What the live release published, which the new data must keep (portal/publish/live.py); None
    for a first release. A live release that cannot say what it published is refused unless the
    operator says this is a first release (--first-release)."""
    if live is None:
        return None
    try:
        return published_data(live)
    except LiveError as exc:
        if first_release:
            print(f"注意：线上版本 {live.name} 的 {exc}；按 --first-release 当作首次发布，不与它比较。", file=sys.stderr, flush=True)
            return None
        raise PublishError(f"线上版本 {live.name} 的 {exc}，无法核对公众已经看到的内容，所以不发布。"
                           f"如果这确实是第一次发布（或线上版本是手工放上去的），请加 --first-release", USAGE) from None


def current_release(dest: Path) -> Path | None:
    link = dest / "current"
    if not link.is_symlink():
        if link.exists():
            raise PublishError(f"{link} 不是符号链接；请把它移走，由 portal publish 管理", USAGE)
        return None
    return (dest / os.readlink(link)).resolve()  # a relative link is relative to DIR


@contextlib.contextmanager
def _locked(dest: Path) -> Iterator[None]:
    """One publish or rollback at a time per folder (`portal watch` and staff may both run one)."""
    dest.mkdir(parents=True, exist_ok=True)
    with open(dest / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("另一次发布或回退正在进行，等待它结束……", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _switch(dest: Path, release: Path) -> None:
    """Point DIR/current at release in one rename: readers never find the link missing."""
    os.sync()  # the release's files reach the disk before the link that makes them public
    temporary = dest / f".current.{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    os.symlink(Path("releases") / release.name, temporary)  # relative: DIR can be moved or mounted
    os.replace(temporary, dest / "current")
    folder = os.open(dest, os.O_RDONLY)
    try:
        os.fsync(folder)  # the switch survives a power cut
    finally:
        os.close(folder)


def _prune(dest: Path, keep: int) -> None:
    live = current_release(dest)
    finished = releases(dest)
    for old in finished[:-keep]:
        if old.resolve() != live:
            shutil.rmtree(old, ignore_errors=True)


def _remove_partials(dest: Path) -> None:
    """Leftovers of a publish that was killed midway; the lock says none is still running."""
    for partial in (dest / "releases").glob(".*.partial"):
        shutil.rmtree(partial, ignore_errors=True)


def publish(root: Path, dest: Path, as_of: dt.date | None = None, keep: int = KEEP,
            checks: Sequence[Check] = CHECKS, first_release: bool = False) -> Done:
    """Validate, build into DIR/releases, check, switch DIR/current; raises InvalidData or PublishError.
    `checks` are what the release must pass: all of them for this project's site."""
    started = time.monotonic()
    with _locked(dest):
        live = current_release(dest)  # a hand-made DIR/current is refused before minutes of building
        (dest / "releases").mkdir(exist_ok=True)
        _remove_partials(dest)
        published = what_is_live(live, first_release)
        previous = live if published is not None else None  # the release this one is chained to
        try:  # the build and the checks both use this as-of date; nothing the public has seen is rewritten
            portal = load_portal(root, as_of=as_of, against=published, source=True)
        except HistoryError as exc:
            raise PublishError(str(exc), USAGE) from None
        portal = replace(portal, chain=chain_after(previous))
        now = dt.datetime.now(dt.timezone.utc)
        name = release_name(now, commit_of(root))
        partial = dest / "releases" / f".{name}.partial"
        status = build_site(root, partial, as_of=portal.as_of, previous=previous)
        if status != 0:
            shutil.rmtree(partial, ignore_errors=True)
            how = f"被信号 {-status} 终止" if status < 0 else f"退出状态 {status}"
            raise PublishError(f"网站生成失败（mkdocs build {how}），详见上面的输出", BUILD_FAILED)
        add_release(partial, previous, name, now)  # /opendata/releases.json and history/
        problems = check_release(partial, portal, checks)
        if problems:
            shutil.rmtree(partial, ignore_errors=True)
            raise PublishError("新版本没有通过发布检查：\n" + "\n".join(f"  {p}" for p in problems), BUILD_FAILED)
        write_metadata(partial, portal, name, now)
        release = partial.rename(dest / "releases" / name)
        _switch(dest, release)
        _prune(dest, keep)
    counts = f"办事指南 {len(portal.guides)} 篇、工作制度 {len(portal.rules)} 项、整改事项 {len(portal.items)} 项"
    return Done(release, portal.as_of, counts, time.monotonic() - started)


def rollback(dest: Path, to: str | None = None) -> Path:
    """Switch DIR/current to the release before it (or to the one named), without rebuilding."""
    with _locked(dest):
        live = current_release(dest)
        finished = releases(dest)
        if to is not None:
            target = next((r for r in finished if r.name == to), None)
            if target is None:
                names = "、".join(r.name for r in finished) or "没有"
                raise PublishError(f"找不到版本“{to}”；现有版本：{names}", USAGE)
        else:
            older = [r for r in finished if live is None or r.name < live.name]
            if not older:
                raise PublishError("没有比当前版本更早的版本，无法回退", USAGE)
            target = older[-1]
        if not (target / "index.html").is_file():
            raise PublishError(f"版本 {target.name} 缺少 index.html，不能切换到它", USAGE)
        _switch(dest, target)
        return target


def _failed(message: str, dest: Path, status: int) -> int:
    with contextlib.suppress(PublishError):
        live = current_release(dest)
        message += f"\n网站保持不变（当前版本：{live.name if live else '尚未发布'}）。"
    print(message, file=sys.stderr)
    return status


def cmd_publish(args: argparse.Namespace) -> int:
    """Build the site into the publishing folder, check it, and switch the live site to it."""
    root, dest = Path(args.root).resolve(), Path(args.dest).resolve()
    if not (root / "data").is_dir():
        print(f"portal: 在 {root} 找不到 data/ 文件夹；请在项目根目录运行，或用 --root 指定", file=sys.stderr)
        return USAGE
    try:
        done = publish(root, dest, as_of=args.as_of, keep=args.keep, first_release=args.first_release)
    except InvalidData as exc:
        return _failed(exc.report(), dest, DATA_INVALID)
    except PublishError as exc:
        return _failed(f"发布失败：{exc}", dest, exc.status)
    print(f"已发布 {done.release.name}：{done.counts}，数据截至 {done.as_of.isoformat()}，用时 {done.seconds:.1f} 秒。")
    print(f"网站目录 {dest / 'current'} → releases/{done.release.name}")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """Switch the live site back to the previous release (or to --to NAME)."""
    dest = Path(args.dest).resolve()
    try:
        target = rollback(dest, to=args.to)
    except PublishError as exc:
        return _failed(f"回退失败：{exc}", dest, exc.status)
    print(f"已回退：网站目录 {dest / 'current'} → releases/{target.name}")
    return 0


def keep_count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("至少保留 1 个版本（当前版本）")
    return value


def add_dest(parser: argparse.ArgumentParser) -> None:
    # Not --root: that is already the project folder (where data/ is) for every command.
    parser.add_argument("--dest", required=True, metavar="DIR",
                        help="发布目录：网站在 DIR/current，各版本在 DIR/releases/（--root 仍指项目目录）")


def register(sub) -> None:
    p = sub.add_parser("publish", help="生成、检查并发布网站（原子切换）",
                       description="校验数据（并与线上版本自己发布的开放数据比较：已发布的整改内容不能删除或改写），把网站生成到 DIR/releases/ 下的新版本，检查每个页面都在，然后把 DIR/current 一次切换到新版本，在 release.json 里记下源提交。任何一步失败，网站保持不变。")
    add_dest(p)
    p.add_argument("--keep", type=keep_count, default=KEEP, help=f"保留最近几个版本（默认 {KEEP}）")
    p.add_argument("--first-release", action="store_true",
                   help="线上版本没有可读的 release.json 或开放数据时，仍然发布（只用于第一次发布或接手手工放置的网站）")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("rollback", help="把网站切回上一个版本",
                       description="把 DIR/current 切回上一个版本（或 --to 指定的版本），不重新生成。")
    add_dest(p)
    p.add_argument("--to", default=None, metavar="NAME", help="切换到指定版本（releases/ 下的文件夹名）；默认上一个版本")
    p.set_defaults(func=cmd_rollback)
