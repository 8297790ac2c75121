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

The same flow publishes to an S3-compatible object store (`--to s3://BUCKET/PREFIX`,
portal/publish/objectstore.py): publish and rollback talk to a target, a folder here or a store
there, that offers the live release as a local folder, a local folder to build in, and the switch.

Example:
    portal publish --dest /srv/portal          # build, check, switch; keeps the last 5 releases
    portal rollback --dest /srv/portal         # back to the release before the current one
    portal publish --to s3://portal-site/www   # the same, to object storage (objectstore.py)
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
from pathlib import Path, PurePath
from typing import ContextManager, Iterator, Protocol, Sequence

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
    release: PurePath  # its .name is the release's name
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


class Target(Protocol):
    """Where releases go live: a publishing folder (FolderTarget) or an object store (objectstore.StoreTarget)."""

    def session(self) -> ContextManager[Path | None]:
        """One publish or rollback at a time; yields the live release as a local folder (its release.json
        and open data at least, named after the release), or None before the first release."""

    def staging(self, name: str) -> Path:
        """An empty local folder to build release `name` in; removed by discard() when it fails."""

    def discard(self, staged: Path) -> None: ...

    def go_live(self, staged: Path, name: str, keep: int) -> PurePath:
        """Make the checked release in `staged` the live one, all at once, then keep only `keep` releases."""

    def release_names(self) -> list[str]:
        """Finished releases, oldest first."""

    def live_name(self) -> str | None: ...

    def has_home_page(self, name: str) -> bool: ...

    def switch(self, name: str) -> PurePath:
        """Make finished release `name` the live one (rollback)."""

    def where(self, name: str) -> str:
        """Where the live site now is, for the message after a switch."""


class FolderTarget:
    """DIR/current and DIR/releases/ on this machine (the layout at the top of this module)."""

    def __init__(self, dest: Path):
        self.dest = dest

    @contextlib.contextmanager
    def session(self) -> Iterator[Path | None]:
        with _locked(self.dest):
            live = current_release(self.dest)  # a hand-made DIR/current is refused before minutes of building
            (self.dest / "releases").mkdir(exist_ok=True)
            _remove_partials(self.dest)
            yield live

    def staging(self, name: str) -> Path:
        return self.dest / "releases" / f".{name}.partial"

    def discard(self, staged: Path) -> None:
        shutil.rmtree(staged, ignore_errors=True)

    def go_live(self, staged: Path, name: str, keep: int) -> PurePath:
        release = staged.rename(self.dest / "releases" / name)
        _switch(self.dest, release)
        _prune(self.dest, keep)
        return release

    def release_names(self) -> list[str]:
        return [r.name for r in releases(self.dest)]

    def live_name(self) -> str | None:
        live = current_release(self.dest)
        return live.name if live else None

    def has_home_page(self, name: str) -> bool:
        return (self.dest / "releases" / name / "index.html").is_file()

    def switch(self, name: str) -> PurePath:
        _switch(self.dest, self.dest / "releases" / name)
        return self.dest / "releases" / name

    def where(self, name: str) -> str:
        return f"网站目录 {self.dest / 'current'} → releases/{name}"


def target_for(dest: str | None = None, to: str | None = None) -> Target:
    """`--dest DIR` or `--to s3://BUCKET/PREFIX`, as the commands take them."""
    if to is not None:
        from portal.publish.objectstore import StoreTarget  # boto3 is imported only when a store is used

        return StoreTarget.from_url(to)
    return FolderTarget(Path(dest).resolve())


def publish(root: Path, dest: Path | Target, as_of: dt.date | None = None, keep: int = KEEP,
            checks: Sequence[Check] = CHECKS, first_release: bool = False) -> Done:
    """Validate, build, check, switch the live site to the new release; raises InvalidData or PublishError.
    `dest` is a publishing folder or a Target (an object store). `checks` are what the release must
    pass: all of them for this project's site."""
    started = time.monotonic()
    target = FolderTarget(dest) if isinstance(dest, Path) else dest
    with target.session() as live:
        published = what_is_live(live, first_release)
        previous = live if published is not None else None  # the release this one is chained to
        try:  # the build and the checks both use this as-of date; nothing the public has seen is rewritten
            portal = load_portal(root, as_of=as_of, against=published, source=True)
        except HistoryError as exc:
            raise PublishError(str(exc), USAGE) from None
        portal = replace(portal, chain=chain_after(previous))
        now = dt.datetime.now(dt.timezone.utc)
        name = release_name(now, commit_of(root))
        partial = target.staging(name)
        status = build_site(root, partial, as_of=portal.as_of, previous=previous)
        if status != 0:
            target.discard(partial)
            how = f"被信号 {-status} 终止" if status < 0 else f"退出状态 {status}"
            raise PublishError(f"网站生成失败（mkdocs build {how}），详见上面的输出", BUILD_FAILED)
        add_release(partial, previous, name, now)  # /opendata/releases.json and history/
        problems = check_release(partial, portal, checks)
        if problems:
            target.discard(partial)
            raise PublishError("新版本没有通过发布检查：\n" + "\n".join(f"  {p}" for p in problems), BUILD_FAILED)
        write_metadata(partial, portal, name, now)
        release = target.go_live(partial, name, keep)
    counts = f"办事指南 {len(portal.guides)} 篇、工作制度 {len(portal.rules)} 项、整改事项 {len(portal.items)} 项"
    return Done(release, portal.as_of, counts, time.monotonic() - started)


def rollback(dest: Path | Target, to: str | None = None) -> PurePath:
    """Switch the live site to the release before it (or to the one named), without rebuilding."""
    target = FolderTarget(dest) if isinstance(dest, Path) else dest
    with target.session():
        live = target.live_name()
        finished = target.release_names()
        if to is not None:
            if to not in finished:
                names = "、".join(finished) or "没有"
                raise PublishError(f"找不到版本“{to}”；现有版本：{names}", USAGE)
            chosen = to
        else:
            older = [name for name in finished if live is None or name < live]
            if not older:
                raise PublishError("没有比当前版本更早的版本，无法回退", USAGE)
            chosen = older[-1]
        if not target.has_home_page(chosen):
            raise PublishError(f"版本 {chosen} 缺少 index.html，不能切换到它", USAGE)
        return target.switch(chosen)


def _failed(message: str, target: Target, status: int) -> int:
    try:
        live = target.live_name()
    except Exception:  # a store that cannot be reached now: the message says what failed already
        live = "无法读取"
    message += f"\n网站保持不变（当前版本：{live or '尚未发布'}）。"
    print(message, file=sys.stderr)
    return status


def cmd_publish(args: argparse.Namespace) -> int:
    """Build the site, check it, and switch the live site (a folder or an object store) to it."""
    root = Path(args.root).resolve()
    if not (root / "data").is_dir():
        print(f"portal: 在 {root} 找不到 data/ 文件夹；请在项目根目录运行，或用 --root 指定", file=sys.stderr)
        return USAGE
    target = target_for(args.dest, args.store)
    try:
        done = publish(root, target, as_of=args.as_of, keep=args.keep, first_release=args.first_release)
    except InvalidData as exc:
        return _failed(exc.report(), target, DATA_INVALID)
    except PublishError as exc:
        return _failed(f"发布失败：{exc}", target, exc.status)
    print(f"已发布 {done.release.name}：{done.counts}，数据截至 {done.as_of.isoformat()}，用时 {done.seconds:.1f} 秒。")
    print(target.where(done.release.name))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """Switch the live site back to the previous release (or to --release NAME)."""
    # --to is the store (s3://…) as for publish, or, beside --dest, a release's name as it always was.
    store = args.to if args.to and args.to.startswith("s3://") else None
    name = args.release or (None if store else args.to)
    if (args.dest is None) == (store is None):
        print("portal rollback: 请用 --dest DIR（发布目录）或 --to s3://存储桶/前缀（对象存储）指定网站在哪里，二者选一",
              file=sys.stderr)
        return USAGE
    target = target_for(args.dest, store)
    try:
        chosen = rollback(target, to=name)
    except PublishError as exc:
        return _failed(f"回退失败：{exc}", target, exc.status)
    print(f"已回退：{target.where(chosen.name)}")
    return 0


def keep_count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("至少保留 1 个版本（当前版本）")
    return value


def add_dest(parser: argparse.ArgumentParser, store_option: str = "--to") -> None:
    # Not --root: that is already the project folder (where data/ is) for every command.
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--dest", metavar="DIR",
                       help="发布目录：网站在 DIR/current，各版本在 DIR/releases/（--root 仍指项目目录）")
    where.add_argument(store_option, dest="store", metavar="s3://BUCKET/PREFIX", type=store_url,
                       help="发布到兼容 S3 的对象存储（阿里云 OSS、腾讯云 COS、华为云 OBS、MinIO、SeaweedFS）；"
                            "地址、区域和密钥取自 AWS_ENDPOINT_URL、AWS_REGION、AWS_ACCESS_KEY_ID 等环境变量或 AWS_PROFILE")


def store_url(text: str) -> str:
    if not text.startswith("s3://") or not text[5:].split("/", 1)[0]:
        raise argparse.ArgumentTypeError(f"对象存储的地址要写成 s3://存储桶/前缀，现在是“{text}”")
    return text


def register(sub) -> None:
    p = sub.add_parser("publish", help="生成、检查并发布网站（原子切换）",
                       description="校验数据（并与线上版本自己发布的开放数据比较：已发布的整改内容不能删除或改写），生成新版本，检查每个页面都在，然后一次切换到新版本（--dest：DIR/current 符号链接；--to：对象存储里的版本指针），在 release.json 里记下源提交。任何一步失败，网站保持不变。")
    add_dest(p)
    p.add_argument("--keep", type=keep_count, default=KEEP, help=f"保留最近几个版本（默认 {KEEP}）")
    p.add_argument("--first-release", action="store_true",
                   help="线上版本没有可读的 release.json 或开放数据时，仍然发布（只用于第一次发布或接手手工放置的网站）")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("rollback", help="把网站切回上一个版本",
                       description="把网站切回上一个版本（或 --release 指定的版本），不重新生成。"
                                   "对象存储用 --to s3://存储桶/前缀；发布目录用 --dest DIR。")
    p.add_argument("--dest", metavar="DIR", help="发布目录：网站在 DIR/current，各版本在 DIR/releases/")
    p.add_argument("--to", metavar="s3://BUCKET/PREFIX|NAME",
                   help="对象存储的地址（s3://存储桶/前缀）；与 --dest 一起用时是要切换到的版本名（同 --release）")
    p.add_argument("--release", default=None, metavar="NAME",
                   help="切换到指定版本（版本名，如 20141231T080000.123Z-1a2b3c4）；默认上一个版本")
    p.set_defaults(func=cmd_rollback)
