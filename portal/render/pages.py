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
from pydantic import BaseModel
from markupsafe import Markup

from portal.china import cn_date
from portal.checks.corrections import describe as describe_field
from portal.model import records, urls
from portal.model.kinds import BY_KEY, KINDS, PLAIN_TEMPLATES, Kind
from portal.model.status import Status
from portal.render.paging import Pager, paginate
from portal.model.dataset import Portal
from portal.render.qrcode import qr_svg
from portal.render.search_words import index_words

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
    env.globals.update(Status=Status, field_title=field_title, urls=urls,  # urls: every address (portal/model/urls.py)
                       describe_field=describe_field, heading=heading, index_words=index_words)
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
PLAIN_ROWS = 50
"""Records per page of the section of a kind with no pages of its own design."""
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
    guides_page, guide_page = BY_KEY["guide"].templates
    rules_page, rule_page = BY_KEY["rule"].templates
    timeline_page, = BY_KEY["timeline"].templates
    ledger_page, item_page = BY_KEY["rectification"].templates
    plain = [kind for kind in KINDS if kind.segment and kind.templates == PLAIN_TEMPLATES]
    template = {name: env.get_template(name) for name in (
        "home.md.j2", guides_page, guide_page, rules_page, rule_page, timeline_page, ledger_page, "item_list.md.j2",
        item_page, *(PLAIN_TEMPLATES if plain else ()))}

    def page(name: str, title: str, front: dict | None = None, **context) -> str:
        return _front_matter(title, **(front or {})) + template[name].render(**common, **context)

    yield "index.md", page("home.md.j2", portal.site.name, figures_shown=FIGURES_SHOWN), "data/site.yml"

    guide_pages = paginate(guide_entries(portal), GUIDE_CARDS, urls.section("guide"))
    contents = _contents(guide_pages) if len(guide_pages) > 1 else []
    for pager in guide_pages:
        yield pager.source, page(guides_page, _numbered("办事指南", pager), None if pager.number == 1 else UNSEARCHED,
                                 pager=pager, sections=_sections(pager.rows), contents=contents), None
    for guide in portal.guides:
        yield urls.source(guide), page(guide_page, guide.title, guide=guide), portal.paths[("guide", guide.id)]

    for pager in paginate(portal.rules, RULE_CARDS, urls.section("rule")):
        yield pager.source, page(rules_page, _numbered("工作制度", pager), None if pager.number == 1 else UNSEARCHED,
                                 pager=pager), None
    for rule in portal.rules:
        yield urls.source(rule), page(rule_page, rule.title, rule=rule), portal.paths[("rule", rule.id)]

    listed_apart: list = []  # events whose items are listed on their own pages
    for year in portal.timeline_years:
        title = "活动时间轴" if year == portal.timeline_years[0] else f"活动时间轴：{year}年"
        text = page(timeline_page, title, year=year, inline_outcomes=True)
        outcomes = [e for e in portal.events_by_year[year] if e.id in portal.items_by_event]
        if outcomes and len(text.encode("utf-8")) > TIMELINE_BYTES:
            text = page(timeline_page, title, year=year, inline_outcomes=False)
            listed_apart += outcomes
        yield urls.index(urls.timeline(portal, year)), text, "data/timeline.yml"

    yield from _ledger_pages(portal, page, ledger_page, listed_apart)
    for item in portal.items:
        yield (urls.source(item), page(item_page, f"{item.id} {item.title}", item=item),
               portal.paths[("rectification", item.id)])
    for kind in plain:
        yield from _plain_pages(portal, kind, page)


def _plain_pages(portal: Portal, kind: Kind, page) -> Iterator[tuple[str, str, str | None]]:
    """A kind with no pages of its own design: its section, a page of the list at a time, and a page per record."""
    records = portal.of(kind)
    for pager in paginate(records, PLAIN_ROWS, urls.section(kind.key)):
        yield pager.source, page(kind.templates[0], _numbered(kind.name, pager), None if pager.number == 1 else UNSEARCHED,
                                 kind=kind, pager=pager), None
    for record in records:
        yield (urls.source(record), page(kind.templates[1], heading(record), kind=kind, record=record,
                                         rows=plain_rows(record)), portal.paths.get((kind.key, record.id)))


def heading(record) -> str:
    """A record's title, or its id when it has none."""
    return getattr(record, "title", None) or record.id


def plain_rows(record) -> list[tuple[str, str]]:
    """(Chinese title, value as text) of every field of a record that holds plain values and is not
    its heading: a list joined by "、", a date in Chinese, a flag as 是 or 否."""
    rows = []
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        if name in ("id", "title", "sources", "illustrative") or value is None or value == []:
            continue
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, BaseModel) for v in values):
            continue  # a nested part: shown by a page of the kind's own design
        shown = [cn_date(v) if isinstance(v, dt.date) else ("是" if v else "否") if isinstance(v, bool) else str(v)
                 for v in values]
        rows.append((info.title or name, "、".join(shown)))
    return rows


def _ledger_pages(portal: Portal, page, ledger_page: str, listed_apart: list) -> Iterator[tuple[str, str, None]]:
    """The ledger and the item lists beside it. Each comes from every item file at once: no edit link."""
    ledger = paginate(portal.items, LEDGER_ROWS, urls.section("rectification"))
    yield ledger[0].source, page(ledger_page, "整改公开", pager=ledger[0], overdue_shown=OVERDUE_SHOWN), None
    for pager in ledger[1:]:
        yield pager.source, page("item_list.md.j2", f"全部整改事项（第 {pager.number} 页）", UNSEARCHED,
                                 pager=pager, kind="ledger", label="全部整改事项"), None
    if len(portal.overdue_by_lateness) > OVERDUE_SHOWN:
        for pager in paginate(portal.overdue_by_lateness, LEDGER_ROWS, urls.overdue()):
            yield pager.source, page("item_list.md.j2", _numbered("逾期未办结事项", pager), UNSEARCHED,
                                     pager=pager, kind="overdue", label="逾期未办结事项"), None
    for event in listed_apart:
        for pager in paginate(portal.items_by_event[event.id], LEDGER_ROWS, urls.event_items(event.id)):
            yield pager.source, page("item_list.md.j2", _numbered(f"{event.title}：形成的整改事项", pager),
                                     UNSEARCHED, pager=pager, kind="event", event=event,
                                     label=f"{event.title}形成的整改事项"), None
