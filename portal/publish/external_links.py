"""`portal links`: the addresses of other websites written in data/, each with where it appears,
for a person to check now and then (they are listed, never fetched: the build stays offline).
With --site it checks a built site's own links and anchors instead (portal/publish/site_links.py).

Example:
    portal links                 # 数据中指向其他网站的链接 ... one line per address
    portal links --site site     # every broken internal link of the built site, exit status 1 if any
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from portal.load.reader import LoadError, load_file
from portal.load.privacy import strings
from portal.load.problems import Problem

URL = re.compile(r"https?://[^\s<>\"'（）()【】「」《》，。；、！？]+", re.IGNORECASE)
TRAILING = ".,;:!?"


@dataclass(frozen=True, order=True)
class Place:
    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


def _locate(lines: list[str], url: str, start: int, fallback: tuple[int, int]) -> tuple[int, int]:
    """Where url is written, searching from the value's first line (a block scalar's text starts
    below its key, and a long value may be folded over several lines)."""
    for number in range(start, len(lines) + 1):
        column = lines[number - 1].find(url)
        if column >= 0:
            return number, column + 1
    return fallback


def external_links(root: Path) -> tuple[dict[str, list[Place]], list[Problem]]:
    """{address: places} for every http(s) address in data/ on another host than the site's own,
    and the problems of files that could not be read."""
    found: dict[str, set[Place]] = {}
    problems: list[Problem] = []
    own_host = None
    documents = []
    for path in sorted((root / "data").rglob("*.yml")):
        shown = path.relative_to(root).as_posix()
        try:
            doc = load_file(path, shown)
        except LoadError as exc:
            problems.append(exc.problem)
            continue
        documents.append((path, doc))
        if shown == "data/site.yml" and isinstance(doc.data.get("base_url"), str):
            own_host = urlsplit(doc.data["base_url"]).hostname
    for path, doc in documents:
        lines = path.read_text(encoding="utf-8").split("\n")
        for loc, text in strings(doc.data):
            for match in URL.finditer(text):
                url = match.group().rstrip(TRAILING)
                if urlsplit(url).hostname == own_host:
                    continue
                line, column = _locate(lines, url, doc.position(loc)[0], doc.position(loc))
                found.setdefault(url, set()).add(Place(doc.path, line, column))
    return {url: sorted(places) for url, places in sorted(found.items())}, problems


def cmd_links(args: argparse.Namespace) -> int:
    """List the addresses of other websites written in data/ (never fetched), or with --site check
    a built site's internal links and anchors."""
    root = Path(args.root).resolve()
    if args.site:
        return _check_site(root, Path(args.site).resolve(), args)
    links, problems = external_links(root)
    print(f"数据中指向其他网站的链接：共 {len(links)} 个（只列出，未访问；请定期人工检查是否仍然有效）")
    for url, places in links.items():
        print(f"{url}  {', '.join(str(p) for p in places)}")
    for problem in problems:
        print(f"未能读取，其中的链接没有列出：{problem}", file=sys.stderr)
    return 1 if problems else 0


def _check_site(root: Path, site: Path, args: argparse.Namespace) -> int:
    from portal.load.problems import InvalidData
    from portal.publish.site_links import check_site
    from portal.load.portal import load_portal

    if not (site / "index.html").is_file():
        print(f"portal: {site} 不是生成好的网站（没有 index.html）；请先运行 portal build", file=sys.stderr)
        return 2
    try:
        base_url = load_portal(root, as_of=args.as_of).site.base_url
    except InvalidData as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    broken = check_site(site, base_url)
    if not broken:
        print(f"网站内部链接和锚点全部有效（{site}）")
        return 0
    print(f"网站中有 {len(broken)} 个失效的内部链接或锚点：")
    for link in broken:
        print(link)
    return 1


def register(subparsers) -> None:
    p = subparsers.add_parser("links", help="列出数据中指向其他网站的链接；或检查生成的网站内部链接",
                              description=cmd_links.__doc__)
    p.add_argument("--site", default=None, help="检查这个已生成网站文件夹的内部链接和锚点，如 site")
    p.set_defaults(func=cmd_links)
