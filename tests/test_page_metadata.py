"""Every page carries the page metadata of 《政府网站发展指引》(国办发〔2017〕47号): SiteName, SiteDomain,
SiteIDCode, ColumnName, ColumnType, ArticleTitle, PubDate, ContentSource, Keywords, Author, Description
and Url, read back here from the built pages of every kind and checked against site.yml and the record.

Expected values come from the YAML read with plain PyYAML, not through the portal's models."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = yaml.safe_load((ROOT / "data" / "site.yml").read_text(encoding="utf-8"))
NAMES = ["SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate",
         "ContentSource", "Keywords", "Author", "Description", "Url"]


def _yaml(rel: str) -> dict:
    return yaml.safe_load((ROOT / rel).read_text(encoding="utf-8"))


def meta(site: Path, path: str) -> dict[str, str]:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    found = re.findall(r'<meta name="([A-Za-z]+)" content="([^"]*)"', head)
    return {name: unescape(content) for name, content in found if name in NAMES}


GUIDE = _yaml("data/guides/fuwu-shouce.yml")
RULE = _yaml("data/rules/gongzuo-guize.yml")
ITEM = _yaml("data/rectification/ZG-2014-001.yml")
WINDOW = _yaml("data/windows.yml")["windows"][0]

PAGES = {  # every kind of page: (path, ColumnName, ColumnType, what the record says or None)
    "home": ("", "首页", "首页", None),
    "guides": ("guides", "办事指南", "办事服务", None),
    "guide": ("guides/fuwu-shouce", "办事指南", "办事服务", (GUIDE["title"], GUIDE["reviewed_on"], GUIDE["summary"])),
    "windows": ("windows", "办理窗口", "办事服务", None),
    "window": (f"windows/{WINDOW['id']}", "办理窗口", "办事服务", (WINDOW["name"], None, WINDOW["area"])),
    "rules": ("rules", "工作制度", "信息公开", None),
    "rule": ("rules/gongzuo-guize", "工作制度", "信息公开", (RULE["title"], RULE["published_on"], RULE["summary"])),
    "timeline": ("timeline", "活动时间轴", "信息公开", None),
    "ledger": ("rectification", "整改公开", "信息公开", None),
    "item": ("rectification/ZG-2014-001", "整改公开", "信息公开", (f"{ITEM['id']} {ITEM['title']}", None, ITEM["description"])),
    "about": ("about", "关于本站", "其他", None),
    "opendata": ("opendata", "关于本站", "信息公开", None),
}


@pytest.mark.parametrize("kind", PAGES)
def test_every_kind_of_page_carries_the_47_metadata(real_site_now, kind):
    """Read from the site as published today, so an item's ContentSource is its citation after the
    correction of 2026-12-08 (the report as printed, as site.yml cites it)."""
    path, column, column_type, record = PAGES[kind]
    found = meta(real_site_now, path)
    assert list(found) == NAMES, "all twelve, in the attachment's order"
    assert found["SiteName"] == SITE["name"]
    assert found["SiteDomain"] == urlsplit(SITE["base_url"]).hostname
    assert found["SiteIDCode"] == SITE["site_code"]
    assert found["ColumnName"] == column and found["ColumnType"] == column_type
    assert found["Author"] == SITE["department"]
    assert found["Url"] == SITE["base_url"] + (f"{path}/" if path else "")
    html = (real_site_now / path / "index.html").read_text(encoding="utf-8")
    assert found["ArticleTitle"] in unescape(re.search(r"<title>(.*?)</title>", html, re.S)[1])
    dt.date.fromisoformat(found["PubDate"])
    if record is not None:
        title, published, description = record
        assert found["ArticleTitle"] == title
        if published is not None:
            assert found["PubDate"] == published.isoformat()
        assert found["Description"] == description[:120]
        assert found["ContentSource"] == SITE["sources"][0]


def test_a_guide_page_offers_the_names_people_use_as_keywords(real_site):
    keywords = meta(real_site, "guides/fuwu-shouce")["Keywords"].split(",")
    assert set(GUIDE["aliases"]) <= set(keywords) and GUIDE["category"] in keywords


def test_a_site_without_an_identity_code_leaves_the_tag_out(tmp_path):
    from portal.load.portal import load_portal
    from portal.render.pagemeta import page_metadata
    import shutil
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid", tmp_path / "site")
    portal = load_portal(tmp_path / "site", as_of=dt.date(2014, 12, 31))
    names = [name for name, _ in page_metadata(portal, "guides/shengyu-fuwu.md", "guides/shengyu-fuwu/", "指南")]
    assert "SiteIDCode" not in names and names[0] == "SiteName" and names[-1] == "Url"
