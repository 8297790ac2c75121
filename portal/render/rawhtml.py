"""Recognise a generated page that Python-Markdown would return unchanged, so the build can skip it.

Every page from portal/render/pages.py is one `<div>` block of escaped HTML. A block-level element at the
start of a line is raw HTML to Markdown (md_in_html leaves it so unless it says `markdown="1"`), and
Markdown gives it back byte for byte, yet tokenising it with Python's HTML parser was the largest
single cost of building 10,000 items (docs/performance.md). tests/test_synthetic.py checks the claim
against Markdown itself on every page of a synthetic portal.

The blocks carry no `markdown` attribute, not even `markdown="0"`: Markdown copies a raw block's
start tag as written, so md_in_html removes the attribute only from the elements it parses as
Markdown, and a `markdown="0"` would reach the HTML, where it is not valid. Raw is the default anyway.
"""

from __future__ import annotations

import html
import re

_DIV = re.compile(r"<(/?)div\b")
_MARKDOWN_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*?\smarkdown\b")
_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"')


def raw_html_block(text: str) -> str | None:
    """The HTML Markdown makes of `text` when it is one `<div>` element from start to end (the element
    itself, without surrounding blank lines); None for anything else, and for a block in which an
    element asks md_in_html for something with a `markdown` attribute: Markdown decides those."""
    text = text.strip()
    if not (_DIV.match(text) and text.endswith("</div>")):
        return None
    if "markdown" in text and _MARKDOWN_ATTRIBUTE.search(text):  # the plain test first: a big page is quick
        return None
    depth = 0
    for match in _DIV.finditer(text):
        depth += -1 if match.group(1) else 1
        if depth == 0:  # the first element closes here: it must be the end of the page
            return text if match.end() == len(text) - 1 else None
    return None


def anchor_ids(block: str) -> set[str]:
    """The id attributes in a block, as MkDocs collects them from raw HTML to check links to anchors."""
    return {html.unescape(value) for value in _ID.findall(block)}
