"""Every page's footer says who runs the site and how to reach them (site.yml): 主办 and 承办单位, the
网站标识码, the ICP and public-security filing numbers linked to where they are checked, the phones
as links to call, the official accounts as QR codes, and 我要纠错/留言 carrying the page's own address
and title; each guide page offers 好差评. A fork that leaves these out of site.yml gets none of
them, and no empty box where they would be.

The expected values are read from site.yml with plain PyYAML, not through the portal's models.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
import yaml

from conftest import AS_OF, PROJECT, VALID, copy_valid
from sitetools import copy_project, html_pages, page_url
from test_print import _matches, _qr_cells

SITE = yaml.safe_load((PROJECT / "data" / "site.yml").read_text(encoding="utf-8"))
GUIDES = sorted(p.stem for p in (PROJECT / "data" / "guides").glob("*.yml"))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def footer(html: str) -> str:
    """The footer's HTML (overrides/partials/copyright.html)."""
    start = html.index('<div class="md-copyright pt-footer">')
    return html[start: html.index("</footer>", start)]


def links(html: str) -> dict[str, str]:
    """Each link's text -> its address, as a reader finds them."""
    return {_text(text).strip(): unescape(href) for href, text in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, flags=re.S)}


def footed_pages(site: Path) -> list[Path]:
    """Every page that has the site's frame (the browser editor at /admin/ has its own)."""
    return [p for p in html_pages(site) if 'class="md-footer"' in p.read_text(encoding="utf-8")]


def test_site_yml_fills_every_footer_field_so_these_tests_see_them(site):
    for field in ("sponsor", "organizer", "site_code", "icp_number", "police_number", "media", "feedback", "evaluation_url"):
        assert SITE.get(field), f"data/site.yml leaves out {field}: the tests below would check nothing"


def test_every_page_says_who_runs_the_site_its_filings_and_phones_to_call(site):
    pages = footed_pages(site)
    assert len(pages) > 40
    police_digits = re.sub(r"[^0-9]", "", SITE["police_number"])
    for path in pages:
        html = footer(path.read_text(encoding="utf-8"))
        text, found = _text(html), links(html)
        where = page_url(site, path)
        assert f"主办单位：{SITE['sponsor']}" in text and f"承办单位：{SITE['organizer']}" in text, where
        assert f"网站标识码：{SITE['site_code']}" in text, where
        assert found[SITE["icp_number"]] == "https://beian.miit.gov.cn/", where
        assert found[SITE["police_number"]] == f"https://beian.mps.gov.cn/#/query/webSearch?code={police_digits}", where
        assert found[SITE["hotline"]] == f"tel:{SITE['hotline']}", where
        assert found[SITE["complaint_line"]] == f"tel:{SITE['complaint_line']}", where
        assert SITE["address"] in text, where


def test_every_official_account_is_named_with_a_qr_code_of_its_address(site):
    html = footer((site / "index.html").read_text(encoding="utf-8"))
    shown = re.findall(r'<li class="pt-media">(.*?)</li>', html, flags=re.S)
    assert len(shown) == len(SITE["media"])
    for account, entry in zip(SITE["media"], shown, strict=True):
        src, alt = re.search(r'<img src="([^"]+)" alt="([^"]+)"', entry).groups()
        assert account["platform"] in alt and account["name"] in alt and "二维码" in alt
        assert account["platform"] in _text(entry) and links(entry) == {account["name"]: account["url"]}
        svg = (site / src).read_text(encoding="utf-8")
        size = int(re.search(r'width="(\d+)"', svg).group(1)) // 4  # drawn at 4 px per module
        path = re.search(r'<path class="qrline"[^>]* d="([^"]+)"', svg).group(1)
        assert _matches(_qr_cells(path), size, account["url"]), f"{src} is not a QR code of {account['url']}"


def _feedback(html: str) -> str | None:
    found = re.findall(r'<a class="pt-feedback" href="([^"]*)"[^>]*>我要纠错/留言</a>', html)
    assert len(found) <= 1
    return unescape(found[0]) if found else None


def test_every_page_has_a_feedback_link_that_names_the_page_by_address_and_title(site):
    platform = SITE["feedback"]["url"]
    for path in footed_pages(site):
        html = path.read_text(encoding="utf-8")
        link = _feedback(html)
        where = page_url(site, path)
        assert link, f"{where} has no 我要纠错/留言 link"
        if path.name == "404.html":  # served at any address: no page to name
            assert link == platform
            continue
        assert link.startswith(platform + "?"), where
        query = parse_qs(urlsplit(link).query, strict_parsing=True)
        assert query["url"] == [SITE["base_url"].rstrip("/") + where], where
        title = unescape(re.search(r"<title>(.*?)</title>", html).group(1))
        assert [f"{query['title'][0]} - {SITE['name']}"] == [title], where


def test_the_feedback_link_of_a_guide_spells_its_title_in_percent_escapes(site):
    """What a browser sends to the platform: the Chinese title and the address URL-encoded, nothing raw."""
    guide = yaml.safe_load((PROJECT / "data/guides/fuwu-shouce.yml").read_text(encoding="utf-8"))
    link = _feedback((site / "guides/fuwu-shouce/index.html").read_text(encoding="utf-8"))
    query = urlsplit(link).query
    assert re.fullmatch(r"[A-Za-z0-9_.~%+&=-]+", query), query
    assert parse_qs(query)["title"] == [guide["title"]]


@pytest.mark.parametrize("guide_id", GUIDES)
def test_every_guide_page_offers_good_and_bad_reviews(site, guide_id):
    html = (site / "guides" / guide_id / "index.html").read_text(encoding="utf-8")
    start = html.index('<section class="pt-evaluation"')
    section = html[start: html.index("</section>", start)]
    assert "好差评" in _text(section)
    assert links(section)["去“好差评”评价"] == SITE["evaluation_url"]


def test_the_accessibility_statement_sends_the_public_to_the_feedback_link_not_the_repository(site):
    html = (site / "about/accessibility/index.html").read_text(encoding="utf-8")
    start = html.index('id="遇到问题怎么办"')
    section = _text(html[start: html.index("</article>", start)])
    assert "我要纠错/留言" in section
    assert "数据仓库" not in section and "代码" not in section


# --- a fork that leaves all of it out ---------------------------------------------------------------


def _badge_only(data: Path) -> None:
    """The small valid tree with a 党政机关网站标识 and nothing else of the footer's new fields."""
    (data / "identity").mkdir()
    segno.make("badge").save(str(data / "identity" / "dangzheng-jiguan.png"), scale=4)  # any real PNG
    site_yml = data / "site.yml"
    text = site_yml.read_text(encoding="utf-8").replace(
        "\nillustrative: true", "\ngov_badge:\n  image: dangzheng-jiguan.png\n"
        "  url: https://bszs.conac.cn/sitename?method=show&id=0000\nillustrative: true")
    site_yml.write_text(text, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("badge", [False, True], ids=["nothing", "only-the-badge"])
def test_a_fork_without_these_fields_gets_no_empty_box_for_them(tmp_path, badge):
    from portal.publish.build import build_site

    data = copy_valid(tmp_path / "valid") / "data"
    assert not {"sponsor", "site_code", "media", "feedback", "evaluation_url", "gov_badge"} & yaml.safe_load(
        (VALID / "data/site.yml").read_text(encoding="utf-8")).keys()
    if badge:
        _badge_only(data)
    project = copy_project(tmp_path / "project", data)
    out = tmp_path / "site"
    assert build_site(project, out, as_of=AS_OF) == 0
    for path in (out / "index.html", out / "guides/shengyu-fuwu/index.html", out / "404.html"):
        html = path.read_text(encoding="utf-8")
        box = footer(html)
        text = _text(box)
        for absent in ("主办单位", "承办单位", "网站标识码", "ICP", "公网安备", "二维码", "我要纠错"):
            assert absent not in text, f"{path.name}: {absent}"
        assert "pt-footer__owner" not in box and "pt-footer__filing" not in box and "pt-feedback" not in box
        assert "好差评" not in html and "pt-evaluation" not in html
        assert not re.search(r"<(p|ul|li|span)[^>]*>\s*</\1>", box), f"{path.name} has an empty element in its footer"
        assert "tel:0536-8230100" in box  # the phones every site.yml has are still there
        if badge:
            img = re.search(r'<a href="([^"]+)"><img src="([^"]+)" alt="党政机关网站标识（点击核验）"', box)
            assert img and unescape(img.group(1)) == "https://bszs.conac.cn/sitename?method=show&id=0000"
            assert img.group(2).endswith("identity/dangzheng-jiguan.png")
            assert (out / "identity/dangzheng-jiguan.png").read_bytes() == (data / "identity/dangzheng-jiguan.png").read_bytes()
        else:
            assert "pt-footer__marks" not in box and "党政机关" not in text
