"""The headers every file of the real site would be stored with in an object store
(portal/publish/object_headers.py): a type a browser understands, UTF-8 declared for text, a year's
caching only for names that change with their content, and no claimed compression."""

from __future__ import annotations

from pathlib import Path

from portal.publish import object_headers

TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".csv", ".atom", ".ics", ".xml", ".svg", ".map", ".txt", ".yml")


def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_every_text_file_of_the_site_declares_utf_8_and_nothing_else_does(real_site):
    for path in site_files(real_site):
        kind = object_headers.content_type(path)
        if path.endswith(TEXT_SUFFIXES):
            assert kind.endswith("; charset=utf-8"), (path, kind)
        else:
            assert "charset" not in kind, (path, kind)


def test_only_pagefind_index_files_and_names_without_a_suffix_go_out_as_bytes_of_no_named_type(real_site):
    untyped = [p for p in site_files(real_site) if object_headers.content_type(p) == "application/octet-stream"]
    pagefind = [p for p in untyped if p.startswith("pagefind") and ".pf_" in p]
    assert pagefind and set(untyped) - set(pagefind) <= {p for p in untyped if "." not in p.rsplit("/", 1)[-1]}, untyped


def test_pagefind_webassembly_is_application_wasm_and_gzip_files_are_not_content_encoded(real_site):
    wasm = [p for p in site_files(real_site) if p.endswith(".pagefind")]
    assert wasm and {object_headers.content_type(p) for p in wasm} == {"application/wasm"}
    for path in wasm:
        assert (real_site / path).read_bytes()[:2] == b"\x1f\x8b", "Pagefind ships its WebAssembly gzipped"
    assert object_headers.content_type("sitemap.xml.gz") == "application/gzip"
    assert all("ContentEncoding" not in object_headers.headers(p) for p in site_files(real_site))


def test_hashed_assets_are_cached_for_a_year_and_pages_feeds_and_open_data_for_a_minute(real_site):
    files = site_files(real_site)
    immutable = [p for p in files if object_headers.cache_control(p) == object_headers.IMMUTABLE]
    assert any(p.startswith("assets/stylesheets/main.") for p in immutable)
    assert any("/fragment/" in p for p in immutable) and any(p.endswith(".pf_meta") for p in immutable)
    for path in files:
        if path.endswith((".html", ".atom", ".ics", ".csv", ".json", ".xml", ".gz")) or path.startswith("files/"):
            assert object_headers.cache_control(path) == object_headers.SHORT, path
    # Names that do not change with their content never get the year: Pagefind's entry and loader,
    # a form in /files/ whose name happens to look like a hash.
    for path in ("pagefind/pagefind-entry.json", "pagefind/pagefind.js", "pagefind/wasm.zh.pagefind",
                 "files/report.20141231.min.css", "opendata/manifest.json"):
        assert object_headers.cache_control(path) == object_headers.SHORT, path
