"""`portal inspect`: the built site checked against the 政府网站与政务新媒体检查指标 (国办秘函〔2019〕19号)
and the page metadata of 《政府网站发展指引》(国办发〔2017〕47号), as far as data and static pages show them.

Each Indicator names where it comes from (依据) and where staff fix a failure. The 单项否决 items (a
page that does not open, an empty column, a column not updated within the indicators' period) stop
`portal publish`; the scored items are reported. What a static site cannot show (security incidents,
answers to messages, uptime over the quarter) is listed in docs/inspection.md, not guessed at here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Callable

from portal.model import urls
from portal.model.dataset import Portal
from portal.model.kinds import KINDS
from portal.publish.release_checks import Release, record_pages
from portal.publish.site_links import check_site
from portal.render.pagemeta import NAMES

VETO = "单项否决"
SCORED = "扣分指标"
BASIS = "国办秘函〔2019〕19号"
UPDATE_PERIODS = {"rectification": 14, "timeline": 14, "rule": 183}
"""Days a column may go without an update (19号: 动态、要闻类栏目 2 周，通知公告、政策文件类 6 个月).
The ledger and the timeline report what happens; the rules are 政策文件. Guides are 办事服务, not counted."""
HOME_PERIOD = 14  # 19号: 首页栏目信息 2 周内须有更新
META = re.compile(r'<meta name="([A-Za-z]+)" content="([^"]*)"')


@dataclass(frozen=True)
class Finding:
    indicator: str  # 指标
    kind: str  # VETO or SCORED
    basis: str  # 依据
    fix: str  # where staff fix it
    problems: tuple[str, ...]  # empty when it passes
    note: str = ""  # what was measured, shown when it passes

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def result(self) -> str:
        if self.passed:
            return "通过" + (f"（{self.note}）" if self.note else "")
        shown = "；".join(self.problems[:5]) + (f"；等 {len(self.problems)} 处" if len(self.problems) > 5 else "")
        return f"不通过：{shown}"


@dataclass(frozen=True)
class Indicator:
    name: str
    kind: str
    basis: str
    fix: str
    measure: Callable[[Release], tuple[list[str], str]]  # (problems, what was measured)


STAFF = "admin/"
"""The staff's own pages (the browser editor, hooks/portal_editor.py, and this inspection's report):
tools behind the public site, not pages of it, so the public-page indicators leave them out."""
REPORT_PAGE = f"{STAFF}inspection/index.html"


def _pages(site: Path) -> list[Path]:
    """The public site's pages."""
    return sorted(p for p in site.rglob("*.html")
                  if p.name == "index.html" and not p.relative_to(site).as_posix().startswith(STAFF))


def pages_open(release: Release) -> tuple[list[str], str]:
    problems = record_pages(release)
    return problems, f"首页和 {len(release.record_urls())} 个栏目、记录页面都能打开"


def _shown_name(record) -> str:
    return getattr(record, "title", None) or getattr(record, "name", None) or record.id


def no_blank_columns(release: Release) -> tuple[list[str], str]:
    """A column is blank when the data has nothing for it, or when its page, as built, shows none of
    the records it has (a template or paging fault the data cannot show)."""
    blank = []
    columns = [kind for kind in KINDS if kind.segment and kind.records]
    for kind in columns:
        records = release.portal.of(kind)
        page = release.page(urls.section(kind.key))
        text = page.read_text(encoding="utf-8") if page.is_file() else ""
        if not records:
            blank.append(f"{kind.name}（/{urls.section(kind.key)}）没有内容")
        elif text and not any(escape(_shown_name(r), quote=False) in text for r in records):
            blank.append(f"{kind.name}（/{urls.section(kind.key)}）的页面没有列出任何一条{kind.name}")
    return blank, f"{len(columns)} 个栏目都有内容"


def _latest(portal: Portal, key: str) -> dt.date | None:
    """The last day a column's content changed, on or before the as-of date."""
    days: list[dt.date] = []
    if key == "rectification":
        days = [item.last_entry_on for item in portal.items]
    elif key == "timeline":
        for event in portal.events:
            days.append(min(event.recurrence.ends_on, portal.as_of) if event.recurrence else event.first_day)
    elif key == "rule":
        days = [rule.published_on or rule.effective_on for rule in portal.rules]
        days += [change.date for rule in portal.rules for change in rule.changes]
    days = [day for day in days if day <= portal.as_of]
    return max(days) if days else None


def columns_updated(release: Release) -> tuple[list[str], str]:
    portal = release.portal
    archived = portal.site.archived_on
    if archived is not None and archived <= portal.as_of:
        return [], f"本站为专题，已于 {archived.isoformat()} 归档，不再按更新周期检查"
    problems = []
    latest_any = [d for d in (_latest(portal, key) for key in UPDATE_PERIODS) if d is not None]
    if not latest_any or (portal.as_of - max(latest_any)).days > HOME_PERIOD:
        problems.append(f"首页：{HOME_PERIOD} 天内没有更新（最近一次 {max(latest_any).isoformat() if latest_any else '无'}）")
    for key, days in UPDATE_PERIODS.items():
        kind = next(k for k in KINDS if k.key == key)
        last = _latest(portal, key)
        if last is None or (portal.as_of - last).days > days:
            problems.append(f"{kind.name}：{days} 天内没有更新（最近一次 {last.isoformat() if last else '无'}）")
    return problems, f"按数据截至 {portal.as_of.isoformat()} 计算，各栏目都在更新周期内"


def links(release: Release) -> tuple[list[str], str]:
    broken = check_site(release.site, release.portal.site.base_url)
    return [str(b) for b in broken], f"{len(_pages(release.site))} 个页面的站内链接和锚点都有效"


GUIDE_ELEMENTS = (
    ("实施机关", lambda g: g.authority), ("行使层级", lambda g: g.levels),
    ("办理地点", lambda g: g.windows or g.channels.window),
    ("法定时限", lambda g: g.item_type == "公共服务" or g.time_limit.legal_days is not None),
    ("承诺时限", lambda g: g.time_limit.immediate or g.time_limit.promised_days is not None),
    ("咨询电话", lambda g: g.consult_phone), ("监督投诉电话", lambda g: g.complaint_phone),
    ("救济途径", lambda g: g.item_type == "公共服务" or g.remedy),
)
"""The elements of 国办函〔2016〕108号 a guide may still lack once it passes validation. 法定时限 and
救济途径 belong to the exercise of administrative power; a 公共服务 item has neither in law."""


def guide_elements(release: Release) -> tuple[list[str], str]:
    problems = [f"{guide.title}：缺少{name}" for guide in release.portal.guides for name, has in GUIDE_ELEMENTS
                if not has(guide)]
    return problems, f"{len(release.portal.guides)} 篇指南要素齐全"


def interaction(release: Release) -> tuple[list[str], str]:
    site, problems = release.portal.site, []
    if site.feedback is None:
        problems.append("site.yml 没有写我要纠错/留言网址 feedback")
    for page in _pages(release.site):
        html = page.read_text(encoding="utf-8")
        shown = page.relative_to(release.site).as_posix()
        if site.feedback is not None and 'class="pt-feedback"' not in html:
            problems.append(f"{shown} 没有“我要纠错/留言”链接")
        if f'href="tel:{site.hotline}"' not in html:
            problems.append(f"{shown} 没有咨询电话")
    return problems, f"{len(_pages(release.site))} 个页面底部都有纠错/留言链接和咨询电话"


def identity(release: Release) -> tuple[list[str], str]:
    site = release.portal.site
    facts = {"网站标识码": site.site_code, "ICP备案号": site.icp_number, "公安机关备案号": site.police_number,
             "主办单位": site.sponsor}
    problems = [f"site.yml 没有写{name}" for name, value in facts.items() if not value]
    home = (release.site / "index.html").read_text(encoding="utf-8") if (release.site / "index.html").is_file() else ""
    problems += [f"首页底部没有{name}“{value}”" for name, value in facts.items() if value and value not in home]
    return problems, "网站标识码、ICP 和公安备案号、主办单位都在页面底部"


def metadata(release: Release) -> tuple[list[str], str]:
    wanted = [n for n in NAMES if n != "SiteIDCode" or release.portal.site.site_code]
    problems = []
    for page in _pages(release.site):
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        found = [name for name, content in META.findall(head) if name in NAMES and content]
        missing = [n for n in wanted if n not in found]
        if missing:
            problems.append(f"{page.relative_to(release.site).as_posix()} 缺少 {'、'.join(missing)}")
    return problems, f"{len(_pages(release.site))} 个页面都有 {len(wanted)} 项元数据"


def accessibility(release: Release) -> tuple[list[str], str]:
    problems = []
    for page in _pages(release.site):
        html = page.read_text(encoding="utf-8")
        shown = page.relative_to(release.site).as_posix()
        if not re.search(r'<html[^>]+lang="zh', html):
            problems.append(f"{shown} 没有声明中文（lang）")
        if not re.search(r"<title>[^<]+</title>", html):
            problems.append(f"{shown} 没有标题")
        if re.search(r"<img(?![^>]*\balt=)[^>]*>", html):
            problems.append(f"{shown} 有图片没有替代文字（alt）")
        if "md-skip" not in html:
            problems.append(f"{shown} 没有“跳到正文”链接")
    return problems, "每页声明中文、有标题和“跳到正文”，图片都有替代文字"


INDICATORS = (
    Indicator("站点无法访问（页面打不开）", VETO, f"{BASIS} 单项否决指标“不可用”", "重新生成网站；仍缺页面时检查 data/ 与 hooks/", pages_open),
    Indicator("空白栏目", VETO, f"{BASIS} 单项否决指标“不更新·空白栏目”", "在 data/ 里为该栏目补充内容", no_blank_columns),
    Indicator("首页和栏目不更新", VETO, f"{BASIS} 单项否决指标“不更新”（动态类 2 周、政策文件类 6 个月）",
              "data/rectification/、data/timeline.yml、data/rules/；专题结束时在 data/site.yml 写 archived_on", columns_updated),
    Indicator("站内链接和锚点可用", SCORED, f"{BASIS} 网站可用性“链接可用性”", "报告里列出的页面及其数据文件", links),
    Indicator("办事指南要素", SCORED, f"{BASIS} 服务实用“办事服务·办事指南要素”；国办函〔2016〕108号", "data/guides/<编号>.yml", guide_elements),
    Indicator("互动交流入口", SCORED, f"{BASIS} 互动交流“留言办理”“咨询”", "data/site.yml 的 feedback、hotline", interaction),
    Indicator("网站标识", SCORED, f"{BASIS} 网站标识；国办发〔2017〕47号 网站标识码", "data/site.yml 的 site_code、icp_number、police_number、sponsor", identity),
    Indicator("页面元数据", SCORED, "国办发〔2017〕47号 附件“网页元数据”", "data/site.yml（站点）和各记录；portal/render/pagemeta.py", metadata),
    Indicator("无障碍标记", SCORED, f"{BASIS} 实用性“无障碍”；GB/T 37668-2019", "overrides/ 与各页面模板", accessibility),
)


def inspect(site: Path, portal: Portal) -> list[Finding]:
    release = Release(Path(site), portal)
    findings = []
    for indicator in INDICATORS:
        problems, note = indicator.measure(release)
        findings.append(Finding(indicator.name, indicator.kind, indicator.basis, indicator.fix, tuple(problems), note))
    return findings


def vetoed(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == VETO and not f.passed]


def table(findings: list[Finding]) -> str:
    """The report as a Markdown table in Chinese: 指标、类别、结果、依据、在哪里改."""
    def cell(text: str) -> str:
        return text.replace("|", "｜").replace("\n", " ")
    rows = ["| 指标 | 类别 | 结果 | 依据 | 在哪里改 |", "| --- | --- | --- | --- | --- |"]
    rows += [f"| {cell(f.indicator)} | {f.kind} | {cell(f.result)} | {cell(f.basis)} | {cell(f.fix)} |" for f in findings]
    failed = [f for f in findings if not f.passed]
    rows.append("")
    rows.append(f"共 {len(findings)} 项指标，{len(findings) - len(failed)} 项通过"
                + (f"，{len(failed)} 项不通过（其中单项否决 {len(vetoed(findings))} 项）。" if failed else "。"))
    return "\n".join(rows)


def staff_page(findings: list[Finding], portal: Portal) -> str:
    """The report as the staff page published with each release (admin/inspection/): a plain HTML
    table, no script, the public pages' metadata, and kept out of search engines."""
    from portal.render.pagemeta import page_metadata

    head = "".join(f'<meta name="{name}" content="{escape(content)}">'
                   for name, content in page_metadata(portal, "admin/inspection.md", "admin/inspection/", "网站自查报告"))
    rows = "".join(f"<tr><th scope=\"row\">{escape(f.indicator)}</th><td>{f.kind}</td><td>{escape(f.result)}</td>"
                   f"<td>{escape(f.basis)}</td><td>{escape(f.fix)}</td></tr>" for f in findings)
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="robots" content="noindex">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">{head}<title>网站自查报告</title></head><body>'
            f"<h1>网站自查报告</h1><p>按《政府网站与政务新媒体检查指标》（{BASIS}）和国办发〔2017〕47号检查，"
            f"数据截至 {portal.as_of.isoformat()}。</p><table><caption>检查结果</caption><thead><tr><th scope=\"col\">指标</th>"
            f'<th scope="col">类别</th><th scope="col">结果</th><th scope="col">依据</th><th scope="col">在哪里改</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></body></html>\n")


def cmd_inspect(args: argparse.Namespace) -> int:
    """Check the site against the 检查指标 and print the table; exit 1 when any indicator fails."""
    from portal.load.portal import load_portal
    from portal.load.problems import InvalidData
    from portal.publish.build import build_site

    root = Path(args.root).resolve()
    try:
        portal = load_portal(root, as_of=args.as_of)
    except InvalidData as exc:
        print(exc.report())
        return 1
    with tempfile.TemporaryDirectory(prefix="portal-inspect-") as scratch:
        site = Path(args.site).resolve() if args.site else Path(scratch) / "site"
        if not args.site and build_site(root, site, as_of=portal.as_of) != 0:
            print("网站生成失败，无法检查", file=sys.stderr)
            return 1
        findings = inspect(site, portal)
    print(table(findings))
    return 0 if all(f.passed for f in findings) else 1


def register(sub) -> None:
    p = sub.add_parser("inspect", help="按政府网站检查指标检查网站",
                       description="生成网站（或检查 --site 指定的已生成网站），按《政府网站与政务新媒体检查指标》"
                                   "（国办秘函〔2019〕19号）和国办发〔2017〕47号的网页元数据逐项检查，打印中文表格；"
                                   "有不通过的指标时退出状态为 1。")
    p.add_argument("--site", metavar="DIR", help="已生成的网站目录；不写则先生成到临时目录")
    p.set_defaults(func=cmd_inspect)
