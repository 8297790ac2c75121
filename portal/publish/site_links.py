"""Check a built site's own links: every link, stylesheet, script and image that points into the site
resolves to a file there, and every #fragment to an id in the page it names.

Links to other hosts are not followed (`portal links` lists the ones written in the data). A link
to the site's own public address (base_url in site.yml) counts as internal: an evidence link in
the data that names a page of this site must name one that exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Which attribute of which tag names something the browser fetches or the reader follows.
LINK_ATTRIBUTES = {
    ("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
    ("source", "src"), ("video", "src"), ("audio", "src"), ("video", "poster"), ("track", "src"),
}
NOT_FILES = ("mailto:", "tel:", "sms:", "data:")


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # under the site folder: guides/fuwu-shouce/index.html
    url: str  # as written in the page
    reason: str  # Chinese

    def __str__(self) -> str:
        return f"{self.page}  {self.url}  {self.reason}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES:
                self.links.append(value.strip())


@lru_cache(maxsize=4096)
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def _target(site: Path, page: Path, url: str, base_path: str, host: str | None) -> tuple[Path | None, str]:
    """The file a link names (None: not a file of this site) and the reason when it is outside."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or parts.netloc:
        if parts.hostname != host or not parts.path.startswith(base_path):
            return None, ""  # another website
    if parts.scheme not in ("", "http", "https"):
        return None, ""
    path = unquote(parts.path)
    if not path:  # "#fragment" or "?query": this page
        return page, ""
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None, f"指向网站地址 {base_path} 以外的路径"
        resolved = site / path[len(base_path):].lstrip("/")
    else:
        resolved = page.parent / path
    try:
        resolved = resolved.resolve()
        resolved.relative_to(site.resolve())
    except ValueError:
        return None, "指向网站文件夹以外"
    if path.endswith("/") or resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, ""


def check_site(site: Path, base_url: str) -> list[BrokenLink]:
    """Every broken internal link and anchor of the HTML pages under site, sorted by page."""
    site = Path(site).resolve()
    _parse.cache_clear()
    base = urlsplit(base_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    broken = []
    for page in sorted(site.rglob("*.html")):
        shown = page.relative_to(site).as_posix()
        for url in _parse(page).links:
            if not url or url.lower().startswith(NOT_FILES):
                continue
            target, outside = _target(site, page, url, base_path, base.hostname)
            if outside:
                broken.append(BrokenLink(shown, url, outside))
                continue
            if target is None:
                continue
            if not target.is_file():
                broken.append(BrokenLink(shown, url, f"找不到文件 {target.relative_to(site).as_posix()}"))
                continue
            fragment = unquote(urlsplit(url).fragment)
            if fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                broken.append(BrokenLink(shown, url, f"{target.relative_to(site).as_posix()} 里没有锚点 #{fragment}"))
    return sorted(set(broken))
