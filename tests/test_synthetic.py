"""The synthetic portal behind scripts/bench: it validates, builds with the real build, gives the
same bytes for the same seed, and its pages are what the build's Markdown shortcut expects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from portal import synthetic
from portal.build import build_site
from portal.models import STATUSES
from portal.rawhtml import anchor_ids, raw_html_block
from portal.render import render_pages
from portal.validate import load_portal

RECORDS = 200


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> synthetic.Synthetic:
    return synthetic.generate(tmp_path_factory.mktemp("synthetic") / "portal", RECORDS, seed=7)


@pytest.fixture(scope="module")
def portal(made):
    return load_portal(made.root, made.as_of)


@pytest.fixture(scope="module")
def site(made, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("synthetic-site")
    assert build_site(made.root, site, as_of=made.as_of) == 0
    return site


def data_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def test_the_generated_portal_validates_with_the_promised_counts(made, portal):
    assert made.records == RECORDS
    assert (len(portal.guides), len(portal.rules), len(portal.items)) == (made.guides, made.rules, made.items)
    assert made.guides == 4 and made.rules == 2  # about N/50 and N/100
    assert any(event.recurrence for event in portal.events)


def test_items_have_mixed_statuses_overdue_ones_and_one_to_four_updates_in_date_order(portal):
    assert {item.status for item in portal.items} == set(STATUSES)
    assert portal.overdue_items
    for item in portal.items:
        assert 1 <= len(item.updates) <= 4
        dates = [update.date for update in item.updates]
        assert dates == sorted(dates) and dates[0] >= item.received_on


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not(made, tmp_path):
    again = synthetic.generate(tmp_path / "again", RECORDS, seed=7)
    assert data_bytes(again.root) == data_bytes(made.root)
    other = synthetic.generate(tmp_path / "other", RECORDS, seed=8)
    assert data_bytes(other.root) != data_bytes(made.root)


def test_a_larger_portal_spreads_item_ids_over_years_within_the_three_digit_limit(tmp_path):
    made = synthetic.generate(tmp_path / "big", 2_000, seed=1)
    names = sorted(p.stem for p in (made.root / "data" / "rectification").iterdir())
    assert len(names) == made.items and len({n[3:7] for n in names}) == 3
    assert max(int(n[-3:]) for n in names) <= 999
    assert made.as_of == dt.date(2016, 12, 31)


def test_the_real_build_makes_a_page_for_every_record(site, portal):
    for item in portal.items:
        page = (site / "rectification" / item.id / "index.html").read_text(encoding="utf-8")
        assert item.id in page and "pt-history" in page
    for guide in portal.guides:
        assert (site / "guides" / guide.id / "index.html").is_file()
    for rule in portal.rules:
        assert (site / "rules" / rule.id / "index.html").is_file()


def test_markdown_returns_every_generated_page_unchanged_as_the_build_shortcut_assumes(made, portal):
    config = load_config(str(made.root / "mkdocs.yml"))
    for path, text, _ in render_pages(portal):
        body = text.split("\n---\n", 1)[1]
        block = raw_html_block(body)
        assert block is not None, path
        converter = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        assert converter.convert(body) == block, path


def test_the_shortcut_leaves_anything_but_one_raw_block_to_markdown():
    assert raw_html_block('<div markdown="0"><p>正文</p></div>\n') == '<div markdown="0"><p>正文</p></div>'
    assert raw_html_block("# 标题\n\n<div markdown=\"0\">x</div>") is None
    assert raw_html_block('<div markdown="0">a</div>\n\n*强调*\n\n<div>b</div>') is None
    assert raw_html_block('<div class="x"><div markdown="0">a</div></div>') is None
    assert anchor_ids('<div markdown="0"><h2 id="history">进展</h2><p data-id="no">x</p></div>') == {"history"}
