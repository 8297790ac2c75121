"""scripts/bench keeps running: a smoke run at 50 records prints the table of docs/performance.md, and
its plain MkDocs build (no hooks) draws the same footer as the portal's build. It times nothing here:
the figures are the bench's to report, not the test's to judge."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from conftest import PROJECT

ROWS = ("items / guides / rules", "(a) validate, in process, best of 3 (s)", "(b) full build (s)",
        "(c) plain MkDocs build (s)", "(d) Pagefind alone (s)", "(b) / ((c) + (d))", "    same, CPU time",
        "(e) yardstick: as many Markdown pages + Pagefind (s)", "(b) / (e), CPU time",
        "largest HTML page (KB)", "site: files / MB")


def _footer(html: str) -> str:
    """The footer's text without the per-page 我要纠错/留言 address (only the hooks know the page)."""
    start = html.index('<div class="md-copyright pt-footer">')
    footer = html[start:html.index("</footer>", start)]
    return re.sub(r'class="pt-feedback" href="[^"]*"', 'class="pt-feedback"', footer)


@pytest.mark.slow
def test_a_smoke_run_of_the_bench_prints_the_table(tmp_path):
    result = subprocess.run([str(PROJECT / "scripts" / "bench"), "--sizes", "50", "--keep", "--work", str(tmp_path)],
                            cwd=PROJECT, capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    rows = {line.split("|")[1][1:].rstrip(): line.split("|")[2].strip() for line in result.stdout.splitlines()
            if line.startswith("| ") and line.count("|") == 3}
    assert rows[""] == "50", result.stdout  # the head names the size
    for row in ROWS:
        assert row in rows and rows[row] not in ("", "–"), f"the bench's table has no figure for {row.strip()}"
    assert re.fullmatch(r"\d+\.\d\d", rows["(b) / ((c) + (d))"]), rows["(b) / ((c) + (d))"]
    assert re.fullmatch(r"\d+\.\d\d", rows["(b) / (e), CPU time"]), rows["(b) / (e), CPU time"]
    assert "CPUs, load [" in result.stdout  # the load the figures were taken under

    # (e), the fixed yardstick, is as many pages of Chinese text, searchable as the portal's are
    entry = json.loads((tmp_path / "n50" / "yardstick" / "site" / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == 50 + 1  # and Material's 404 page

    # (c) is a fair yardstick only if it renders the same page frame as (b), footer included
    built = (tmp_path / "n50" / "site" / "index.html").read_text(encoding="utf-8")
    plain = (tmp_path / "n50" / "plain" / "site" / "index.html").read_text(encoding="utf-8")
    assert _footer(plain) == _footer(built)
