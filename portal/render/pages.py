"""Turn the validated Portal into Markdown pages (with escaped HTML blocks) for MkDocs.

Plain-text fields are escaped by Jinja's autoescape and sit inside raw HTML blocks, so Markdown
never interprets them; Markdown fields (a rule's body) go through `markdown_field`, which renders
them with raw HTML turned off and then sanitises them with an allowlist.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import jinja2
import markdown as md
import nh3
from markupsafe import Markup

from portal.china import cn_date
from portal.checks.corrections import describe as describe_field
from portal.model.addresses import history_url, url as public_url
from portal.model import records
from portal.model.status import Status
from portal.render.paging import Pager, paginate
from portal.model.dataset import Portal
from portal.render.qrcode import qr_svg

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a", "hr", "span", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def markdown_field(text: str) -> Markup:
    """A data field written in Markdown, rendered and then reduced to a safe allowlist."""
    converter = md.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    # Raw HTML in a data field is shown as the text staff typed rather than passed on (an unclosed
    # <style> would silently swallow the rest of the text); the sanitiser stays a second line.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    html = converter.convert(text)
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer"))


def field_title(model: str, name: str) -> str:
    """A field's Chinese name, by model name, for a table's column heading: 责任科室 for
    ("RectificationItem", "office"), as the CSV files, the editor and the data dictionary call it."""
    return getattr(records, model).model_fields[name].title


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("portal.render", "templates/pages"),
        autoescape=True,  # every data value is text unless a template says otherwise
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(cn_date=cn_date, markdown=markdown_field, status_class=Status.css_class_of, qr_svg=qr_svg)
    env.globals.update(Status=Status, field_title=field_title, days_between=days_between,
                       public_url=public_url, describe_field=describe_field, history_url=history_url)
    return env


# How much a list page holds. Chosen so that a page stays well under issue 8's 40 KB at 10,000 records,
# with room for long Chinese titles: Material's header, tabs and footer take about 19 KB of every
# page, a ledger row 220-300 bytes, a guide card about 500, a rule card about 400 (35 KB at most
# in the synthetic portal). tests/test_synthetic.py checks the sizes.
LEDGER_ROWS = 40
"""Rows of the item table per page: the ledger's, the overdue list's and an event's outcomes."""
OVERDUE_SHOWN = 10
"""Overdue items listed on the ledger itself, longest overdue first; more get their own list."""
TIMELINE_BYTES = 18_000
"""A timeline page lists each event's rectification items in place while its own content stays
within this many bytes (the theme adds about 19 KB); otherwise every event on it links to a page
listing its items. The real timeline, 12 events and 21 items, is 15 KB with its lists."""
GUIDE_CARDS = 25
RULE_CARDS = 30
FIGURES_SHOWN = 12
"""The timeline's figures on the home page; the rest stay on the timeline."""


def _front_matter(title: str, **extra) -> str:
    # MkDocs reads this as YAML; JSON strings are valid YAML and leave nothing to interpretation.
    # Titles are HTML-escaped because Material prints page.meta.title into <title> unescaped.
    lines = [f"title: {json.dumps(str(Markup.escape(title)), ensure_ascii=False)}"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


UNSEARCHED = {"search": {"exclude": True}}
"""Front matter of list pages the search index leaves out: their rows are ignored by it anyway, and
the records they list have their own pages; indexed, a search for 整改 would find a hundred of them."""


def _numbered(title: str, pager: Pager) -> str:
    return title if pager.number == 1 else f"{title}（第 {pager.number} 页）"


@dataclass(frozen=True)
class GuideEntry:
    """A guide as the guide index lists it: under one audience and its category."""

    audience_no: int  # 1 个人, 2 法人: the h2's id, audience-1 or audience-2
    audience: str
    category: str
    anchor: str  # the category's h3 id when the index has several pages: category-1-3
    guide: object


@dataclass(frozen=True)
class CategoryStart:
    category: str
    anchor: str
    count: int
    page: int  # the index page where the category begins


def guide_entries(portal: Portal) -> list[GuideEntry]:
    """Every card of the guide index in order: 个人 then 法人, by category then title."""
    entries = []
    for audience_no, audience in enumerate(("个人", "法人"), start=1):
        categories: dict[str, int] = {}
        for guide in portal.guides_for(audience):
            number = categories.setdefault(guide.category, len(categories) + 1)
            entries.append(GuideEntry(audience_no, audience, guide.category, f"category-{audience_no}-{number}", guide))
    return entries


def _sections(entries) -> list[tuple[int, str, list[tuple[str, str, list]]]]:
    """One page's entries as [(audience_no, audience, [(category, anchor, guides)])], in order."""
    sections: list = []
    for e in entries:
        if not sections or sections[-1][0] != e.audience_no:
            sections.append((e.audience_no, e.audience, []))
        categories = sections[-1][2]
        if not categories or categories[-1][1] != e.anchor:
            categories.append((e.category, e.anchor, []))
        categories[-1][2].append(e.guide)
    return sections


def _contents(pages: list[Pager]) -> list[tuple[str, list[CategoryStart]]]:
    """For each audience, its categories with their sizes and the page each begins on."""
    starts: dict[str, dict[str, CategoryStart]] = {}
    for pager in pages:
        for e in pager.rows:
            mine = starts.setdefault(e.audience, {})
            found = mine.get(e.anchor)
            mine[e.anchor] = CategoryStart(e.category, e.anchor, 1, pager.number) if found is None \
                else CategoryStart(found.category, found.anchor, found.count + 1, found.page)
    return [(audience, list(categories.values())) for audience, categories in starts.items()]


def render_pages(portal: Portal) -> Iterator[tuple[str, str, str | None]]:
    """Yield (page path under docs/, Markdown text, data file it comes from or None).

    Each template is compiled once; every record is rendered into a bounded number of pages (its own
    and one row or card of a list), so the work grows in step with the data.
    """
    env = environment()
    common = {"portal": portal, "site": portal.site, "as_of": portal.as_of}
    template = {name: env.get_template(name) for name in (
        "home.md.j2", "guides.md.j2", "guide.md.j2", "rules.md.j2", "rule.md.j2", "timeline.md.j2",
        "ledger.md.j2", "item_list.md.j2", "item.md.j2")}

    def page(name: str, title: str, front: dict | None = None, **context) -> str:
        return _front_matter(title, **(front or {})) + template[name].render(**common, **context)

    yield "index.md", page("home.md.j2", portal.site.name, figures_shown=FIGURES_SHOWN), "data/site.yml"

    guide_pages = paginate(guide_entries(portal), GUIDE_CARDS, "guides/")
    contents = _contents(guide_pages) if len(guide_pages) > 1 else []
    for pager in guide_pages:
        yield pager.source, page("guides.md.j2", _numbered("办事指南", pager), None if pager.number == 1 else UNSEARCHED,
                                 pager=pager, sections=_sections(pager.rows), contents=contents), None
    for guide in portal.guides:
        yield f"guides/{guide.id}.md", page("guide.md.j2", guide.title, guide=guide), portal.paths[("guide", guide.id)]

    for pager in paginate(portal.rules, RULE_CARDS, "rules/"):
        yield pager.source, page("rules.md.j2", _numbered("工作制度", pager), None if pager.number == 1 else UNSEARCHED,
                                 pager=pager), None
    for rule in portal.rules:
        yield f"rules/{rule.id}.md", page("rule.md.j2", rule.title, rule=rule), portal.paths[("rule", rule.id)]

    listed_apart: list = []  # events whose items are listed on their own pages
    for year in portal.timeline_years:
        title = "活动时间轴" if year == portal.timeline_years[0] else f"活动时间轴：{year}年"
        text = page("timeline.md.j2", title, year=year, inline_outcomes=True)
        outcomes = [e for e in portal.events_by_year[year] if e.id in portal.items_by_event]
        if outcomes and len(text.encode("utf-8")) > TIMELINE_BYTES:
            text = page("timeline.md.j2", title, year=year, inline_outcomes=False)
            listed_apart += outcomes
        yield portal.timeline_page(year) + "index.md", text, "data/timeline.yml"

    yield from _ledger_pages(portal, page, listed_apart)
    for item in portal.items:
        yield (f"rectification/{item.id}.md", page("item.md.j2", f"{item.id} {item.title}", item=item),
               portal.paths[("rectification", item.id)])


def _ledger_pages(portal: Portal, page, listed_apart: list) -> Iterator[tuple[str, str, None]]:
    """The ledger and the item lists beside it. Each comes from every item file at once: no edit link."""
    ledger = paginate(portal.items, LEDGER_ROWS, "rectification/")
    yield "rectification/index.md", page("ledger.md.j2", "整改公开", pager=ledger[0], overdue_shown=OVERDUE_SHOWN), None
    for pager in ledger[1:]:
        yield pager.source, page("item_list.md.j2", f"全部整改事项（第 {pager.number} 页）", UNSEARCHED,
                                 pager=pager, kind="ledger", label="全部整改事项"), None
    if len(portal.overdue_by_lateness) > OVERDUE_SHOWN:
        for pager in paginate(portal.overdue_by_lateness, LEDGER_ROWS, "rectification/overdue/"):
            yield pager.source, page("item_list.md.j2", _numbered("逾期未办结事项", pager), UNSEARCHED,
                                     pager=pager, kind="overdue", label="逾期未办结事项"), None
    for event in listed_apart:
        for pager in paginate(portal.items_by_event[event.id], LEDGER_ROWS, f"rectification/event/{event.id}/"):
            yield pager.source, page("item_list.md.j2", _numbered(f"{event.title}：形成的整改事项", pager),
                                     UNSEARCHED, pager=pager, kind="event", event=event,
                                     label=f"{event.title}形成的整改事项"), None
