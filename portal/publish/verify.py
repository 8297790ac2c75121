"""`portal verify SITE_OR_URL [--since FILE]`: check a published site (a folder, a downloaded copy or a
live URL) the way a supervisor would, trusting nothing but the files it serves:

- every open-data file is what /opendata/manifest.json says (size and SHA-256);
- /opendata/releases.json is a chain: each release names the manifest hash of the one before, and the
  last is this manifest;
- the ledger published by an earlier release (the one before, or the one whose manifest the user
  saved: --since) is still all there, unchanged, in today's ledger; what was added is listed.

It prints in Chinese and exits 1 when anything published disappeared or changed, 2 when the site or
the saved manifest cannot be read.

Example:
    portal verify https://example.gov.cn/ --since manifest-2014-06-30.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.checks import history
from portal.model.chain import MANIFEST
from portal.model.records import DATED_LISTS, DATED_PARTS
from portal.model.records import RectificationItem
from portal.publish.release_chain import RELEASES, history_path, ledger_sha256, sha256
from portal.publish.live import LEDGER, as_written

OK, CHANGED, UNREADABLE = 0, 1, 2


class Unreadable(Exception):
    """A file the check needs cannot be read; the message is what the user reads."""


@dataclass(frozen=True)
class Site:
    """A published site: a folder or a web address; get() returns a file's bytes."""

    where: str

    def get(self, path: str) -> bytes:
        if self.where.startswith(("http://", "https://")):
            address = urllib.parse.urljoin(self.where.rstrip("/") + "/", path)
            try:
                with urllib.request.urlopen(address, timeout=30) as response:
                    return response.read()
            except (urllib.error.URLError, OSError) as exc:
                raise Unreadable(f"无法下载 {address}（{getattr(exc, 'reason', exc)}）") from None
        try:
            return (Path(self.where) / path).read_bytes()
        except OSError:
            raise Unreadable(f"找不到 {Path(self.where) / path}") from None


def _json(content: bytes, name: str) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        raise Unreadable(f"{name} 不是有效的 JSON") from None


def check_files(site: Site, manifest: dict) -> list[str]:
    problems = []
    for entry in manifest.get("files", []):
        try:
            content = site.get(entry["path"])
        except Unreadable as exc:
            problems.append(f"{entry['path']}：{exc}")
            continue
        if len(content) != entry.get("bytes") or sha256(content) != entry.get("sha256"):
            problems.append(f"{entry['path']}：与清单里的大小或 SHA-256 不符")
    return problems


def check_chain(releases: list[dict], manifest_bytes: bytes, manifest: dict) -> list[str]:
    problems = []
    for before, after in zip(releases, releases[1:]):
        if after.get("previous_manifest_sha256") != before.get("manifest_sha256"):
            problems.append(f"发布记录断链：{after.get('release')} 记下的上一版清单不是 {before.get('release')} 的清单")
    if not releases or releases[-1].get("manifest_sha256") != sha256(manifest_bytes):
        problems.append("发布记录的最后一次发布不是现在这份清单：releases.json 与 manifest.json 对不上")
    elif manifest.get("previous_manifest_sha256") != releases[-1].get("previous_manifest_sha256"):
        problems.append("清单记下的上一版清单与发布记录不一致")
    return problems


def _records(ledger: dict) -> dict[str, dict]:
    derived = set(ledger.get("derived") or ())
    return {r["id"]: as_written({k: v for k, v in r.items() if k not in derived}) for r in ledger.get("records", [])}


def _title(name: str) -> str:
    return RectificationItem.model_fields[name].title or name


def _summary(entry: dict) -> str:
    words = [str(entry[k]) for k in ("status", "to", "field", "by", "reason", "note", "text", "method") if entry.get(k)]
    return "，".join(words[:2])


def additions(old: dict[str, dict], new: dict[str, dict]) -> list[str]:
    """What the newer ledger added, item by item, in Chinese."""
    lines = []
    for item_id in sorted(new):
        after = history.as_data(new[item_id]) or new[item_id]
        if item_id not in old:
            lines.append(f"新增整改事项 {item_id}：{after.get('title', '')}")
            continue
        before = history.as_data(old[item_id]) or old[item_id]
        for name in DATED_LISTS:
            for entry in (after.get(name) or [])[len(before.get(name) or []):]:
                lines.append(f"{item_id} 新增{_title(name)}：{entry.get('date')} {_summary(entry)}".rstrip())
        for name in DATED_PARTS:
            if before.get(name) is None and after.get(name):
                lines.append(f"{item_id} 新增{_title(name)}：{after[name].get('date')} {_summary(after[name])}".rstrip())
    return lines


def changes(old: dict[str, dict], new: dict[str, dict], label: str, day: str) -> list[str]:
    """Every published item, entry or value that disappeared or changed, in Chinese."""
    published = history.Published(old, dt.date.fromisoformat(day), label)
    lines = []
    for item_id in sorted(old):
        if item_id not in new:
            lines.append(f"{item_id}：整改事项不见了")
            continue
        for problem in history.compare_data(item_id, old[item_id], new[item_id], published):
            lines.append(f"{item_id} {problem.field}（{problem.label}）：{problem.message.split('。')[0]}")
    return lines


def verify(where: str, since: bytes | None = None) -> tuple[int, list[str]]:
    """The exit status and the lines to print."""
    site = Site(where)
    out: list[str] = []
    try:
        manifest_bytes = site.get(MANIFEST)
        manifest = _json(manifest_bytes, "manifest.json")
        releases = _json(site.get(RELEASES), "releases.json").get("releases", [])
    except Unreadable as exc:
        return UNREADABLE, [f"无法核对：{exc}"]
    problems = check_files(site, manifest) + check_chain(releases, manifest_bytes, manifest)
    out.append(f"清单 manifest.json：SHA-256 {sha256(manifest_bytes)}，数据截至 {manifest.get('as_of')}，"
               f"列出 {len(manifest.get('files', []))} 个文件")
    out.append(f"发布记录 releases.json：共 {len(releases)} 次发布")
    if since is not None:
        saved_hash = sha256(since)
        base = next((r for r in releases if r.get("manifest_sha256") == saved_hash), None)
        if base is None:
            problems.append(f"你保存的清单（SHA-256 {saved_hash}）不在这个网站的发布记录里：它不是本站发布的，或者发布记录被改过")
        else:
            base = {**base, "ledger_sha256": ledger_sha256(_json(since, "保存的清单")) or base.get("ledger_sha256")}
    else:
        base = releases[-2] if len(releases) > 1 else None
    if base is not None:
        try:
            old_bytes = site.get(history_path(base["ledger_sha256"]))
            if sha256(old_bytes) != base["ledger_sha256"]:
                raise Unreadable(f"{history_path(base['ledger_sha256'])} 与它的 SHA-256 不符")
            old, new = _records(_json(old_bytes, "历史台账")), _records(_json(site.get(LEDGER), LEDGER))
        except (Unreadable, KeyError, TypeError) as exc:
            problems.append(f"无法取得 {base.get('release')} 发布的台账：{exc}")
        else:
            label = f"发布 {base.get('release')}（数据截至 {base.get('as_of')}）"
            out.append(f"与{label}相比：")
            changed = changes(old, new, label, base.get("as_of"))
            added = additions(old, new)
            problems += [f"已发布的内容被删除或改写：{line}" for line in changed]
            out += [f"  {line}" for line in added] or ["  台账没有新增内容"]
    if problems:
        out += [f"问题：{p}" for p in problems]
        out.append(f"核对未通过：发现 {len(problems)} 个问题")
        return CHANGED, out
    out.append("核对通过：每个文件都与清单一致，发布记录连成一条链，已发布的台账内容都还在、没有改写")
    return OK, out


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a published site against its manifest, its chain of releases and an older saved manifest."""
    since = None
    if args.since:
        try:
            since = Path(args.since).read_bytes()
        except OSError:
            print(f"portal: 找不到保存的清单 {args.since}", file=sys.stderr)
            return UNREADABLE
    status, lines = verify(args.site, since)
    print("\n".join(lines), file=sys.stderr if status == UNREADABLE else sys.stdout)
    return status


def register(sub) -> None:
    p = sub.add_parser("verify", help="核对已发布的网站：文件清单、发布链和已发布的台账",
                       description="核对一个网站（文件夹、下载的副本或网址）：每个开放数据文件与 manifest.json 一致，"
                                   "releases.json 里的发布一环扣一环；再与上一次发布（或 --since 指定的、你以前保存的 manifest.json）"
                                   "比较，列出台账新增的内容。已发布的内容不见了或被改写时，退出状态为 1。")
    p.add_argument("site", metavar="SITE_OR_URL", help="网站文件夹，或网址（如 https://example.gov.cn/）")
    p.add_argument("--since", metavar="FILE", default=None, help=f"以前保存的 /{MANIFEST}")
    p.set_defaults(func=cmd_verify)
