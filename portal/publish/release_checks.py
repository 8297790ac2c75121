"""Checks a freshly built release must pass before the public sees it: every record page, the
as-of date, internal links, and whatever the project's MkDocs hooks add (search index, open data).

To check something new, append a Check to CHECKS. A check that needs a hook names a word its hook
file contains (`needs`); it runs only when mkdocs.yml lists such a hook, so a project without
search or open data still publishes, and a project with them cannot publish a release missing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from portal.model.dataset import Portal

AS_OF_MARK = re.compile(r'数据截至 <time datetime="([0-9-]+)"')


@dataclass(frozen=True)
class Release:
    """What a check looks at: the built folder and the validated data it was built from."""

    site: Path
    portal: Portal

    def page(self, url: str) -> Path:
        return self.site / url / "index.html"

    def record_urls(self) -> list[str]:
        p = self.portal
        return ([f"guides/{g.id}" for g in p.guides] + [f"rules/{r.id}" for r in p.rules]
                + [f"rectification/{i.id}" for i in p.items])


@dataclass(frozen=True)
class Check:
    name: str  # what staff read when it fails
    run: Callable[[Release], list[str]]  # the problems found, in Chinese; empty when all is well
    needs: str | None = None  # a word in a listed hook file, e.g. "pagefind"; None: always runs


def _whole_page(path: Path, as_of: str) -> str | None:
    if not path.is_file():
        return "缺少页面"
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.rstrip().endswith("</html>"):
        return "页面不完整（没有以 </html> 结尾）"
    dates = set(AS_OF_MARK.findall(text))
    if dates != {as_of}:
        shown = "、".join(sorted(dates)) or "没有"
        return f"页面上的“数据截至”日期是 {shown}，应为 {as_of}"
    return None


def record_pages(release: Release) -> list[str]:
    """Ids never change once published: a release without a record's page breaks a public link."""
    as_of = release.portal.as_of.isoformat()
    problems = []
    for url in ["", *(f"{s}/" for s in ("guides", "rules", "timeline", "rectification")), *release.record_urls()]:
        shown = f"{url}/index.html".lstrip("/").replace("//", "/")
        if (problem := _whole_page(release.page(url), as_of)) is not None:
            problems.append(f"{shown}：{problem}")
    if not (release.site / "404.html").is_file():
        problems.append("404.html：缺少页面")
    return problems


def search_index(release: Release) -> list[str]:
    """Every search bundle the pages name is there: the main one (every page but the rectification
    items, searched by the header box) and the items' (portal/render/search_index.py), each with the
    pagefind.js that loads it. Pagefind's index files are its own format and are not read here; the
    build has already checked the page counts Pagefind printed (every item page in its bundle)."""
    from portal.render.search_index import BUNDLE, item_bundles  # only projects whose hooks build search have it

    bundles = [BUNDLE, *item_bundles(sorted(i.id for i in release.portal.items))]  # no items: no items bundle
    return [f"{bundle}/：缺少搜索索引" for bundle in bundles if not (release.site / bundle / "pagefind.js").is_file()]


def open_data(release: Release) -> list[str]:
    """Every download the open-data page lists, byte for byte as the data makes it."""
    from portal.exports import catalogue  # only projects whose hooks publish open data have it

    problems = []
    for download in catalogue.downloads(release.portal):
        path = release.site / download.path
        if not path.is_file():
            problems.append(f"{download.path}：缺少开放数据文件")
        elif path.read_bytes() != download.content:
            problems.append(f"{download.path}：内容与数据不一致（文件可能不完整）")
    return problems


def internal_links(release: Release) -> list[str]:
    """A link, stylesheet or anchor inside the site that points at nothing (portal/publish/site_links.py)."""
    from portal.publish.site_links import check_site

    return [str(broken) for broken in check_site(release.site, release.portal.site.base_url)]


CHECKS: list[Check] = [
    Check("记录页面", record_pages),
    Check("内部链接", internal_links),
    Check("搜索索引", search_index, needs="pagefind"),
    Check("开放数据", open_data, needs="portal.exports"),
]


class _Config(yaml.SafeLoader):
    """Reads mkdocs.yml without running it: its !!python tags become None."""


_Config.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Config.add_multi_constructor("!", lambda loader, suffix, node: None)


def hook_sources(root: Path) -> str:
    """The text of every hook file mkdocs.yml lists, lower-cased, for Check.needs."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Config) or {}
    texts = []
    for hook in config.get("hooks") or []:
        path = root / hook
        if path.is_file():
            texts.append(path.read_text(encoding="utf-8").lower())
    return "\n".join(texts)


def applicable(root: Path, checks: list[Check] | None = None) -> list[Check]:
    hooks = hook_sources(root)
    return [c for c in (CHECKS if checks is None else checks) if c.needs is None or c.needs.lower() in hooks]


def check_release(root: Path, site: Path, portal: Portal) -> list[str]:
    """Every problem of the release in site/, each prefixed with the check that found it."""
    release = Release(site, portal)
    return [f"{check.name}：{problem}" for check in applicable(root) for problem in check.run(release)]
