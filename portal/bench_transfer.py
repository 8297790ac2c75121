"""How many bytes a reader's browser transfers to show a page, on a first visit (empty cache) and on
a second visit (cache kept), measured in Debian's Chromium through the DevTools protocol.

Readers on slow mobile networks pay for every byte; the target for a guide page is at most 300 KB
on a first visit. Measure against the documented nginx (docs/nginx.conf.example: gzip and cache
headers) for what readers really get, or let this module serve the built folder with Python's
plain server, which compresses nothing: an upper bound. Needs the test extras (Playwright).

Example:
    python -m portal.bench_transfer site/                      # first guide, plain local server
    python -m portal.bench_transfer site/ guides/fuwu-shouce/
    python -m portal.bench_transfer --url http://127.0.0.1:8080 guides/fuwu-shouce/
"""

from __future__ import annotations

import argparse
import base64
import functools
import gzip
import http.server
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from portal.loopback import loopback

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
FIRST_VISIT_BUDGET = 300 * 1024


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".wasm": "application/wasm"}

    def log_message(self, format, *args) -> None:
        pass


@contextmanager
def serve_folder(site_dir: Path) -> Iterator[str]:
    """Serve a built site from 127.0.0.1 at a free port (no compression); yields its base URL."""
    with loopback(functools.partial(_QuietHandler, directory=str(site_dir))) as origin:
        yield origin


def _visit(page, session, url: str) -> dict:
    """Load url and count what crossed the network: bytes (headers and bodies as sent) and requests."""
    finished: dict[str, int] = {}
    session.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    gzipped = 0
    for request_id, sent in finished.items():
        # What the same bodies would weigh gzipped (level 6), for servers that compress nothing.
        try:
            body = session.send("Network.getResponseBody", {"requestId": request_id})
        except Exception:  # a body the browser no longer keeps (redirects, 304s): count it as sent
            gzipped += sent
            continue
        raw = base64.b64decode(body["body"]) if body["base64Encoded"] else body["body"].encode("utf-8")
        gzipped += min(sent, len(gzip.compress(raw, 6)) + max(0, sent - len(raw)))
    return {"bytes": sum(finished.values()), "requests": len(finished), "bytes_if_gzipped": gzipped}


def measure_transfer(base_url: str, page_path: str, chromium: str = CHROMIUM, judge: str = "bytes") -> dict:
    """Bytes over the network for page_path under base_url, on a first and a second visit; the
    first visit's `judge` figure ("bytes" as sent, or "bytes_if_gzipped") is held to the budget."""
    from playwright.sync_api import sync_playwright  # a test extra: only the benchmark needs it

    url = base_url.rstrip("/") + "/" + page_path.lstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 375, "height": 667})
            page = context.new_page()
            results = {}
            for visit in ("first_visit", "second_visit"):  # the same browser profile: its cache is kept
                session = context.new_cdp_session(page)
                session.send("Network.enable")
                results[visit] = _visit(page, session, url)
                session.detach()
            context.close()
        finally:
            browser.close()
    return {"page": url, **results, "first_visit_budget": FIRST_VISIT_BUDGET, "judged_on": judge,
            "within_budget": results["first_visit"][judge] <= FIRST_VISIT_BUDGET}


def measure_site(site_dir: Path, page_path: str | None = None) -> dict:
    """measure_transfer over a built folder served by serve_folder; by default its first guide.

    The plain server compresses nothing, where the documented nginx gzips: the budget is held to
    what the same responses weigh gzipped."""
    if page_path is None:
        guides = sorted(p.parent.name for p in Path(site_dir).glob("guides/*/index.html"))
        if not guides:
            raise SystemExit(f"{site_dir} has no guide page: build the site first (portal build -d {site_dir})")
        page_path = f"guides/{guides[0]}/"
    with serve_folder(Path(site_dir)) as base_url:
        return measure_transfer(base_url, page_path, judge="bytes_if_gzipped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal.bench_transfer", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", help="built site folder, served on 127.0.0.1 without compression")
    parser.add_argument("page", nargs="?", help="page path, e.g. guides/fuwu-shouce/ (default: the first guide)")
    parser.add_argument("--url", help="measure a running server at this base URL instead of serving a folder")
    args = parser.parse_args(argv)
    if args.url:
        result = measure_transfer(args.url, args.page or args.site or "")
    elif args.site:
        result = measure_site(Path(args.site), args.page)
    else:
        parser.error("give a built site folder or --url")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
