"""Long lists cut into pages (portal/render/paging.py), and what the renderer makes of them without a build:
the real data's ledger cut into pages of five rows, and a synthetic timeline spanning three years.

The built sites, with their sizes, links and search index, are checked in test_synthetic.py (200
records) and test_pages.py (the real data, which fits on one page of every list)."""

from __future__ import annotations

import posixpath
import re
from collections import Counter

import pytest

from conftest import AS_OF, PROJECT
from bench import synthetic
from portal.render import pages as render
from portal.exports import ics, tables
from portal.render.paging import paginate
from portal.load.portal import load_portal

HREF = re.compile(r'href="([^"#]*)(?:#([^"]*))?"')


# --- the pages of a list ----------------------------------------------------------------------------


def test_rows_are_cut_into_pages_of_the_given_size_each_row_on_exactly_one():
    pages = paginate(list(range(95)), 40, "rectification/")
    assert [len(p.rows) for p in pages] == [40, 40, 15]
    assert [row for p in pages for row in p.rows] == list(range(95))
    assert {p.count for p in pages} == {3} and {p.total for p in pages} == {95}
    assert [(p.first, p.last) for p in pages] == [(1, 40), (41, 80), (81, 95)]


def test_an_empty_or_short_list_is_one_page():
    assert [(p.number, p.count, list(p.rows)) for p in paginate([], 40, "x/")] == [(1, 1, [])]
    assert [(p.number, p.count) for p in paginate([1, 2], 40, "x/")] == [(1, 1)]
    with pytest.raises(ValueError):
        paginate([1], 0, "x/")
    with pytest.raises(ValueError):
        paginate([1], 1, "x")


def test_the_first_page_is_the_lists_own_folder_and_links_are_relative():
    first, second, third = paginate(list(range(5)), 2, "rectification/overdue/")
    assert (first.here, first.source, first.root) == ("rectification/overdue/", "rectification/overdue/index.md", "../../")
    assert (third.here, third.source) == ("rectification/overdue/page/3/", "rectification/overdue/page/3/index.md")
    assert third.root == "../../../../"
    assert third.href(1) == "../../../../rectification/overdue/"
    assert posixpath.normpath(posixpath.join(third.here, third.href(2))) == "rectification/overdue/page/2"
    assert posixpath.normpath(posixpath.join(first.here, first.href(3))) == "rectification/overdue/page/3"


@pytest.mark.parametrize(("number", "count", "shown"), [
    (1, 1, [1]),
    (1, 5, [1, 2, 3, 4, 5]),  # a gap of one number shows the number, not "…"
    (1, 6, [1, 2, 3, None, 6]),
    (1, 4, [1, 2, 3, 4]),
    (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    (6, 20, [1, None, 4, 5, 6, 7, 8, None, 20]),
    (243, 243, [1, None, 241, 242, 243]),
])
def test_the_pager_shows_the_ends_and_a_window_around_the_current_page(number, count, shown):
    pager = paginate(list(range(count)), 1, "rectification/")[number - 1]
    assert pager.numbers() == shown


def test_the_pager_never_grows_with_the_list():
    pages = paginate(list(range(10_000)), 1, "rectification/")
    assert max(len(p.numbers()) for p in pages) == 9


# --- the real ledger, cut into pages of five rows ---------------------------------------------------


def _pages(portal) -> dict[str, str]:
    """Rendered page folder ("rectification/page/2/") -> its HTML block, as MkDocs would publish it."""
    published = {}
    for path, text, _ in render.render_pages(portal):
        folder = path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"
        published["" if folder == "index.md" else folder] = text
    return published


def _links(folder: str, html: str) -> list[tuple[str, str]]:
    """(target folder, anchor) of every relative link of a page."""
    found = []
    for href, anchor in HREF.findall(html):
        if href.startswith(("http", "tel:", "mailto:")) or "." in href.rsplit("/", 1)[-1]:
            continue
        target = posixpath.normpath(posixpath.join(folder, href)) + "/" if href else folder
        found.append(("" if target == "./" else target, anchor or ""))
    return found


@pytest.fixture(scope="module")
def real():
    return load_portal(PROJECT, as_of=AS_OF)


def test_with_five_rows_a_page_the_real_ledger_has_six_pages_listing_every_item_once(real, monkeypatch):
    monkeypatch.setattr(render, "LEDGER_ROWS", 5)
    pages = _pages(real)
    ledger = ["rectification/"] + [f"rectification/page/{n}/" for n in range(2, 7)]
    assert [f for f in pages if f.startswith("rectification/") and "ZG-" not in f] == ledger
    listed = Counter()
    for folder in ledger:
        table = pages[folder][pages[folder].index('aria-label="全部整改事项"'):]
        table = table[: table.index("</table>")]
        listed.update(t for t, _ in _links(folder, table))
    assert listed == Counter(f"rectification/{item.id}/" for item in real.items)
    for folder in ledger:
        nav = re.search(r'<nav class="pt-pager" aria-label="分页">.*?</nav>', pages[folder], re.S).group()
        for target, _ in _links(folder, nav):
            assert target in ledger, (folder, target)
        assert re.search(rf'<a href="./" aria-current="page" aria-label="第 {ledger.index(folder) + 1} 页，当前页">', nav)
    assert "上一页" not in pages[ledger[0]] and "下一页" not in pages[ledger[-1]]
    assert "第 6—10 项" in pages["rectification/page/2/"]
    assert "search:" in pages["rectification/page/2/"].split("---")[1]  # left out of the search index


# --- a timeline of three years ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    made = synthetic.generate(tmp_path_factory.mktemp("three-years") / "portal", 2_000, seed=3)
    return load_portal(made.root, made.as_of)


def test_each_year_has_a_timeline_page_and_each_event_is_on_its_own_years_page(three_years):
    portal = three_years
    assert portal.timeline_years == (2014, 2015, 2016)
    pages = _pages(portal)
    assert [f for f in pages if f.startswith("timeline/")] == ["timeline/", "timeline/2015/", "timeline/2016/"]
    for event in portal.events:
        on = [f for f in ("timeline/", "timeline/2015/", "timeline/2016/") if f'id="{event.id}"' in pages[f]]
        assert on == [portal.event_page(event).split("#")[0]]
    assert portal.event_page(portal.events[0]) == f"timeline/#{portal.events[0].id}"  # the first year stays put
    nav = re.search(r'<nav class="pt-pager" aria-label="按年份">.*?</nav>', pages["timeline/2015/"], re.S).group()
    assert [t for t, _ in _links("timeline/2015/", nav)] == ["timeline/", "timeline/", "timeline/2015/", "timeline/2016/", "timeline/2016/"]
    assert 'aria-current="page" aria-label="2015年，当前页"' in nav


def test_every_link_between_the_rendered_pages_leads_to_a_page_and_anchor_that_exist(three_years):
    pages = _pages(three_years)
    ids = {folder: set(re.findall(r'\bid="([^"]+)"', html)) for folder, html in pages.items()}
    ids["opendata/"] = ids["about/data/"] = ids["search/"] = set()  # made by the other hooks
    checked = 0
    for folder, html in pages.items():
        for target, anchor in _links(folder, html):
            assert target in ids, (folder, target)
            assert not anchor or anchor in ids[target], (folder, target, anchor)
            checked += 1
    assert checked > 2 * len(three_years.items)  # a check that read nothing would pass too


def test_events_whose_items_are_listed_apart_link_to_a_list_of_exactly_those_items(three_years):
    portal = three_years
    pages = _pages(portal)
    apart = [e for e in portal.events if f'href="../../rectification/event/{e.id}/"' in pages.get("timeline/2015/", "")
             or f'href="../rectification/event/{e.id}/"' in pages["timeline/"]]
    assert apart, "a busy year's page lists its events' items apart"
    for event in apart:
        listed = Counter()
        folders = [f for f in pages if f.startswith(f"rectification/event/{event.id}/")]
        for folder in folders:
            table = pages[folder][pages[folder].index("<tbody>"): pages[folder].index("</tbody>")]
            listed.update(t for t, _ in _links(folder, table))
        assert listed == Counter(f"rectification/{i.id}/" for i in portal.items_by_event[event.id])
        first = pages[f"rectification/event/{event.id}/"]
        assert f'href="../../../{portal.event_page(event)}"' in first  # and back to the event


def test_open_data_and_the_calendar_point_at_the_events_year_page(three_years):
    portal = three_years
    later = next(e for e in portal.events if e.first_day.year == 2016)
    row = next(r for r in tables.TIMELINE.rows(portal) if r[1].id == later.id)
    url = next(c for c in tables.TIMELINE.columns if c.name == "url").get(row)
    assert url == f"{portal.site.base_url.rstrip('/')}/timeline/2016/#{later.id}"
    assert f"timeline/2016/#{later.id}" in ics.calendar(portal).decode("utf-8").replace("\r\n ", "")


# --- the guide and rule indexes, and the home page ----------------------------------------------------


def test_the_guide_index_lists_every_guide_once_under_each_of_its_audiences_across_its_pages(three_years):
    portal = three_years
    pages = _pages(portal)
    folders = [f for f in pages if f == "guides/" or f.startswith("guides/page/")]
    entries = sum(len(g.audience) for g in portal.guides)
    assert len(folders) == -(-entries // render.GUIDE_CARDS) > 1
    cards = Counter(t for f in folders for t, _ in _links(f, pages[f]) if re.fullmatch(r"guides/zhinan-\d+/", t))
    assert cards == Counter({f"guides/{g.id}/": len(g.audience) for g in portal.guides})
    index = pages["guides/"][pages["guides/"].index('id="categories"'): pages["guides/"].index('class="pt-pager__status"')]
    for target, anchor in _links("guides/", index):  # each category: the page and heading where it begins
        heading = re.search(rf'<h3 id="{anchor}">([^<]+)</h3>', pages[target]).group(1)
        audience = 1 if anchor.startswith("category-1-") else 2
        first = next(g for g in (portal.guides_for("个人" if audience == 1 else "法人")) if g.category == heading)
        after = pages[target].split(f'id="{anchor}"')[1]
        assert re.search(r'<a href="([^"]+)"><strong>', after).group(1) == f'{"../" * target.count("/")}guides/{first.id}/'


def test_the_rule_index_in_pages_lists_every_rule_once(three_years, monkeypatch):
    monkeypatch.setattr(render, "RULE_CARDS", 7)
    pages = _pages(three_years)
    folders = [f for f in pages if f == "rules/" or f.startswith("rules/page/")]
    assert folders == ["rules/", "rules/page/2/", "rules/page/3/"]
    listed = [t for f in folders for t, _ in _links(f, pages[f]) if re.fullmatch(r"rules/zhidu-\d+/", t)]
    assert listed == [f"rules/{r.id}/" for r in three_years.rules]


def test_the_home_page_shows_the_first_twelve_figures_and_sends_the_rest_to_the_timeline(three_years):
    home = _pages(three_years)[""]
    figures = three_years.campaign_figures
    assert len(figures) > render.FIGURES_SHOWN
    shown = re.findall(r"<li><strong>(\d+)</strong> (\S+)<span>([^<]+)</span></li>", home)
    assert shown == [(str(v), u, label) for v, u, label in figures[: render.FIGURES_SHOWN]]
    assert f'另有 {len(figures) - render.FIGURES_SHOWN} 个数字，见<a href="timeline/">活动时间轴</a>' in home
