"""MkDocs hook: the weight every page carries for nothing. The theme's templates leave about 7 KB of
blank lines and indentation in each page and Jinja's `tojson` writes each Chinese character of the
search box's strings as a six-byte escape; without them every page stays under the 40 KB a phone on
a slow link is promised (tests/test_pages.py), 47号 metadata included.
"""

from __future__ import annotations

import re

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig

# Where white space is content: preformatted text, a form field's text, and scripts and styles, whose
# strings may span lines. Everything between them is HTML, where a run of white space that holds a
# line break reads as one line break.
VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
LINE_BREAK_RUN = re.compile(r"[ \t]*\n\s*")


def on_env(env: Environment, /, *, config: MkDocsConfig, files) -> Environment:
    # Jinja's tojson still escapes <, >, & and ' for a <script> block; only non-ASCII stays as UTF-8.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def on_post_page(output: str, /, *, page, config: MkDocsConfig) -> str:
    kept, start = [], 0
    for verbatim in VERBATIM.finditer(output):
        kept += [LINE_BREAK_RUN.sub("\n", output[start:verbatim.start()]), verbatim.group(0)]
        start = verbatim.end()
    kept.append(LINE_BREAK_RUN.sub("\n", output[start:]))
    return "".join(kept)
