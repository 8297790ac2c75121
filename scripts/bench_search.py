"""Measure search on a built site: how long Pagefind takes to index it, and how many bytes a
browser downloads for a one-word query after the first page load (issue 4's target: 150 KB).

The bytes are counted in Debian's Chromium, from every request the query causes (pagefind.js, its
WebAssembly, the index metadata and chunks, the fragments of the results shown), twice: from a
plain static server, and from one that gzips text as nginx's `gzip on` does. Two queries:
- the header box, typed on the home page: it searches the main bundle only (the target);
- /search/ opened as the header's link 在整改事项中搜索 opens it (?q=WORD&section=整改事项), in a
  fresh browser: it loads both bundles (portal/publish/search_index.py); only its search files count.

Example:
    scripts/bench_search --site /tmp/site          # a site built by `portal build`
    scripts/bench_search --records 10000           # a synthetic portal of 10,000 records, built first
    scripts/bench_search --site /tmp/site --json --query 服务
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))  # run from a checkout even before `pip install -e .`

from bench.loopback import loopback  # noqa: E402
from portal.publish.search_index import BUNDLE, ITEMS_BUNDLE, index_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
BUDGET = 150 * 1024
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json")  # what nginx would gzip
ITEMS_SECTION = "整改事项"  # the section the header's link to item search chooses


class Handler(http.server.SimpleHTTPRequestHandler):
    """A static server that can gzip text responses, as a production web server does."""

    gzip_text = False
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".json": "application/json"}

    def send_head(self):
        if not self.gzip_text or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not path.is_file() or not kind.startswith(COMPRESSED_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Bytes(body)

    def log_message(self, format, *args) -> None:
        pass


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def serve(site: Path, gzip_text: bool):
    handler = type("Server", (Handler,), {"gzip_text": gzip_text})
    with loopback(functools.partial(handler, directory=str(site))) as origin:
        yield origin + "/"


def query_bytes(site: Path, query: str, start_page: str, gzip_text: bool, then: str = "办理") -> dict:
    """Load start_page, then type query into the header box; what the query made the browser fetch,
    and what a second query (`then`) fetched on top, with Pagefind and its metadata already loaded."""
    from playwright.sync_api import sync_playwright

    with serve(site, gzip_text) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        page.goto(origin + start_page, wait_until="networkidle")
        requests = []
        page.on("requestfinished", lambda request: requests.append(request))
        page.keyboard.press("/")
        page.keyboard.type(query)
        page.locator(f"#pt-search-results[data-query='{query}']").wait_for(state="attached", timeout=120_000)
        page.wait_for_load_state("networkidle")
        results = page.locator("#pt-search-results li").count()
        first = len(requests)
        page.locator("form[name='pt-search'] input").fill(then)
        page.locator(f"#pt-search-results[data-query='{then}']").wait_for(state="attached", timeout=120_000)
        page.wait_for_load_state("networkidle")
        second = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in requests[first:])
        files = [_file(request, origin) for request in requests[:first]]
        browser.close()
    return {**_totals(files, gzip_text), "results_shown": results,
            "within_budget": sum(f["transferred"] for f in files) <= BUDGET,
            "second_query": then, "second_query_kb": round(second / 1024, 1), "files": files}


def search_page_bytes(site: Path, query: str, gzip_text: bool) -> dict:
    """Open /search/?q=query&section=整改事项 in a fresh browser, as the header's link to item search
    does; the search files it fetched (both bundles: pagefind/ and pagefind-items/), not the page."""
    from urllib.parse import urlencode

    from playwright.sync_api import sync_playwright

    params = urlencode({"q": query, "section": ITEMS_SECTION})
    with serve(site, gzip_text) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        requests = []
        page.on("requestfinished", lambda request: requests.append(request))
        page.goto(f"{origin}search/?{params}")
        page.locator(f".pt-search-page__list[data-search='{params}']").wait_for(state="attached", timeout=120_000)
        page.wait_for_load_state("networkidle")
        results = page.locator(".pt-search-page__meta").inner_text()
        files = [_file(r, origin) for r in requests if r.url.removeprefix(origin).startswith((f"{BUNDLE}/", ITEMS_BUNDLE))]  # every items bundle starts so
        browser.close()
    return {**_totals(files, gzip_text), "address": f"search/?{params}", "results": results, "files": files}


def _file(request, origin: str) -> dict:
    sizes = request.sizes()
    response = request.response()
    return {"url": request.url.removeprefix(origin), "status": response.status if response else None,
            "transferred": sizes["responseBodySize"] + sizes["responseHeadersSize"],
            "body": len(response.body()) if response else 0}


def _totals(files: list[dict], gzip_text: bool) -> dict:
    return {"server": "gzip" if gzip_text else "plain", "requests": len(files),
            "transferred_kb": round(sum(f["transferred"] for f in files) / 1024, 1),
            "decoded_kb": round(sum(f["body"] for f in files) / 1024, 1), "by_kind": by_kind(files)}


def by_kind(files: list[dict]) -> dict[str, str]:
    """KB transferred per kind of file, e.g. {"pagefind/pf_meta": "1.2 KB in 1"}."""
    kinds: dict[str, list[int]] = {}
    for f in files:
        path = f["url"].split("?")[0]
        folder = path.split("/")[0] if path.startswith((f"{BUNDLE}/", ITEMS_BUNDLE)) else "page"  # every items bundle starts so
        name = path.rsplit("/", 1)[-1]
        extension = name.rsplit(".", 1)[-1]
        kind = name if extension in ("js", "json") else "wasm" if name.startswith("wasm.") else extension
        kinds.setdefault(f"{folder}/{kind}", []).append(f["transferred"])
    return {k: f"{sum(v) / 1024:.1f} KB in {len(v)}" for k, v in sorted(kinds.items())}


def index_time(site: Path) -> dict:
    """Pagefind run again on the built site, as the build's last step runs it (same output): both
    bundles, one after the other."""
    start = time.perf_counter()
    bundles = index_site(site)
    seconds = time.perf_counter() - start
    files = {b: [f for f in (site / b).rglob("*") if f.is_file()] for b in bundles}
    return {"s": round(seconds, 2), "pages": dict(bundles),
            "files": sum(len(f) for f in files.values()),
            "bundle_mb": {b: round(sum(f.stat().st_size for f in fs) / 2**20, 1) for b, fs in files.items()}}


def synthetic_site(records: int, work: Path, seed: int) -> Path:
    import subprocess

    from bench import synthetic

    made = synthetic.generate(work / "portal", records, seed)
    site = work / "site"
    command = [sys.executable, "-m", "portal", "--root", str(made.root), "build", "-d", str(site),
               "--as-of", made.as_of.isoformat()]
    subprocess.run(command, check=True, cwd=made.root)
    return site


def measure(site: Path, query: str = "服务", start_page: str = "") -> dict:
    """Everything this script reports, for a built site: scripts/bench.py can call this too."""
    return {"site": str(site), "query": query, "index": index_time(site),
            "download": [query_bytes(site, query, start_page, gzip_text) for gzip_text in (False, True)],
            "search_page": [search_page_bytes(site, query, gzip_text) for gzip_text in (False, True)]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench_search", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--site", help="a site built by `portal build` (its pagefind/ is rebuilt in place)")
    where.add_argument("--records", type=int, help="build a synthetic portal of this many records first")
    parser.add_argument("--work", default=str(PROJECT / "bench-out" / "search"), help="scratch folder for --records")
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--query", default="服务", help="the one-word query (default 服务)")
    parser.add_argument("--json", action="store_true", help="print JSON, with every file downloaded")
    args = parser.parse_args(argv)
    site = Path(args.site) if args.site else synthetic_site(args.records, Path(args.work), args.seed)
    report = measure(site.resolve(), args.query)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    index = report["index"]
    print(f"index: {index['s']} s for pages {index['pages']}; {index['files']} files, MB {index['bundle_mb']}")
    for d in report["download"]:
        mark = "ok" if d["within_budget"] else "OVER"
        print(f"header box, query {report['query']!r}, {d['server']} server: {d['transferred_kb']} KB transferred "
              f"({d['decoded_kb']} KB decoded) in {d['requests']} requests, {d['results_shown']} results shown; "
              f"budget {BUDGET // 1024} KB {mark}; then {d['second_query']!r}: {d['second_query_kb']} KB more")
        print("    " + "; ".join(f"{k} {v}" for k, v in d["by_kind"].items()))
    for d in report["search_page"]:
        print(f"/{d['address']}, {d['server']} server: {d['transferred_kb']} KB of search files transferred "
              f"({d['decoded_kb']} KB decoded) in {d['requests']} requests; {d['results']}")
        print("    " + "; ".join(f"{k} {v}" for k, v in d["by_kind"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
