"""Republish whenever data/ changes: a polling loop for a self-hosted server, logged in Chinese.

It also republishes when the commit changes (after `--git-pull` brings new templates) and when the
day changes, because the day moves the overdue states (逾期). A failed attempt is logged and the
loop goes on: the live site keeps its last good release until the data is fixed.

Example:
    portal watch --dest /srv/portal --git-pull --interval 60
    portal watch --dest /tmp/site --max-runs 1      # publish once, as the loop would, and stop
    portal watch --to s3://portal-site/www --git-pull   # to an object store (portal/publish/objectstore.py)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import signal
import sys
import time
import traceback
from pathlib import Path

from portal.publish import release as publish
from portal.load import git
from portal.load.problems import InvalidData
from portal.model.asof import default_as_of

SETTLE_ROUNDS = 60  # an editor that never stops saving still gets published after this many waits


def log(message: str) -> None:
    stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
    print(f"[{stamp}] {message}", flush=True)


def fingerprint(root: Path, as_of: dt.date | None) -> str:
    """Changes when a file under data/ changes, the commit changes, or (without --as-of) the day."""
    digest = hashlib.sha256()
    data = root / "data"
    # Contents, not modification times: a checkout or a copy that keeps the bytes is no change.
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(publish.commit_of(root).encode())
    digest.update((as_of or default_as_of()).isoformat().encode())
    return digest.hexdigest()


def settle(root: Path, as_of: dt.date | None, seen: str, debounce: float) -> str:
    """Wait until data/ stops changing, so a save of several files is published once, whole."""
    for _ in range(SETTLE_ROUNDS):
        time.sleep(debounce)
        now = fingerprint(root, as_of)
        if now == seen:
            break
        seen = now
    return seen


def pull(root: Path) -> None:
    try:
        git.pull(root)
    except git.GitError as exc:
        log(f"git pull 失败（退出状态 {exc.status}），继续使用现有数据：{exc}")


def attempt(root: Path, dest: Path | publish.Target, as_of: dt.date | None, keep: int) -> int:
    """One publish; its outcome in the log; the exit status `portal publish` would give."""
    try:
        done = publish.publish(root, dest, as_of=as_of, keep=keep)
    except InvalidData as exc:
        log(f"发布失败：数据校验未通过，{_kept(dest)}\n{exc.report()}")
        return publish.DATA_INVALID
    except publish.PublishError as exc:
        log(f"发布失败：{exc}\n{_kept(dest)}")
        return exc.status
    except Exception:  # a bug or a full disk must not stop the loop; the next change tries again
        log(f"发布失败（程序出错），{_kept(dest)}\n{traceback.format_exc()}")
        return publish.BUILD_FAILED
    log(f"发布成功：{done.release.name}，{done.counts}，数据截至 {done.as_of.isoformat()}，用时 {done.seconds:.1f} 秒")
    if not isinstance(dest, Path):
        log(dest.where(done.release.name))
    return 0


def _kept(dest: Path | publish.Target) -> str:
    target = publish.FolderTarget(dest) if isinstance(dest, Path) else dest
    try:
        live = target.live_name()
    except Exception as exc:  # a hand-made DIR/current, or a store that cannot be reached now
        return str(exc)
    return f"网站保持 {live}" if live else "网站尚未发布"


def watch(root: Path, dest: Path | publish.Target, *, as_of: dt.date | None = None, interval: float = 5.0, debounce: float = 1.0,
          git_pull: bool = False, keep: int = publish.KEEP, max_runs: int | None = None) -> int:
    """Publish now, then after every change; returns after max_runs attempts (never when None)."""
    where = dest / "current" if isinstance(dest, Path) else dest.url
    log(f"开始监视 {root / 'data'}（每 {interval:g} 秒检查一次），发布到 {where}")
    last: str | None = None
    runs = status = 0
    while max_runs is None or runs < max_runs:
        if git_pull:
            pull(root)
        now = fingerprint(root, as_of)
        if now != last:
            if last is not None:
                log("发现数据变化，等待保存完成后发布……")
                now = settle(root, as_of, now, debounce)
            status = attempt(root, dest, as_of, keep)
            last, runs = now, runs + 1
            continue  # count the attempt before deciding to sleep: --max-runs stops right after it
        time.sleep(interval)
    return status


def _stop(signum, frame):  # SIGTERM from systemd or a test: stop like Ctrl-C, with a log line
    raise KeyboardInterrupt


def cmd_watch(args: argparse.Namespace) -> int:
    """Publish now and again whenever data/ changes; log every attempt; keep going after a failure."""
    root = Path(args.root).resolve()
    if not (root / "data").is_dir():
        print(f"portal: 在 {root} 找不到 data/ 文件夹；请在项目根目录运行，或用 --root 指定", file=sys.stderr)
        return publish.USAGE
    signal.signal(signal.SIGTERM, _stop)
    try:
        dest = Path(args.dest).resolve() if args.dest else publish.target_for(to=args.store)
        return watch(root, dest, as_of=args.as_of, interval=args.interval,
                     debounce=args.debounce, git_pull=args.git_pull, keep=args.keep, max_runs=args.max_runs)
    except KeyboardInterrupt:
        log("已停止监视")
        return 0


def _seconds(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("秒数要大于 0")
    return value


def register(sub) -> None:
    p = sub.add_parser("watch", help="数据有变化就重新发布",
                       description="先发布一次，之后每当 data/ 有变化（或日期变化，影响逾期状态）就重新发布；每次结果都带时间记录在输出里，失败后继续监视。")
    publish.add_dest(p)
    p.add_argument("--interval", type=_seconds, default=5.0, metavar="S", help="每隔几秒检查一次 data/（默认 5）")
    p.add_argument("--debounce", type=_seconds, default=1.0, metavar="S",
                   help="发现变化后，等 data/ 连续几秒不再变化才发布（默认 1）")
    p.add_argument("--git-pull", action="store_true", help="每次检查前先运行 git pull --ff-only")
    p.add_argument("--keep", type=publish.keep_count, default=publish.KEEP, help=f"保留最近几个版本（默认 {publish.KEEP}）")
    p.add_argument("--max-runs", type=int, default=None, metavar="N", help="发布 N 次后退出（用于测试和一次性任务）")
    p.set_defaults(func=cmd_watch)
