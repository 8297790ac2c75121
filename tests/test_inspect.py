"""`portal inspect` checks the built site against the 检查指标 (国办秘函〔2019〕19号) and the 47号 page
metadata: on the real site every measured indicator passes; on a broken copy each break is named,
with the indicator it fails; `portal publish` refuses a release that fails a 单项否决 item and
publishes the report as a staff page with every release it lets through."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from releasetools import portal, small_project
from sitetools import copy_project

HEADER = "| 指标 | 类别 | 结果 | 依据 | 在哪里改 |"
INDICATORS = ["站点无法访问（页面打不开）", "空白栏目", "首页和栏目不更新", "站内链接和锚点可用", "办事指南要素",
              "互动交流入口", "网站标识", "页面元数据", "无障碍标记"]


def rows(output: str) -> dict[str, list[str]]:
    found = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in INDICATORS:
            found[cells[0]] = cells[1:]
    return found


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """The real project with one break per indicator that the data can break."""
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    edit(project, "data/site.yml", "archived_on: 2014-10-01\n", "")  # a finished campaign no longer archived
    edit(project, "data/site.yml", 'site_code: "3707000099"\n', "")
    guide = project / "data" / "guides" / "ertai-shengyuzheng.yml"
    guide.write_text(re.sub(r"(?m)^remedy:\n(  .*\n)+", "", guide.read_text(encoding="utf-8")), encoding="utf-8")
    edit(project, "data/rules/ab-jiao.yml", "**第五条** 因A角、B角同时不在岗",
         "**第五条** 见[办理须知](https://example.org/weifang-jisheng/no-such-page/)。因A角、B角同时不在岗")
    return project


def test_the_real_site_passes_every_indicator_it_measures(tmp_path):
    project = copy_project(tmp_path / "project")
    result = portal("inspect", "--as-of", "2014-09-30", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert HEADER in result.stdout
    table = rows(result.stdout)
    assert list(table) == INDICATORS
    for name, (kind, outcome, basis, fix) in table.items():
        assert outcome.startswith("通过"), f"{name}: {outcome}"
        assert kind in ("单项否决", "扣分指标") and fix
        assert re.search(r"国办秘函〔2019〕19号|国办发〔2017〕47号", basis), f"{name} cites no indicator"
    assert "共 9 项指标，9 项通过。" in result.stdout


def test_a_broken_copy_names_each_break(broken):
    result = portal("inspect", "--as-of", "2014-12-31", cwd=broken)
    assert result.returncode == 1
    table = rows(result.stdout)
    failed = {name for name, (_, outcome, _, _) in table.items() if outcome.startswith("不通过")}
    assert failed == {"首页和栏目不更新", "站内链接和锚点可用", "办事指南要素", "网站标识"}
    assert "工作制度：183 天内没有更新（最近一次 2014-06-10）" in table["首页和栏目不更新"][1]
    assert "rules/ab-jiao/index.html  https://example.org/weifang-jisheng/no-such-page/" in table["站内链接和锚点可用"][1]
    assert "二胎生育证办理（再生育审批）：缺少救济途径" in table["办事指南要素"][1]
    assert "site.yml 没有写网站标识码" in table["网站标识"][1]
    assert "其中单项否决 1 项" in result.stdout


def _cut(site: Path, rel: str, pattern: str, new: str = "") -> None:
    path = site / rel
    text = path.read_text(encoding="utf-8")
    cut = re.sub(pattern, new, text, count=1, flags=re.S)
    assert cut != text, f"{rel}: nothing matched {pattern}"
    path.write_text(cut, encoding="utf-8")


def test_a_broken_build_names_each_break_of_its_pages(broken, tmp_path):
    """The indicators the pages themselves show, broken in a built copy (as a failed or tampered
    deployment would leave it): every indicator fails, each naming its page."""
    site = tmp_path / "site"
    assert portal("build", "-d", str(site), "--as-of", "2014-12-31", cwd=broken).returncode == 0
    (site / "rules" / "yici-gaozhi" / "index.html").unlink()
    _cut(site, "windows/index.html", r'(<article.*?</article>)', "<article><h1>办理窗口</h1></article>")
    _cut(site, "guides/fuwu-shouce/index.html", r'<a class="pt-feedback"[^>]*>.*?</a>')
    _cut(site, "timeline/index.html", r'<meta name="Keywords"[^>]*>')
    _cut(site, "about/index.html", r"</article>", '<img src="../assets/x.png"></article>')
    result = portal("inspect", "--site", str(site), "--as-of", "2014-12-31", cwd=broken)
    assert result.returncode == 1
    table = rows(result.stdout)
    failed = {name for name, (_, outcome, _, _) in table.items() if outcome.startswith("不通过")}
    assert failed == set(INDICATORS), result.stdout
    assert "rules/yici-gaozhi/index.html：缺少页面" in table["站点无法访问（页面打不开）"][1]
    assert "办理窗口（/windows/）的页面没有列出任何一条办理窗口" in table["空白栏目"][1]
    assert "guides/fuwu-shouce/index.html 没有“我要纠错/留言”链接" in table["互动交流入口"][1]
    assert "timeline/index.html 缺少 Keywords" in table["页面元数据"][1]
    assert "about/index.html 有图片没有替代文字（alt）" in table["无障碍标记"][1]
    assert "其中单项否决 3 项" in result.stdout


def test_publish_refuses_a_release_that_fails_a_veto_item(tmp_path):
    project = small_project(tmp_path / "project")  # passes every release check; only not archived
    edit(project, "data/site.yml", "archived_on: 2014-07-01\n", "")
    dest = tmp_path / "srv"
    result = portal("publish", "--dest", str(dest), "--as-of", "2014-12-31", cwd=project)
    assert result.returncode == 3, result.stderr
    assert "单项否决" in result.stderr and "首页和栏目不更新：不通过" in result.stderr
    assert not [p for p in (dest / "releases").iterdir()] and not (dest / "current").exists()


def test_publish_puts_the_report_on_a_staff_page(tmp_path):
    project = small_project(tmp_path / "project")
    dest = tmp_path / "srv"
    result = portal("publish", "--dest", str(dest), "--as-of", "2014-12-31", cwd=project)
    assert result.returncode == 0, result.stderr
    page = (dest / "current" / "admin" / "inspection" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page and "<script" not in page
    for name in INDICATORS:
        assert f'<th scope="row">{name}</th>' in page
    assert "国办秘函〔2019〕19号" in page and "数据截至 2014-12-31" in page
