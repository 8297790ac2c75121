"""No broken link or anchor inside the built site, and `portal links` lists the other websites the
data points to, with where each address is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import AS_OF, ITEM_FILE, PROJECT, run_portal
from portal.publish.site_links import BrokenLink, check_site
from portal.load.portal import load_portal

BASE_URL = "https://example.org/base/"


@pytest.fixture(scope="module")
def base_url() -> str:
    return load_portal(PROJECT, as_of=AS_OF).site.base_url


# --- the real site -----------------------------------------------------------------------------


def test_the_built_site_has_no_broken_internal_link_or_anchor(site, base_url):
    assert check_site(site, base_url) == []


def test_the_check_looks_at_every_page_and_its_links(site):
    """A check that read nothing would pass too: the record pages and their anchors are seen."""
    from portal.publish.site_links import _parse

    pages = sorted(site.rglob("*.html"))
    links = [link for page in pages for link in _parse(page).links]
    assert len(pages) >= 45
    assert any(link.startswith("../../rectification/ZG-2014-") for link in links)
    assert any("timeline/#" in link for link in links)  # item pages link to their event's anchor


def test_a_page_removed_from_a_copy_of_the_site_breaks_the_links_to_it(site, base_url, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "rules/ab-jiao/index.html").unlink()
    broken = check_site(copy, base_url)
    assert broken
    assert {b.reason for b in broken} == {"找不到文件 rules/ab-jiao/index.html"}
    assert "rules/index.html" in {b.page for b in broken}  # the list of rules links every rule


def test_an_anchor_removed_from_a_copy_of_the_timeline_is_reported(site, base_url, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    timeline = copy / "timeline/index.html"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace('id="walking-survey"', 'id="renamed"'),
                        encoding="utf-8")
    reasons = {b.reason for b in check_site(copy, base_url)}
    assert reasons == {"timeline/index.html 里没有锚点 #walking-survey"}


def test_portal_links_checks_a_built_site(site, tmp_path):
    ok = run_portal("links", "--site", str(site), cwd=PROJECT)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout.startswith("网站内部链接和锚点全部有效")
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "guides/fuwu-shouce/index.html").unlink()
    bad = run_portal("links", "--site", str(copy), cwd=PROJECT)
    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    assert lines[0].startswith("网站中有 ") and lines[0].endswith(" 个失效的内部链接或锚点：")
    assert "guides/index.html  ../guides/fuwu-shouce/  找不到文件 guides/fuwu-shouce/index.html" in lines


# --- the checker on a small site made by hand ---------------------------------------------------


def write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{html}</body></html>", encoding="utf-8")


def test_the_checker_tells_each_kind_of_broken_link(tmp_path):
    write(tmp_path / "index.html", """
      <a href="page/">ok</a> <a href="page/#here">ok anchor</a> <a href="#top-of-home">ok own anchor</a>
      <a href="https://example.org/base/page/">ok absolute</a> <a href="/base/page/">ok rooted</a>
      <a href="https://elsewhere.example/x">another site</a> <a href="mailto:a@example.org">mail</a>
      <a href="tel:12345">phone</a> <img src="data:image/png;base64,AAAA">
      <a href="missing/">gone</a> <a href="page/#nowhere">no anchor</a> <a href="#nothing">no own anchor</a>
      <a href="/elsewhere/page/">outside the site's path</a> <a href="../../etc/passwd">outside the folder</a>
      <link rel="stylesheet" href="css/gone.css"> <script src="js/gone.js"></script> <img src="img/gone.png">
      <span id="top-of-home"></span>""")
    write(tmp_path / "page/index.html", '<h2 id="here">here</h2> <a href="../index.html#top-of-home">back</a>')
    assert check_site(tmp_path, BASE_URL) == sorted([
        BrokenLink("index.html", "missing/", "找不到文件 missing/index.html"),
        BrokenLink("index.html", "page/#nowhere", "page/index.html 里没有锚点 #nowhere"),
        BrokenLink("index.html", "#nothing", "index.html 里没有锚点 #nothing"),
        BrokenLink("index.html", "/elsewhere/page/", "指向网站地址 /base/ 以外的路径"),
        BrokenLink("index.html", "../../etc/passwd", "指向网站文件夹以外"),
        BrokenLink("index.html", "css/gone.css", "找不到文件 css/gone.css"),
        BrokenLink("index.html", "js/gone.js", "找不到文件 js/gone.js"),
        BrokenLink("index.html", "img/gone.png", "找不到文件 img/gone.png"),
    ])


# --- portal links: other websites in the data ----------------------------------------------------


def test_portal_links_lists_each_other_website_once_with_every_place(valid_tree):
    item = valid_tree / ITEM_FILE
    item.write_text(item.read_text(encoding="utf-8").replace(
        "    note: 已制定 AB 角安排表。\n",
        "    note: 已制定 AB 角安排表。\n    evidence:\n"
        "      - title: 安排表\n        url: https://www.gov.cn/zhengce/ab.html\n"
        "      - title: 本站页面\n        url: https://example.org/test-portal/rules/shouwen-fuze/\n"), encoding="utf-8")
    rule = valid_tree / "data/rules/shouwen-fuze.yml"
    rule.write_text(rule.read_text(encoding="utf-8").replace(
        "  第一条 首先接待群众的工作人员为首问责任人。\n",
        "  第一条 首先接待群众的工作人员为首问责任人。\n\n"
        "  第二条 依据见 [国务院文件](https://www.gov.cn/zhengce/ab.html)，解读见（https://jiedu.example.net/1）。\n"),
        encoding="utf-8")
    result = run_portal("links", cwd=valid_tree)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "数据中指向其他网站的链接：共 4 个（只列出，未访问；请定期人工检查是否仍然有效）",
        "https://creativecommons.org/licenses/by/4.0/deed.zh-hans  data/site.yml:14:8",
        "https://github.com/example/test-portal  data/site.yml:10:8",
        "https://jiedu.example.net/1  data/rules/shouwen-fuze.yml:8:59",
        f"https://www.gov.cn/zhengce/ab.html  {ITEM_FILE}:23:14, data/rules/shouwen-fuze.yml:8:19",
    ]  # example.org is the site's own host (base_url): its addresses are not another website's


def test_portal_links_still_lists_the_readable_files_when_one_is_broken(valid_tree):
    (valid_tree / ITEM_FILE).write_text("id: [\n", encoding="utf-8")
    result = run_portal("links", cwd=valid_tree)
    assert result.returncode == 1
    assert "https://github.com/example/test-portal  data/site.yml:10:8" in result.stdout.splitlines()
    assert result.stderr.startswith(f"未能读取，其中的链接没有列出：{ITEM_FILE}:")
