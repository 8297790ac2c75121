"""The difference between two texts of a rule, line by line (difflib), as HTML a screen reader can
follow: removed lines in <del>, added lines in <ins>, each announced in words, since most screen
readers say nothing for <del> and <ins> themselves."""

from __future__ import annotations

import difflib

from markupsafe import Markup, escape


def _lines(text: str) -> list[str]:
    """The text's non-blank lines as read, without Markdown's bold marks (**第一条**)."""
    return [line.strip().replace("**", "") for line in text.splitlines() if line.strip()]


def text_diff(old: str, new: str) -> Markup:
    """An ordered list of every line of the newer text, with the lines of the older text that went."""
    a, b = _lines(old), _lines(new)
    rows: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [f'<li class="pt-diff__same">{escape(line)}</li>' for line in b[j1:j2]]
            continue
        rows += [f'<li class="pt-diff__del"><del><span class="pt-sr">删除：</span>{escape(line)}</del></li>' for line in a[i1:i2]]
        rows += [f'<li class="pt-diff__ins"><ins><span class="pt-sr">新增：</span>{escape(line)}</ins></li>' for line in b[j1:j2]]
    removed = sum(1 for r in rows if "pt-diff__del" in r)
    added = sum(1 for r in rows if "pt-diff__ins" in r)
    summary = f'<p class="pt-diff__summary">删除 {removed} 段，新增 {added} 段。</p>'
    return Markup(summary + '<ol class="pt-diff">' + "".join(rows) + "</ol>")
