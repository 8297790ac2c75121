"""Search, as citizens use it: the real site built from the real data, its Pagefind index, and the
header box and /search/ page in Debian's Chromium.

The queries are words from the middle of sentences in data/, each listed with the file it comes
from; the page that file becomes must be the first result. The header box does not search the
rectification items (their own bundle, which only /search/ loads), so a query from an item goes the
way a visitor's does: typed into the header box, then its link 在整改事项中搜索 to /search/.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import yaml
from playwright.sync_api import expect

import rawdata
from browsing import AS_OF, DESKTOP, PHONE, indexed_pages
from conftest import PROJECT
from portal.publish import search_index as pagefind_index
from portal.publish.search_index import BUNDLE, ITEMS_BUNDLE, SearchIndexError, index_site, main_glob
from portal.publish.release_checks import Release, search_index
from portal.load.portal import load_portal

QUERIES = [  # (query, the data file it is taken from)
    ("上门办理", "data/guides/fuwu-shouce.yml"),
    ("扫描件", "data/guides/fuwu-shouce.yml"),
    ("婚育证明", "data/guides/liudong-hunyu-zhengming.yml"),
    ("免费拍摄", "data/guides/liudong-hunyu-zhengming.yml"),
    ("内部流转", "data/guides/ertai-shengyuzheng.yml"),
    ("病残儿", "data/guides/ertai-shengyuzheng.yml"),
    ("行政复议", "data/guides/ertai-shengyuzheng.yml"),
    ("事有人办", "data/rules/ab-jiao.yml"),
    ("领导不在", "data/rules/shoujie-fuze.yml"),
    ("随到随办", "data/rules/gongzuo-guize.yml"),
    ("年度考核", "data/rules/xianshi-banjie.yml"),
    ("重复往返", "data/rules/yici-gaozhi.yml"),
    ("王尽美", "data/timeline.yml"),
    ("面对面接触", "data/timeline.yml"),
    ("轮流领学", "data/timeline.yml"),
    ("白天开放", "data/rectification/ZG-2014-001.yml"),
    ("不好意思", "data/rectification/ZG-2014-004.yml"),
    ("说话生硬", "data/rectification/ZG-2014-006.yml"),
    ("补贴偏低", "data/rectification/ZG-2014-009.yml"),
    ("专门请假", "data/rectification/ZG-2014-016.yml"),
    ("不知道该信", "data/rectification/ZG-2014-017.yml"),
    ("无从查询", "data/rectification/ZG-2014-026.yml"),
]
COLLOQUIAL = [  # (what people say, the guide whose aliases list it): the guide must come first
    ("准生证", "data/guides/fuwu-shouce.yml"),
    ("生育服务证", "data/guides/fuwu-shouce.yml"),
    ("准生手册", "data/guides/fuwu-shouce.yml"),
    ("计生手册", "data/guides/fuwu-shouce.yml"),
    ("二孩生育证", "data/guides/ertai-shengyuzheng.yml"),
    ("二胎准生证", "data/guides/ertai-shengyuzheng.yml"),
    ("二胎证", "data/guides/ertai-shengyuzheng.yml"),
    ("再生育证", "data/guides/ertai-shengyuzheng.yml"),
    ("打工证明", "data/guides/liudong-hunyu-zhengming.yml"),
    ("流动人口证明", "data/guides/liudong-hunyu-zhengming.yml"),
    ("外嫁女", "data/guides/liudong-hunyu-zhengming.yml"),
    ("计生热线", "data/guides/zhengce-zixun.yml"),
]
PAGE_QUERIES = [q for q in QUERIES if "rectification" not in q[1]]
ITEM_QUERIES = [q for q in QUERIES if "rectification" in q[1]]
SECTIONS = {"guides": "办事指南", "rules": "工作制度", "timeline": "活动时间轴", "rectification": "整改事项"}
ITEMS_LINK = "在整改事项中搜索“{}” →"  # the header box's link to /search/ for the items
BANNER = "逾期状态按此日期计算"  # the as-of banner above every page (overrides/main.html)
FOOTER = "开放数据采用"  # the licence line of every page's footer (overrides/partials/copyright.html)
TABS = "首页 办事指南 工作制度 活动时间轴"  # the tab bar


def page_of(data_file: str) -> str:
    """The address of the page a data file becomes: data/guides/x.yml -> /guides/x/."""
    path = Path(data_file)
    if path.name == "timeline.yml":
        return "/timeline/"
    return f"/{path.parent.name}/{path.stem}/"


def section_of(data_file: str) -> str:
    path = Path(data_file)
    return SECTIONS["timeline" if path.name == "timeline.yml" else path.parent.name]


ITEMS = {i["id"]: i for i in rawdata.items()}
"""Expected statuses come from the YAML (tests/rawdata.py), not from the models under test."""


@pytest.fixture(scope="module")
def portal():
    return load_portal(PROJECT, AS_OF)


@pytest.fixture(scope="module")
def header(browser, origin):
    """A desktop page whose header search box the query tests share, as one visitor would."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(origin + "/rules/")
    yield page
    context.close()


def path(url: str, origin: str) -> str:
    """/guides/x/ from http://127.0.0.1:port/weifang-jisheng/guides/x/#steps."""
    return urlsplit(url).path.removeprefix(urlsplit(origin).path)


def type_in_header(page, query: str) -> None:
    """Open the header box with "/", empty it and type the query, as a visitor would."""
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    page.locator("form[name='pt-search'] input").fill("")
    page.keyboard.type(query)
    page.locator(f"#pt-search-results[data-query='{query}']").wait_for(state="attached")


# --- the index -------------------------------------------------------------------------------------


def urls(found: list[dict]) -> list[str]:
    return sorted(f["url"] for f in found)


def test_the_build_indexes_every_content_page_in_chinese_and_nothing_else(site, browser, origin):
    with_body = sorted("/" + p.parent.relative_to(site).as_posix().removeprefix(".") for p in site.rglob("*.html")
                       if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    # sorted once the trailing / is gone, as with_body is: "/publishing-objectstore/" sorts before "/publishing/"
    indexed = sorted(u.rstrip("/") or "/" for u in urls(indexed_pages(browser, origin)))  # found from a page in Chinese
    assert indexed == [u.rstrip("/") or "/" for u in with_body]  # each page once, in one bundle or the other
    assert "/search" not in indexed and "/404.html" not in indexed
    main = urls(indexed_pages(browser, origin, BUNDLE))
    for name in ("guides", "rules", "rectification"):
        assert f"/{name}/" in main


def test_the_header_boxs_bundle_holds_no_item_page_and_the_items_bundle_every_one(site, browser, origin, portal):
    main = set(urls(indexed_pages(browser, origin, BUNDLE)))
    items = urls(indexed_pages(browser, origin, ITEMS_BUNDLE))
    assert items == sorted(f"/rectification/{i.id}/" for i in portal.items)
    assert not {u for u in main if u.startswith("/rectification/") and u != "/rectification/"}
    assert {f"/guides/{g.id}/" for g in portal.guides} | {f"/rules/{r.id}/" for r in portal.rules} <= main
    # The pages say where the items' bundle is, for /search/ (hooks/portal_search.py).
    assert f'data-pt-items="{ITEMS_BUNDLE}/"' in (site / "index.html").read_text(encoding="utf-8")


def test_a_site_without_items_gets_the_main_bundle_only(tmp_path, browser):
    """Pagefind writes no bundle for no pages: a portal with no items yet still builds its search."""
    from sitetools import serve

    body = '<html lang="zh"><body><main data-pagefind-body><h1>{}</h1><p>上门办理服务</p></main></body></html>'
    for page in ("index.html", "rules/a/index.html", "rectification/index.html", "rectification/ZG-2014-001/index.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text(body.format(page), encoding="utf-8")
    assert "ZG" not in main_glob(tmp_path)
    assert index_site(tmp_path) == {BUNDLE: 3, ITEMS_BUNDLE: 1}
    shutil.rmtree(tmp_path / "rectification" / "ZG-2014-001")
    assert index_site(tmp_path) == {BUNDLE: 3}
    assert not (tmp_path / ITEMS_BUNDLE).exists(), "a stale items bundle would still be searched"
    with serve(tmp_path) as origin:
        assert urls(indexed_pages(browser, origin, BUNDLE)) == ["/", "/rectification/", "/rules/a/"]


def test_thousands_of_items_are_indexed_in_several_bundles_each_page_once(tmp_path, monkeypatch, browser):
    """Pagefind's memory grows by about 140 KB a page: the items are indexed in runs of at most
    ITEMS_PER_BUNDLE pages (by the hundred of their ids), and a bundle left from a bigger ledger goes."""
    from sitetools import serve

    body = '<html lang="zh"><body><main data-pagefind-body><h1>{}</h1><p>上门办理服务</p></main></body></html>'
    ids = [f"ZG-2014-{n:03d}" for n in (1, 2, 99, 100, 150, 201)] + ["ZG-2015-001"]
    for page in ["index.html", "rectification/page/2/index.html", *(f"rectification/{i}/index.html" for i in ids)]:
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text(body.format(page), encoding="utf-8")
    (tmp_path / f"{ITEMS_BUNDLE}-2099-9").mkdir()  # stale
    monkeypatch.setattr(pagefind_index, "ITEMS_PER_BUNDLE", 3)
    assert pagefind_index.item_bundles(ids) == {
        ITEMS_BUNDLE: ["ZG-2014-0"], f"{ITEMS_BUNDLE}-zg-2014-1": ["ZG-2014-1", "ZG-2014-2"], f"{ITEMS_BUNDLE}-zg-2015-0": ["ZG-2015-0"]}
    counts = index_site(tmp_path)
    assert counts == {BUNDLE: 2, ITEMS_BUNDLE: 3,
                      f"{ITEMS_BUNDLE}-zg-2014-1": 3, f"{ITEMS_BUNDLE}-zg-2015-0": 1}
    assert not (tmp_path / f"{ITEMS_BUNDLE}-2099-9").exists()
    with serve(tmp_path) as origin:
        found = {b: urls(indexed_pages(browser, origin, b)) for b in counts}
    assert found == {BUNDLE: ["/", "/rectification/page/2/"],
                     ITEMS_BUNDLE: [f"/rectification/{i}/" for i in ("ZG-2014-001", "ZG-2014-002", "ZG-2014-099")],
                     f"{ITEMS_BUNDLE}-zg-2014-1": [f"/rectification/{i}/" for i in ("ZG-2014-100", "ZG-2014-150", "ZG-2014-201")],
                     f"{ITEMS_BUNDLE}-zg-2015-0": ["/rectification/ZG-2015-001/"]}


def test_an_item_page_pagefind_leaves_out_stops_the_build(tmp_path):
    """Pagefind skips a page without data-pagefind-body once any page has one: an item page made
    without it could never be found, so the count Pagefind prints must be every item page."""
    body = '<html lang="zh"><body><main data-pagefind-body><h1>{}</h1><p>上门办理服务</p></main></body></html>'
    for page in ("index.html", "rectification/ZG-2014-001/index.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text(body.format(page), encoding="utf-8")
    (tmp_path / "rectification/ZG-2014-002").mkdir()
    (tmp_path / "rectification/ZG-2014-002/index.html").write_text('<html lang="zh"><body><p>上门办理</p></body></html>', encoding="utf-8")
    with pytest.raises(SearchIndexError, match=f"{ITEMS_BUNDLE}/ has 2 item pages, Pagefind indexed 1$"):
        index_site(tmp_path)


def test_every_page_is_indexed_in_the_sites_language_whatever_its_lang_says(tmp_path):
    """Pagefind keeps one index per language and searches the one of the page it runs on: a page
    marked lang="en" by mistake is still found from the Chinese pages (force_language)."""
    body = '<html lang="{}"><body><main data-pagefind-body><h1>x</h1><p>上门办理服务</p></main></body></html>'
    for page, lang in (("index.html", "zh"), ("rules/a/index.html", "en")):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text(body.format(lang), encoding="utf-8")
    assert index_site(tmp_path, "zh") == {BUNDLE: 2}
    entry = json.loads((tmp_path / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {name: lang["page_count"] for name, lang in entry["languages"].items()} == {"zh": 2}


def test_the_release_check_wants_both_bundles(site, portal, tmp_path):
    assert search_index(Release(site, portal)) == []
    shutil.copytree(site / BUNDLE, tmp_path / BUNDLE)
    assert search_index(Release(tmp_path, portal)) == [f"{ITEMS_BUNDLE}/：缺少搜索索引"]


def test_the_index_holds_page_content_but_no_header_tabs_banner_or_footer(site, browser, origin):  # both bundles
    home = (site / "index.html").read_text(encoding="utf-8")
    assert BANNER in home and FOOTER in home, "the page chrome this test looks for has changed"
    found = indexed_pages(browser, origin)
    assert len(found) > 40
    for fragment in found:
        text = re.sub(r"\s+", " ", fragment["content"])
        assert BANNER not in text and FOOTER not in text and TABS not in text, fragment["url"]
        assert "数据仓库：查看" not in text  # the repository link in the header


def test_a_binary_without_chinese_word_segmentation_is_refused(tmp_path, monkeypatch):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Running Pagefind v1.5.2'\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))  # the API would start this one before the extended build
    with pytest.raises(SearchIndexError, match="not Pagefind's extended build"):
        index_site(tmp_path)


# --- the header box ----------------------------------------------------------------------------------


def test_the_colloquial_names_are_the_guides_own_aliases_and_enough():
    """Each query is one of its guide's aliases, or a part of one, written nowhere else in that
    guide's file: the guide is found by what people say, not by its official wording."""
    assert len(COLLOQUIAL) >= 10 and len({f for _, f in COLLOQUIAL}) == 4
    for query, data_file in COLLOQUIAL:
        guide = yaml.safe_load((PROJECT / data_file).read_text(encoding="utf-8"))
        assert any(query in alias for alias in guide["aliases"]), (query, data_file)
        rest = {k: v for k, v in guide.items() if k != "aliases"}
        assert query not in json.dumps(rest, ensure_ascii=False, default=str), f"{query} is in {data_file} outside aliases"


@pytest.mark.parametrize(("query", "data_file"), COLLOQUIAL, ids=[q for q, _ in COLLOQUIAL])
def test_a_name_people_say_finds_its_guide_first(header, origin, query, data_file):
    type_in_header(header, query)
    first = header.locator("#pt-search-results li").first
    assert path(first.locator("a").get_attribute("href"), origin) == page_of(data_file)
    assert first.locator(".pt-search__section").inner_text() == "办事指南"


def inside_a_sentence(query: str, data_file: str) -> None:
    text = (PROJECT / data_file).read_text(encoding="utf-8")
    assert re.search(rf"[\u4e00-\u9fff、，（《“]{re.escape(query)}", text), f"{query} is not inside a sentence of {data_file}"


def test_the_queries_are_enough():
    assert len(QUERIES) >= 15 and all(2 <= len(q) <= 6 for q, _ in QUERIES)
    assert len(PAGE_QUERIES) >= 15 and len(ITEM_QUERIES) >= 5


@pytest.mark.parametrize(("query", "data_file"), PAGE_QUERIES, ids=[q for q, _ in PAGE_QUERIES])
def test_a_word_from_the_middle_of_a_sentence_finds_its_page_first(header, origin, query, data_file):
    inside_a_sentence(query, data_file)
    type_in_header(header, query)
    first = header.locator("#pt-search-results li").first
    assert path(first.locator("a").get_attribute("href"), origin) == page_of(data_file)
    assert first.locator(".pt-search__section").inner_text() == section_of(data_file)
    assert query in first.locator("mark").all_inner_texts() or query in first.inner_text()


@pytest.mark.parametrize(("query", "data_file"), ITEM_QUERIES, ids=[q for q, _ in ITEM_QUERIES])
def test_a_word_from_an_item_finds_it_first_through_the_header_link_to_item_search(header, origin, portal, query, data_file):
    inside_a_sentence(query, data_file)
    type_in_header(header, query)
    shown = [path(a.get_attribute("href"), origin) for a in header.locator("#pt-search-results a").all()]
    assert not [u for u in shown if u.startswith("/rectification/ZG-")], "the header box searches no items"
    link = header.locator(".pt-search__items")
    expect(link).to_have_text(ITEMS_LINK.format(query))
    expect(link).to_have_accessible_name(ITEMS_LINK.format(query).removesuffix(" →"))  # the arrow is not read out
    link.click()
    wanted = urlencode({"q": query, "section": "整改事项"})
    header.locator(f".pt-search-page__list[data-search='{wanted}']").wait_for(state="attached")
    assert header.locator("input[name='section'][value='整改事项']").is_checked()
    first = header.locator(".pt-search-page__list > li").first
    assert path(first.locator("h2 a").get_attribute("href"), origin) == page_of(data_file)
    assert first.locator(".pt-search__section").inner_text() == "整改事项"
    assert query in first.locator("mark").all_inner_texts() or query in first.inner_text()
    item = portal.item_by_id[Path(data_file).stem]
    assert first.locator(".pt-status").first.inner_text() == item.status
    header.goto(origin + "/rules/")  # back where the other queries start


def test_an_item_number_typed_in_the_header_box_opens_that_item(browser, origin, portal):
    """Supervisors quote item numbers: lower case and without hyphens still go straight to the page."""
    item = portal.item_by_id["ZG-2014-011"]
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(origin + "/guides/")
    type_in_header(page, "zg2014-011")
    link = page.locator(".pt-search__items")
    expect(link).to_have_text("打开整改事项 ZG-2014-011 →")
    link.click()
    page.wait_for_url(origin + "/rectification/ZG-2014-011/")
    expect(page.locator("h1")).to_contain_text(item.title)
    context.close()


def test_the_header_box_downloads_nothing_of_the_items_bundle(browser, origin):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(origin + "/rectification/", wait_until="networkidle")
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(path(request.url, origin)))
    type_in_header(page, "整改")
    page.wait_for_load_state("networkidle")
    assert any(u.startswith(f"/{BUNDLE}/") and u.endswith(".pf_meta") for u in fetched)
    assert not [u for u in fetched if u.startswith(f"/{ITEMS_BUNDLE}/")]
    context.close()


def test_the_link_to_item_search_lists_only_items_each_with_its_status(browser, origin):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(origin + "/guides/")
    type_in_header(page, "工作人员")
    page.locator(".pt-search__items").click()
    wanted = urlencode({"q": "工作人员", "section": "整改事项"})
    page.locator(f".pt-search-page__list[data-search='{wanted}']").wait_for(state="attached")
    results = all_results(page, origin)
    assert len(results) > 1
    assert all(re.fullmatch(r"/rectification/ZG-\d{4}-\d{3}/", u) for u in results), results
    for li in page.locator(".pt-search-page__list > li").all():
        item = ITEMS[path(li.locator("h2 a").get_attribute("href"), origin).split("/")[2]]
        assert li.locator(".pt-search__section").inner_text() == "整改事项"
        assert li.locator(".pt-status").first.inner_text() == rawdata.status(item)
    context.close()


def test_the_header_box_works_from_the_keyboard(browser, origin):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    page.goto(origin + "/guides/")
    page.keyboard.press("/")
    box = page.get_by_role("textbox", name="搜索").first
    expect(box).to_be_focused()
    page.keyboard.type("一次性告知")  # on guides and rules: several results (staff pages are not in the box)
    page.locator("#pt-search-results[data-query='一次性告知']").wait_for(state="attached")
    links = page.locator("#pt-search-results a")
    assert links.count() >= 3
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(0)).to_be_focused()
    target = links.nth(0).get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(urlsplit(target).path)))
    page.keyboard.press("/")
    page.keyboard.type("王尽美")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    expect(box).not_to_be_focused()
    assert hosts == {"127.0.0.1"}, "search must load nothing from another host"
    context.close()


def test_on_a_phone_the_header_box_opens_searches_and_leads_to_the_page(browser, origin, portal):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(origin + "/rectification/")
    box = page.get_by_role("textbox", name="搜索").first
    assert not page.locator("#__search").is_checked()
    page.locator("label.md-header__button[for='__search']").tap()
    expect(box).to_be_focused()
    expect(box).to_be_in_viewport()
    page.keyboard.type("王尽美")
    page.locator("#pt-search-results[data-query='王尽美']").wait_for(state="attached")
    first = page.locator("#pt-search-results a").first
    expect(first).to_be_in_viewport()
    # Material opens the phone search panel with a 250 ms transition of its size: what a person sees
    # is the settled panel, so wait (bounded) for the result to fit the screen, then measure it.
    # The screen's width, not window.innerWidth: on a busy machine the measure could fall in a moment
    # when the layout was still wider than the phone, and pass on that wider width.
    page.wait_for_function("""(width) => { const r = document.querySelector('#pt-search-results a').getBoundingClientRect();
                                           return r.left >= 0 && r.right <= width; }""", arg=PHONE["width"], timeout=5000)
    area = first.bounding_box()
    assert area["x"] >= 0 and area["x"] + area["width"] <= PHONE["width"]
    first.tap()
    page.wait_for_url(re.compile(r"/timeline/"))
    event = next(e for e in portal.events if "王尽美" in e.summary)
    assert urlsplit(page.url).fragment == event.id
    assert page.locator(f"[id='{event.id}']").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    context.close()


def test_on_a_phone_the_link_to_item_search_fits_and_leads_to_the_item(browser, origin):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(origin + "/")
    page.locator("label.md-header__button[for='__search']").tap()
    page.keyboard.type("说话生硬")
    page.locator("#pt-search-results[data-query='说话生硬']").wait_for(state="attached")
    link = page.locator(".pt-search__items")
    expect(link).to_be_in_viewport()
    page.wait_for_function("""(width) => { const r = document.querySelector('.pt-search__items').getBoundingClientRect();
                                           return r.left >= 0 && r.right <= width; }""", arg=PHONE["width"], timeout=5000)
    link.tap()
    page.locator(f".pt-search-page__list[data-search='{urlencode({'q': '说话生硬', 'section': '整改事项'})}']").wait_for(state="attached")
    first = page.locator(".pt-search-page__list > li").first
    first.scroll_into_view_if_needed()  # below the filters on a phone, as a visitor scrolls to it
    area = first.bounding_box()
    assert area["x"] >= 0 and area["x"] + area["width"] <= PHONE["width"]
    assert path(first.locator("h2 a").get_attribute("href"), origin) == "/rectification/ZG-2014-006/"
    assert first.locator(".pt-status").first.inner_text() == rawdata.status(ITEMS["ZG-2014-006"])
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    context.close()


# --- the /search/ page and its filters --------------------------------------------------------------


def search_page(browser, origin, **params):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    query = urlencode(params, doseq=True)
    page.goto(origin + "/search/" + (f"?{query}" if query else ""))
    page.locator(f".pt-search-page__list[data-search='{query}']").wait_for(state="attached")
    return page


def all_results(page, origin) -> list[str]:
    """Every result's address, pressing 显示更多结果 until it goes."""
    more = page.get_by_role("button", name="显示更多结果")
    while more.is_visible():
        shown = page.locator(".pt-search-page__list > li").count()
        more.click()
        page.locator(".pt-search-page__list > li").nth(shown).wait_for()
    return [path(a.get_attribute("href"), origin) for a in page.locator(".pt-search-page__list h2 a").all()]


def test_filtering_by_status_lists_exactly_the_items_in_that_status(browser, origin):
    page = search_page(browser, origin)
    page.locator("input[name='status'][value='整改中']").check()
    page.locator(".pt-search-page__list[data-search='status=%E6%95%B4%E6%94%B9%E4%B8%AD']").wait_for(state="attached")
    expected = {f"/rectification/{i['id']}/" for i in ITEMS.values() if rawdata.status(i) == "整改中"}
    assert expected
    assert sorted(all_results(page, origin)) == sorted(expected)
    assert set(page.locator(".pt-search-page__list .pt-status").all_inner_texts()) <= {"整改中", "逾期"}
    assert "status=%E6%95%B4%E6%94%B9%E4%B8%AD" in page.url  # the address shares the filtered list
    page.context.close()


def test_filtering_by_office_lists_exactly_that_offices_records(browser, origin, portal):
    office = max(portal.offices, key=lambda o: sum(i.office == o.id for i in portal.items))
    page = search_page(browser, origin, office=office.name)
    expected = {f"/guides/{g.id}/" for g in portal.guides if g.office == office.id}
    expected |= {f"/rules/{r.id}/" for r in portal.rules if r.office == office.id}
    expected |= {f"/rectification/{i.id}/" for i in portal.items if i.office == office.id}
    assert sorted(all_results(page, origin)) == sorted(expected)
    assert page.locator(f"input[name='office'][value='{office.name}']").is_checked()
    page.context.close()


def test_section_and_status_together_page_through_every_matching_item(browser, origin):
    page = search_page(browser, origin, section="整改事项", status="已完成")
    expected = {f"/rectification/{i['id']}/" for i in ITEMS.values() if rawdata.shown_status(i) == "已完成"}
    assert len(expected) > 10, "this test is meant to need 显示更多结果"
    assert sorted(all_results(page, origin)) == sorted(expected)
    page.context.close()


def test_a_query_with_a_section_filter_keeps_to_that_section(browser, origin, portal):
    page = search_page(browser, origin, q="工作人员", section="工作制度")
    results = all_results(page, origin)
    assert results and all(r.startswith("/rules/") for r in results)
    assert set(page.locator(".pt-search-page__list .pt-search__section").all_inner_texts()) == {"工作制度"}
    page.context.close()
