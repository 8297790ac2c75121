"""The Content-Security-Policy (portal/render/csp.py): on every page before anything it governs, the same
as the nginx header in docs/csp.txt, strict (no inline script, no eval), and Material, the portal's
own scripts and Pagefind search still work under it in Chromium with no violation reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import PROJECT
from portal.render import csp
from sitetools import html_pages, page_url, serve

MATERIAL = Path(__import__("material").__file__).parent / "templates"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

# One page of every type, and what shows that its scripts ran.
PAGE_TYPES = {
    "/": "home", "/guides/": "list of guides", "/guides/fuwu-shouce/": "guide", "/rules/": "list of rules",
    "/rules/ab-jiao/": "rule", "/timeline/": "timeline", "/rectification/": "ledger",
    "/rectification/ZG-2014-001/": "item", "/about/": "hand-written page", "/opendata/": "open data",
    "/search/": "search", "/404.html": "not found",
}

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


def theme_pages(site: Path) -> list[Path]:
    """Every page built from the theme. The staff editor at /admin/ is a page of its own with its own,
    looser policy (portal/editor_config.page_policy): Decap CMS needs eval and inline styles."""
    return [page for page in html_pages(site) if page.relative_to(site).parts[0] != "admin"]


# --- the policy --------------------------------------------------------------------------------


def test_the_policy_refuses_inline_script_eval_plugins_and_other_hosts():
    directives = dict(part.split(" ", 1) for part in csp.header_policy().split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    for name, value in directives.items():
        assert "'unsafe-inline'" not in value, name
        assert "'unsafe-eval'" not in value, name
        assert "*" not in value and "http" not in value, f"{name} allows another host"
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"  # Pagefind compiles WebAssembly


def test_the_meta_tag_leaves_out_what_browsers_ignore_there():
    """frame-ancestors, report-uri and sandbox in a meta tag only produce a console warning."""
    for ignored in ("frame-ancestors", "report-uri", "sandbox"):
        assert ignored not in csp.meta_policy()


def test_docs_csp_txt_holds_the_same_policy_for_nginx():
    lines = [line for line in (PROJECT / "docs/csp.txt").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert lines == [csp.nginx_line()]
    assert csp.meta_policy() in csp.header_policy()


def test_every_page_carries_the_policy_before_any_script_or_stylesheet(site):
    pages = theme_pages(site)
    assert len(pages) >= 45
    for page in pages:
        html = page.read_text(encoding="utf-8")
        match = META.search(html)
        assert match, page_url(site, page)
        assert match.group(1).replace("&#39;", "'") == csp.meta_policy()
        for first in (html.find("<script"), html.find('<link rel="stylesheet"')):
            assert first == -1 or match.start() < first, page_url(site, page)


def test_no_page_has_inline_script_or_style_for_the_policy_to_block(site):
    """Material's inline scripts are moved into files; JSON data blocks are not scripts."""
    for page in theme_pages(site):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (page_url(site, page), tag)
        assert not re.search(r"<[^>]+\sstyle=", html), page_url(site, page)
        assert "<style" not in html, page_url(site, page)


@pytest.mark.parametrize("partial, script", [("base.html", "portal-md-scope.js"), ("content.html", "portal-md-target.js")])
def test_the_moved_scripts_are_materials_own(partial, script):
    """After an upgrade of Material, its inline scripts may change: the copies must follow."""
    theirs = re.findall(r"<script>(.*?)</script>", (MATERIAL / "partials/javascripts" / partial).read_text(encoding="utf-8"))
    ours = (PROJECT / "overrides/assets/javascripts" / script).read_text(encoding="utf-8").splitlines()[-1]
    theirs = [s.replace('"{{ config.extra.scope | d(base_url) }}"', "document.currentScript.dataset.mdScope") for s in theirs]
    assert ours == theirs[-1]  # content.html's first script links content tabs, which the portal does not use


# --- in Chromium ---------------------------------------------------------------------------------


def _open(browser, url: str):
    """A fresh page that records CSP violations and console messages about the policy."""
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url, wait_until="load")
    return page, messages


def test_every_page_type_works_under_the_policy_with_no_violation(site, browser):
    header = {"Content-Security-Policy": csp.header_policy()}  # as nginx sends it, on top of the meta tag
    with serve(site, headers=header) as base:
        for path, kind in PAGE_TYPES.items():
            page, messages = _open(browser, base + path)
            page.wait_for_timeout(200)
            ran = page.evaluate("() => [typeof __md_get, document.documentElement.classList.contains('js'),"
                                " getComputedStyle(document.querySelector('.md-header')).position]")
            violations = page.evaluate("() => window.__violations")
            page.close()
            assert (violations, messages) == ([], []), kind
            assert ran == ["function", True, "sticky"], f"{kind}: Material's scripts or styles did not run"


def test_search_finds_pages_under_the_policy(site, browser):
    """Both Pagefind bundles load under it: the main one, and the items' that /search/ merges in."""
    found = {}
    with serve(site, headers={"Content-Security-Policy": csp.header_policy()}) as base:
        for query, wanted in (("q=上门办理", "/guides/fuwu-shouce/"), ("q=白天开放&section=整改事项", "/rectification/ZG-2014-001/")):
            page, messages = _open(browser, base + "/search/?" + query)
            page.wait_for_selector(".pt-search-page__list li a", timeout=30_000)
            hrefs = page.eval_on_selector_all(".pt-search-page__list li a", "links => links.map(a => a.href)")
            found[query] = (any(wanted in href for href in hrefs), page.evaluate("() => window.__violations"), messages)
            page.close()
    assert found == {query: (True, [], []) for query in found}


def test_the_policy_stops_script_injected_into_a_page(site, browser):
    """Were escaping ever to fail, the policy would still stop the script: inject markup into a
    served page and see it blocked and reported."""
    injected = '<img src="x" onerror="alert(1)"><script>alert(2)</script><a id="pt-js" href="javascript:alert(3)">x</a>'
    with serve(site) as base:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.add_init_script(RECORD_VIOLATIONS)

        def inject(route):
            response = route.fetch()
            route.fulfill(response=response, body=response.text().replace("<h1>", injected + "<h1>", 1))

        page.route(base + "/guides/fuwu-shouce/", inject)
        page.goto(base + "/guides/fuwu-shouce/", wait_until="load")
        page.click("#pt-js")
        page.wait_for_timeout(200)
        violations = page.evaluate("() => window.__violations")
        page.close()
    assert dialogs == []
    assert len(violations) >= 3
    assert all(v.startswith("script-src") for v in violations)


def test_the_nginx_example_sends_the_same_header():
    assert csp.nginx_line() in (PROJECT / "docs/nginx.conf.example").read_text(encoding="utf-8")


def test_nginx_example_gives_the_editor_its_own_policy_and_only_the_editor():
    """Browsers enforce every policy they get: without its own block, the site-wide header would
    stop the /admin/ editor (Decap needs eval and inline styles) however loose its <meta> tag is."""
    from portal.render import editor as editor_config

    text = (PROJECT / "docs/nginx.conf.example").read_text(encoding="utf-8")
    block = text[text.index("location /admin/ {"):]
    block = block[: block.index("}")]
    assert f'add_header Content-Security-Policy "{editor_config.page_policy()}; frame-ancestors \'none\'" always;' in block
    assert text.count("'unsafe-eval'") == 1  # nowhere but the editor
