"""Search in citizens' words (issue 26), through the real header box in Debian's Chromium on a
375 px phone: one browser, one page, every question typed as a person types it.

The questions (tests/citizen_questions.py) are written from how people ask, not from the aliases or
data/synonyms.yml. The figures are printed for the note; top-1 must reach the issue's target, 95%.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from browsing import AS_OF, DESKTOP, PHONE
from citizen_questions import QUESTIONS
from conftest import PROJECT

STAFF = ("/about/contributing/", "/about/data/", "/publishing/")  # hooks/portal_search.py STAFF_PAGES
PARTIAL = "没有完全匹配的结果，以下是相关的办事指南"
CLS = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done(total), 1000);
})"""


@pytest.fixture(scope="module")
def site(real_site):
    return real_site


@pytest.fixture(scope="module")
def phone(browser, origin):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(origin + "/")
    page.locator("label.md-header__button[for='__search']").tap()
    yield page
    context.close()


def ask(page, question: str) -> list[str]:
    """Type the question into the open header box key by key; the results' addresses, path#part."""
    box = page.locator("form[name='pt-search'] input")
    box.fill("")
    page.keyboard.type(question)
    page.locator(f"#pt-search-results[data-query='{question}']").wait_for(state="attached")
    return [a.get_attribute("href") for a in page.locator("#pt-search-results a").all()]


def where(href: str, origin: str) -> str:
    url = urlsplit(href)
    return url.path.removeprefix(urlsplit(origin).path) + (f"#{url.fragment}" if url.fragment else "")


def test_each_guide_carries_the_synonyms_of_the_groups_that_name_it_and_the_browser_reads_traditional_characters():
    import json

    from portal.load.portal import load_portal
    from portal.render.search_words import browser_words, index_words

    portal = load_portal(PROJECT, AS_OF)
    groups = yaml.safe_load((PROJECT / "data/synonyms.yml").read_text(encoding="utf-8"))["groups"]
    for group in (g for g in groups if g.get("guides")):
        for guide in portal.guides:
            carried = set(group["words"]) <= set(index_words(portal, guide))
            assert carried == (guide.id in group["guides"]), (guide.id, group["words"][0])
    for group in (g for g in groups if not g.get("guides")):  # by the guide's own words
        for guide in portal.guides:
            text = (PROJECT / portal.paths[("guide", guide.id)]).read_text(encoding="utf-8")
            assert (set(group["words"]) <= set(index_words(portal, guide))) == any(w in text for w in group["words"]), guide.id
    words = json.loads(browser_words(portal))
    assert {"證": "证", "帶": "带", "錢": "钱"}.items() <= words["traditional"].items()
    assert words["traditional"].get("裡") == "里" or words["traditional"].get("裏") == "里"
    assert words["hotline"] == portal.site.complaint_line


def test_the_questions_are_many_and_not_the_aliases():
    assert len(QUESTIONS) >= 100
    aliases = {a for p in (PROJECT / "data/guides").glob("*.yml") for a in yaml.safe_load(p.read_text(encoding="utf-8"))["aliases"]}
    assert not [q for q, _, _ in QUESTIONS if q in aliases]


def test_citizens_questions_reach_the_guide_and_the_part_they_ask_for(phone, origin):
    top1, top3, misses = 0, 0, []
    for question, guide, section in QUESTIONS:
        wanted = f"/guides/{guide}/" + (f"#{section}" if section else "")
        found = [where(h, origin) for h in ask(phone, question)[:3]]
        hits = [f == wanted or (section is None and f.split("#")[0] == wanted) for f in found]
        top1 += bool(hits and hits[0])
        top3 += any(hits)
        if not (hits and hits[0]):
            misses.append(f"{question} → {wanted}: {found}")
    print(f"\ntop-1 {top1}/{len(QUESTIONS)} ({top1 / len(QUESTIONS):.1%}), top-3 {top3}/{len(QUESTIONS)} ({top3 / len(QUESTIONS):.1%})")
    print("\n".join(misses))
    assert top1 / len(QUESTIONS) >= 0.95, "\n".join(misses)  # the target


def test_staff_pages_stay_out_of_the_header_box(phone, origin):
    for question in ("数据字典", "校验提示怎么改", "怎样修改数据", "网站如何发布"):
        found = [where(h, origin) for h in ask(phone, question)]
        assert not [f for f in found if f.startswith(STAFF)], (question, found)


def test_a_question_no_page_holds_whole_gets_the_closest_guides_and_says_so(phone, origin):
    found = [where(h, origin) for h in ask(phone, "二胎 冰箱维修")]
    assert phone.locator(".md-search-result__meta").inner_text() == PARTIAL
    assert found[0].startswith("/guides/ertai-shengyuzheng/")


def test_nothing_at_all_offers_the_hotline_and_the_guides(phone, origin):
    site = yaml.safe_load((PROJECT / "data/site.yml").read_text(encoding="utf-8"))
    found = ask(phone, "冰箱维修")
    assert site["complaint_line"] in phone.locator(".md-search-result__meta").inner_text()
    assert f"tel:{site['complaint_line']}" in found
    assert [where(h, origin) for h in found if not h.startswith("tel:")] == ["/guides/"]


def test_search_page_finds_staff_pages_under_their_filter(browser, origin):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(origin + "/search/?q=数据字典&section=工作人员")
    page.locator(".pt-search-page__list[data-search]").wait_for(state="attached")
    page.wait_for_function("document.querySelector('.pt-search-page__list').dataset.search.includes('section')")
    found = [where(a.get_attribute("href"), origin) for a in page.locator(".pt-search-page__list h2 a").all()]
    assert found and all(f.startswith(STAFF) for f in found), found
    assert any(f.startswith("/about/data/") for f in found)
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_search_page_does_not_move_when_its_filters_fill_in(browser, origin, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(origin + "/search/?q=" + "上门办理")
    page.locator(".pt-search-page__list[data-search]").wait_for(state="attached")
    page.locator("fieldset[data-pt-filter='office'] .pt-search-page__count:not(:empty)").first.wait_for()
    assert page.evaluate(CLS) < 0.1
    page.close()


def test_the_menu_is_a_button_and_no_label_plays_one(browser, origin):
    page = browser.new_page(viewport=PHONE)
    page.goto(origin + "/guides/")
    assert page.locator("label[role]").count() == 0
    assert page.get_by_role("button", name="导航栏").count() == 1
    page.close()


def test_every_link_of_the_header_box_has_an_address(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    start = html.index("pt-search")
    links = [tag for tag in __import__("re").findall(r"<a\b[^>]*>", html[start:html.index("pt-search-strings")])]
    assert links and all(" href=" in tag for tag in links), links
    items = next(tag for tag in links if "pt-search__items" in tag)
    query = parse_qs(urlsplit(__import__("re").search(r'href="([^"]+)"', items).group(1)).query)
    assert query == {"section": ["整改事项"]}
