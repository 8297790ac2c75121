"""Turn the validated Portal into Markdown pages (with escaped HTML blocks) for MkDocs.

Plain-text fields are escaped by Jinja's autoescape and sit inside raw HTML blocks, so Markdown
never interprets them; Markdown fields (a rule's body) go through `markdown_field`, which renders
them with raw HTML turned off and then sanitises them with an allowlist.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Iterator

import jinja2
import markdown as md
import nh3
from markupsafe import Markup

from portal.exports.links import url as public_url
from portal.models import CLOSED_STATUSES, STATUSES
from portal.portal import Portal
from portal.qrcode import qr_svg

STATUS_CLASS = {"已受理": "received", "整改中": "progress", "已完成": "done", "已答复": "answered"}
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


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("portal", "templates/pages"),
        autoescape=True,  # every data value is text unless a template says otherwise
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(cn_date=cn_date, markdown=markdown_field, status_class=STATUS_CLASS.get, qr_svg=qr_svg)
    env.globals.update(STATUSES=STATUSES, CLOSED_STATUSES=CLOSED_STATUSES, days_between=days_between,
                       public_url=public_url)
    return env


def _front_matter(title: str, **extra: str) -> str:
    # MkDocs reads this as YAML; JSON strings are valid YAML and leave nothing to interpretation.
    # Titles are HTML-escaped because Material prints page.meta.title into <title> unescaped.
    lines = [f"title: {json.dumps(str(Markup.escape(title)), ensure_ascii=False)}"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def render_pages(portal: Portal) -> Iterator[tuple[str, str, str | None]]:
    """Yield (page path under docs/, Markdown text, data file it comes from or None)."""
    env = environment()
    common = {"portal": portal, "site": portal.site, "as_of": portal.as_of}

    def page(template: str, title: str, **context) -> str:
        body = env.get_template(template).render(**common, **context)
        return _front_matter(title) + body

    yield "index.md", page("home.md.j2", portal.site.name), "data/site.yml"
    yield "guides/index.md", page("guides.md.j2", "办事指南"), None
    guide_template = env.get_template("guide.md.j2")
    for guide in portal.guides:
        body = guide_template.render(**common, guide=guide)
        yield f"guides/{guide.id}.md", _front_matter(guide.title) + body, portal.paths[("guide", guide.id)]
    yield "rules/index.md", page("rules.md.j2", "工作制度"), None
    rule_template = env.get_template("rule.md.j2")
    for rule in portal.rules:
        body = rule_template.render(**common, rule=rule)
        yield f"rules/{rule.id}.md", _front_matter(rule.title) + body, portal.paths[("rule", rule.id)]
    yield "timeline/index.md", page("timeline.md.j2", "活动时间轴"), "data/timeline.yml"
    yield "rectification/index.md", page("ledger.md.j2", "整改公开"), None
    item_template = env.get_template("item.md.j2")
    for item in portal.items:
        body = item_template.render(**common, item=item)
        yield f"rectification/{item.id}.md", _front_matter(f"{item.id} {item.title}") + body, portal.paths[("rectification", item.id)]
