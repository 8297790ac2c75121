"""Recognise a generated page that Python-Markdown would return unchanged, so the build can skip it.

Every page from portal/render.py is one `<div markdown="0">` block of escaped HTML. Markdown's raw
HTML handling gives such a block back byte for byte, yet tokenising it with Python's HTML parser
was the largest single cost of building 10,000 items (docs/performance.md). tests/test_synthetic.py
checks the claim against Markdown itself on every page of a synthetic portal.
"""

from __future__ import annotations

import html
import re

_DIV = re.compile(r"<(/?)div\b")
_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"')


def raw_html_block(text: str) -> str | None:
    """The HTML Markdown makes of `text` when it is one `<div ... markdown="0">` element from start
    to end (the element itself, without surrounding blank lines); None for anything else."""
    text = text.strip()
    if not (text.startswith("<div") and text.endswith("</div>")) or 'markdown="0"' not in text[: text.find(">")]:
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
