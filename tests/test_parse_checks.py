"""`portal publish` reads every machine-readable file of the release back with the parser its
readers use (portal/publish/parse_checks.py, release check “文件格式”): the real site passes, and a
feed, calendar, JSON, CSV or page that a hostile character or a cut broke is named."""

from __future__ import annotations

import shutil

import pytest

from portal.publish.parse_checks import site_files
from portal.publish.release_checks import CHECKS


def test_every_feed_calendar_json_csv_and_page_of_the_real_site_parses(real_site):
    assert site_files(real_site) == []


def test_publish_runs_the_parsers_as_a_release_check():
    assert "文件格式" in [check.name for check in CHECKS]


BROKEN = {
    "feeds/rectification.atom": ("<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>"
                                 "<title>整改\x1b台账</title></feed>", "控制字符 U+001B"),
    "feeds/changes.atom": ("<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom'><title>x",
                           "订阅源阅读器读不了"),
    "opendata/rectification.json": ('{"items": [1, 2', "解析失败"),
    "opendata/rectification-updates.csv": ("id,date\nZG-2014-001,2014-04-01,多一列\n", "各行的列数不一致"),
    "rectification/ZG-2014-001/index.html": ("<!doctype html><html><body>办公\u202e电话</body></html>", "U+202E"),
    "timeline.ics": ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n", "解析失败"),
}


@pytest.mark.parametrize("path", BROKEN)
def test_a_broken_file_is_named_with_what_is_wrong(real_site, tmp_path, path):
    content, said = BROKEN[path]
    copy = tmp_path / "site"
    shutil.copytree(real_site, copy, ignore=shutil.ignore_patterns("pagefind*"))
    (copy / path).parent.mkdir(parents=True, exist_ok=True)
    (copy / path).write_text(content, encoding="utf-8")
    (problem,) = site_files(copy)
    assert problem.startswith(f"{path}：") and said in problem
