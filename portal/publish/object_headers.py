"""The HTTP headers an object store serves each file of the site with (`portal publish --to s3://…`).

A store sends back the Content-Type, Cache-Control and Content-Encoding an object was uploaded with,
and nothing else; so they are decided here, once, from the file's path:

- Content-Type with `charset=utf-8` for every text type (pages, CSS, scripts, JSON, CSV, feeds,
  calendar, SVG, sitemap), `application/wasm` for Pagefind's WebAssembly.
- Cache-Control: a year and `immutable` for files named by their content's hash (Material's
  stylesheets and scripts, Pagefind's index, fragments, filters and metadata); a minute for every
  other file, so pages, feeds, open data and the manifest follow a switch within a minute.
- No Content-Encoding, ever. Pagefind's files (`*.pf_*`, `wasm.*.pagefind`) are gzip streams that
  pagefind.js inflates itself (it checks for its own signature first, so a browser-inflated copy
  works too); sent as they are, they reach the browser byte for byte as nginx and GitHub Pages
  send them. `sitemap.xml.gz` is a gzip file, served as `application/gzip`. Nothing else is
  stored compressed; the CDN compresses text on the way out.
"""

from __future__ import annotations

import mimetypes
import re

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=60"

HASHED = re.compile(
    r"^(assets/.+\.[0-9a-f]{8}\.min\.(css|js)(\.map)?"  # Material: main.ec1eaa64.min.css
    r"|pagefind[^/]*/(fragment|index|filter)/[^/]+"  # Pagefind: zh_0d7754f.pf_fragment
    r"|pagefind[^/]*/pagefind\.[^/]+\.pf_meta)$"  # Pagefind: pagefind.zh_946c662127.pf_meta
)
"""Paths whose file name changes whenever their content does: safe to cache for a year."""

TYPES: dict[str, str] = {
    ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
    ".json": "application/json", ".map": "application/json", ".webmanifest": "application/manifest+json",
    ".csv": "text/csv", ".ics": "text/calendar", ".atom": "application/atom+xml", ".xml": "application/xml",
    ".svg": "image/svg+xml", ".txt": "text/plain", ".md": "text/markdown", ".yml": "text/yaml",
    ".gz": "application/gzip", ".wasm": "application/wasm", ".woff2": "font/woff2", ".woff": "font/woff",
    ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".ico": "image/x-icon", ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
"""By extension; fixed here rather than taken from the machine's /etc/mime.types, which varies."""

PAGEFIND_WASM = re.compile(r"(^|/)wasm\.[^/]+\.pagefind$")


def is_text(content_type: str) -> bool:
    return (content_type.startswith("text/") or content_type.endswith(("+xml", "+json"))
            or content_type in ("application/json", "application/xml", "application/javascript"))


def content_type(path: str) -> str:
    if PAGEFIND_WASM.search(path):
        return "application/wasm"
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    kind = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if is_text(kind) else kind


def cache_control(path: str) -> str:
    return IMMUTABLE if HASHED.match(path) else SHORT


def is_immutable(path: str) -> bool:
    return bool(HASHED.match(path))


def headers(path: str) -> dict[str, str]:
    """The object's headers as boto3's put_object takes them, for path relative to the site's root."""
    return {"ContentType": content_type(path), "CacheControl": cache_control(path)}
