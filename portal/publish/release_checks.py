"""Checks a freshly built release must pass before the public sees it: every record page, the
as-of date, internal links, the search index and the open data.

To check something new, append a Check to CHECKS: the publishing code passes CHECKS, every check
there is, to check_release. A site built without search or open data would pass a shorter list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from portal.model import urls
from portal.model.dataset import Portal
from portal.model.kinds import KINDS
from portal.publish import parse_checks
from portal.publish.site_links import check_site
from portal.publish.search_index import BUNDLE, item_bundles

AS_OF_MARK = re.compile(r'数据截至 <time datetime="([0-9-]+)"')


@dataclass(frozen=True)
class Release:
    """What a check looks at: the built folder and the validated data it was built from."""

    site: Path
    portal: Portal

    def page(self, url: str) -> Path:
        return self.site / url / "index.html"

    def record_urls(self) -> list[str]:
        """Every section and every record page: "guides/", "guides/fuwu-shouce/", ..."""
        p = self.portal
        sections = [urls.section(kind.key) for kind in KINDS if kind.segment]
        return sections + [urls.page(p, record) for kind in KINDS if kind.segment and kind.folder for record in p.of(kind)]


@dataclass(frozen=True)
class Check:
    name: str  # what staff read when it fails
    run: Callable[[Release], list[str]]  # the problems found, in Chinese; empty when all is well


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
    for url in ["", *release.record_urls()]:
        shown = f"{url}index.html"
        if (problem := _whole_page(release.page(url), as_of)) is not None:
            problems.append(f"{shown}：{problem}")
    if not (release.site / "404.html").is_file():
        problems.append("404.html：缺少页面")
    return problems


def search_index(release: Release) -> list[str]:
    """Every search bundle the pages name is there: the main one (every page but the rectification
    items, searched by the header box) and the items' (portal/publish/search_index.py), each with the
    pagefind.js that loads it. Pagefind's index files are its own format and are not read here; the
    build has already checked the page counts Pagefind printed (every item page in its bundle)."""
    bundles = [BUNDLE, *item_bundles(sorted(i.id for i in release.portal.items))]  # no items: no items bundle
    return [f"{bundle}/：缺少搜索索引" for bundle in bundles if not (release.site / bundle / "pagefind.js").is_file()]


def open_data(release: Release) -> list[str]:
    """Every download the open-data page lists, byte for byte as the data makes it."""
    # Imported here: it brings every exporter (icalendar and all), and every `portal` command,
    # `portal validate` too, imports this module to offer `portal publish`.
    from portal.exports import catalogue

    problems = []
    for download in catalogue.downloads(release.portal):
        path = release.site / download.path
        if not path.is_file():
            problems.append(f"{download.path}：缺少开放数据文件")
        elif path.read_bytes() != download.content:
            problems.append(f"{download.path}：内容与数据不一致（文件可能不完整）")
    return problems


def files(release: Release) -> list[str]:
    """Every file of data/files/ that validation accepted is at /files/, whole: a guide's blank form
    that a release lost would leave a printed QR code leading nowhere."""
    problems = []
    for stored in release.portal.files.values():
        address = urls.file(stored.name)
        path = release.site / address
        if not path.is_file():
            problems.append(f"{address}：缺少文件")
        elif path.stat().st_size != stored.size:
            problems.append(f"{address}：大小与 data/files/ 里的文件不一致（文件可能不完整）")
    return problems


def manifest(release: Release) -> list[str]:
    """/opendata/manifest.json says what supervisors check their downloads against: every file it lists
    is served with that size and SHA-256, and it names this release's as-of date and source commit."""
    import hashlib
    import json

    from portal.exports.manifest import PATH

    try:
        listed = json.loads((release.site / PATH).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"{PATH}：缺少或无法读取"]
    problems = []
    if listed.get("as_of") != release.portal.as_of.isoformat():
        problems.append(f"{PATH}：数据截至日期是 {listed.get('as_of')}，应为 {release.portal.as_of.isoformat()}")
    if listed.get("source", {}).get("commit") != release.portal.source.commit:
        problems.append(f"{PATH}：源提交是 {listed.get('source', {}).get('commit')}，应为 {release.portal.source.commit}")
    for entry in listed.get("files", []):
        path = release.site / entry["path"]
        content = path.read_bytes() if path.is_file() else None
        if content is None or len(content) != entry["bytes"] or hashlib.sha256(content).hexdigest() != entry["sha256"]:
            problems.append(f"{entry['path']}：与清单 {PATH} 里的大小或 SHA-256 不符")
    return problems


def sitemap(release: Release) -> list[str]:
    """/sitemap.xml, which MkDocs writes from the pages' addresses, lists every section and record page
    at the public address urls.absolute gives it: what search engines are told the site holds."""
    import xml.etree.ElementTree as ET

    try:
        listed = {loc.text.strip() for loc in ET.parse(release.site / urls.SITEMAP).iter()
                  if loc.tag.endswith("}loc") and loc.text}
    except (OSError, ET.ParseError):
        return [f"{urls.SITEMAP}：缺少或无法读取"]
    return [f"{urls.SITEMAP}：没有列出 {address}" for address in
            (urls.absolute(release.portal, url) for url in release.record_urls()) if address not in listed]


def internal_links(release: Release) -> list[str]:
    """A link, stylesheet or anchor inside the site that points at nothing (portal/publish/site_links.py)."""
    return [str(broken) for broken in check_site(release.site, release.portal.site.base_url)]


CHECKS: tuple[Check, ...] = (
    Check("记录页面", record_pages),
    Check("内部链接", internal_links),
    Check("站点地图", sitemap),  # MkDocs writes it from the pages' addresses (portal/model/urls.py)
    Check("搜索索引", search_index),  # hooks/portal_search.py builds it
    Check("开放数据", open_data),  # hooks/portal_opendata.py publishes it
    Check("附件", files),  # hooks/portal_files.py publishes data/files/ at /files/
    Check("开放数据清单", manifest),  # portal/exports/manifest.py
    Check("文件格式", lambda release: parse_checks.site_files(release.site)),  # each read back by its parser
)
"""Every check, for a release built with every hook in mkdocs.yml: what `portal publish` runs."""


def check_release(site: Path, portal: Portal, checks: Iterable[Check]) -> list[str]:
    """Every problem the given checks find in the release in site/, each prefixed with its check's name."""
    release = Release(site, portal)
    return [f"{check.name}：{problem}" for check in checks for problem in check.run(release)]
