"""Test helpers for built sites: a project copy to build, the built pages, a local static server and
Debian's Chromium. Used by the hardening tests (XSS, CSP, links)."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import tempfile
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from conftest import PROJECT
from bench.loopback import loopback

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PROJECT_PARTS = ("docs", "overrides", "hooks")
"""What a build needs besides data/ and mkdocs.yml (portal/ is imported from the installed package)."""


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """A buildable copy of the project at dest, with data/ taken from `data` (default: the real one)."""
    for part in PROJECT_PARTS:
        shutil.copytree(PROJECT / part, dest / part)
    shutil.copy(PROJECT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(data or PROJECT / "data", dest / "data")
    return dest


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(site: Path, page: Path) -> str:
    """The address path of a built page: guides/x/index.html -> /guides/x/."""
    rel = page.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


class _Handler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".mjs": "text/javascript"}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args) -> None:  # keep test output readable
        pass


@contextmanager
def serve(site: Path, headers: dict[str, str] | None = None, under: str = "weifang-jisheng") -> Iterator[str]:
    """Serve a built site on 127.0.0.1 at a free port, under the folder its base_url names (the real
    data's by default), so that 404.html's absolute links work; yields the site's base URL without the trailing slash and
    stops the server after."""
    handler = type("Handler", (_Handler,), {"extra_headers": dict(headers or {})})
    with tempfile.TemporaryDirectory() as root:
        (Path(root) / under).symlink_to(Path(site).resolve(), target_is_directory=True)
        with loopback(functools.partial(handler, directory=root)) as origin:
            yield f"{origin}/{under}"


@contextmanager
def chromium():
    """Debian's Chromium through Playwright; the test is skipped when it is not installed. Only the
    `browser` fixture of conftest.py calls this, so that every test that starts Chromium is marked `browser`."""
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --- what in a page could run script -------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
                  "codebase", "srcset", "ping"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style"}
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


class LiveMarkup(HTMLParser):
    """Collects whatever in a page could run script: the same things a browser would act on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.data_block: list[str] | None = None
        self.text: list[str] = []
        self.title: list[str] | None = None
        self.titles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "script":
            self._script(attributes)
        if tag == "title":
            self.title = []
        for name, value in attrs:
            value = re.sub(r"[\x00-\x20]", "", value or "")  # browsers ignore these inside a scheme
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and DANGEROUS_SCHEME.match(value):
                self.found.append(f"<{tag} {name}={value[:30]}…>")
            if name in ("style", "srcdoc"):
                self.found.append(f"<{tag} {name}=…>")

    def _script(self, attributes: dict) -> None:
        src = attributes.get("src")
        if src is None:
            if attributes.get("type") in DATA_BLOCK_TYPES:
                self.data_block = []  # not executed; checked to be whole JSON below
            else:
                self.found.append("inline <script>")
            return
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not src.endswith(".js"):
            self.found.append(f"<script src={src}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.data_block is not None:
            try:
                json.loads("".join(self.data_block))
            except ValueError:
                self.found.append("a JSON data block cut short: something broke out of it")
            self.data_block = None
        if tag == "title" and self.title is not None:
            self.titles.append("".join(self.title))
            self.title = None

    def handle_data(self, data: str) -> None:
        if self.data_block is not None:
            self.data_block.append(data)
            return
        if self.title is not None:
            self.title.append(data)
        self.text.append(data)


def scan(html: str) -> LiveMarkup:
    """What in html could run script (.found), its text (.text) and its <title>s (.titles)."""
    parser = LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser
