"""Hostile text in every text field of every kind of record (tests/hostile.py): the built site shows
it as text and runs none of it, checked by parsing every page and by loading every page in Chromium.

The browser part bypasses the Content-Security-Policy on purpose: escaping and sanitising must hold
on their own (tests/test_csp.py checks the policy separately).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import AS_OF
from hostile import HOSTILE_URL, hostile_data, payloads
from portal.publish.build import build_site
from portal.render.pages import markdown_field
from portal.publish.site_links import check_site
from portal.load.portal import load_portal
from sitetools import copy_project, html_pages, page_url, scan, serve

@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    return copy_project(root / "project", hostile_data(root / "data"))


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    out = project.parent / "site"
    assert build_site(project, out, as_of=AS_OF) == 0
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- the corpus and the data -------------------------------------------------------------------


def test_the_corpus_has_forty_payloads_covering_the_classic_families():
    corpus = payloads()
    assert len(corpus) >= 40
    assert len(set(corpus)) == len(corpus), "a payload is listed twice"
    families = {
        "script tag": "<script>", "mixed case": "<ScRiPt>", "closing script": "</script><script>",
        "event handler": "onerror=", "SVG": "<svg", "MathML": "<math", "javascript URL": 'href="javascript:',
        "entity-encoded URL": "&#106;", "data URL": "data:text/html", "iframe": "<iframe", "object": "<object",
        "embed": "<embed", "style": "style=", "broken tag": "<scr<script>", "Jinja expression": "{{7*7}}",
        "Jinja statement": "{% raw %}{%{% endraw %}", "Markdown link": "[点我](javascript:",
        "attribute break": '" onmouseover="', "front matter": "---\ntitle:",
    }
    for family, marker in families.items():
        assert any(marker in p for p in corpus), f"no payload of the {family} family"


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_the_hostile_data_is_valid_and_carries_every_payload(project):
    """Payloads must reach the pages: the hostile data passes validation, and every payload is in it."""
    portal = load_portal(project, as_of=AS_OF)
    records = [portal.site, *portal.offices, *portal.guides, *portal.rules, *portal.events, *portal.items]
    texts = _strings([record.model_dump() for record in records])
    assert portal.site.name == payloads()[0]
    assert [p for p in payloads() if not any(p in text for text in texts)] == []


# --- the Markdown field on its own ----------------------------------------------------------------


@pytest.mark.parametrize("payload", payloads())
def test_a_markdown_field_never_turns_a_payload_into_live_markup(payload):
    for text in (payload, f"正文 {payload} 正文", f"- {payload}\n- 第二项", f"| 列 |\n| --- |\n| {payload} |"):
        assert scan(str(markdown_field(text))).found == [], text


def test_a_markdown_field_keeps_what_staff_legitimately_write():
    html = str(markdown_field("**第一条** 见[通知](https://www.gov.cn/a?b=1&c=2)。\n\n- 甲\n- 乙\n\n| 事项 | 时限 |\n| --- | --- |\n| 登记 | 即办 |"))
    assert "<strong>第一条</strong>" in html
    assert '<a href="https://www.gov.cn/a?b=1&amp;c=2" rel="noopener noreferrer">通知</a>' in html
    assert "<li>甲</li>" in html and "<td>即办</td>" in html


# --- the built HTML ----------------------------------------------------------------------------


@pytest.mark.slow
def test_no_page_contains_live_markup_from_the_data(site):
    findings = {page_url(site, page): scan(page.read_text(encoding="utf-8")).found for page in html_pages(site)}
    assert {url: found for url, found in findings.items() if found} == {}
    assert len(findings) >= 40  # every record's page was looked at


@pytest.mark.slow
def test_every_script_stylesheet_and_link_of_the_hostile_site_resolves(site, project):
    """Scripts come from the site's own files, and no text from the data broke a link or an anchor."""
    base_url = load_portal(project, as_of=AS_OF).site.base_url
    assert check_site(site, base_url) == []


@pytest.mark.slow
def test_every_plain_text_payload_is_shown_as_text(site):
    """What staff typed appears, character for character, as text: not dropped, not evaluated as a
    template ({{7*7}} stays {{7*7}}), not turned into markup."""
    shown = squash(" ".join(" ".join(scan(page.read_text(encoding="utf-8")).text) for page in html_pages(site)))
    missing = [p for p in payloads() if squash(p) not in shown]
    assert missing == []


@pytest.mark.slow
def test_page_titles_show_the_record_title_as_text(site, project):
    """Material prints the front-matter title into <title> unescaped: the front matter escapes it."""
    portal = load_portal(project, as_of=AS_OF)
    for item in portal.items:
        title = scan((site / "rectification" / item.id / "index.html").read_text(encoding="utf-8")).titles[0]  # the page's, not an SVG's
        assert squash(title) == squash(f"{item.id} {item.title} - {portal.site.name}")
    for guide in portal.guides:
        title = scan((site / "guides" / guide.id / "index.html").read_text(encoding="utf-8")).titles[0]
        assert squash(title) == squash(f"{guide.title} - {portal.site.name}")


@pytest.mark.slow
def test_hostile_urls_stay_inside_their_attribute(site):
    """Evidence, online-channel and official-account links keep the whole URL in href, with & and quotes
    escaped; 我要纠错/留言 adds the page's address and title, percent-encoded, before the fragment (but
    on 404.html, which is served at any address)."""
    hrefs, feedback = [], []
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        feedback += re.findall(r'<a class="pt-feedback" href="(https://example\.org/路径[^"]*)"', html)
        hrefs += re.findall(r'(?<!class="pt-feedback" )href="(https://example\.org/路径[^"]*)"', html)
    assert hrefs and feedback
    assert set(hrefs) == {HOSTILE_URL.replace("&", "&amp;")}
    address, fragment = HOSTILE_URL.replace("&", "&amp;").split("#")
    added = re.compile(re.escape(address) + r"&amp;url=[A-Za-z0-9%._+-]+&amp;title=[A-Za-z0-9%._+-]+#" + re.escape(fragment))
    assert [href for href in feedback if not added.fullmatch(href)] == [HOSTILE_URL.replace("&", "&amp;")]  # 404.html


# --- in Chromium ---------------------------------------------------------------------------------

DOM_CHECK = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      if (attr.name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
      if (/^(javascript|vbscript|data):/.test(value) && attr.name !== 'content') found.push(el.tagName + ' ' + attr.name + '=' + value.slice(0, 30));
    }
  }
  for (const el of document.querySelectorAll('iframe, frame, object, embed, base, style')) found.push(el.tagName);
  for (const s of document.scripts) {
    const data = ['application/json', 'application/ld+json'].includes(s.type);
    if (!data && (!s.src || new URL(s.src).origin !== location.origin)) found.push('script ' + (s.src || s.text.slice(0, 40)));
  }
  return found;
}"""


@pytest.mark.slow
def test_no_page_opens_a_dialog_or_has_live_markup_in_chromium(site, browser):
    with serve(site) as base:
        context = browser.new_context(bypass_csp=True)  # escaping must hold without the policy's help
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        findings = {}
        for path in html_pages(site):
            page.goto(base + page_url(site, path), wait_until="load")
            page.wait_for_timeout(50)  # let autofocus, ontoggle and media errors fire if they could
            found = page.evaluate(DOM_CHECK)
            if found:
                findings[page_url(site, path)] = found
        context.close()
    assert dialogs == []
    assert findings == {}


@pytest.mark.slow
def test_search_results_show_hostile_text_as_text_in_chromium(site, browser):
    """Pagefind's index and the search page put page text back into the DOM: it stays text there too."""
    with serve(site) as base:
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + "/search/?q=alert", wait_until="load")
        page.wait_for_selector(".pt-search-page__list li", timeout=30_000)
        page.wait_for_timeout(200)
        shown = page.inner_text(".pt-search-page__list")
        found = page.evaluate(DOM_CHECK)
        context.close()
    assert "alert(1)" in shown  # the results do show the hostile text
    assert (dialogs, found) == ([], [])
