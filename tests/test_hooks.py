"""The hooks as MkDocs intends them: data/site.yml names the site in on_config (mkdocs.yml does not
repeat it), and the shortcut that hands a generated page's HTML past Markdown leaves other plugins
the table of contents Markdown itself would have given them. (The preview's one validation per
rebuild: tests/test_watch.py.)"""

from __future__ import annotations

import datetime as dt
import json
import re

import markdown
import pytest
import yaml
from mkdocs.config import load_config

from conftest import PROJECT
from releasetools import add_hook, small_project

SITE = yaml.safe_load((PROJECT / "data/site.yml").read_text(encoding="utf-8"))

RECORDER = '''
"""Test only: what a plugin sees of each page after every hook of this project has run."""
import json
from pathlib import Path

seen = {}


def on_files(files, /, *, config):  # listed first: runs before any hook of the project has its on_files
    seen["on_files"] = {"site_name": str(config.site_name), "site_url": config.site_url, "repo_url": config.repo_url}

def on_page_context(context, /, *, page, config, nav):
    seen[page.file.src_uri] = {"generated": page.file.generated_by is not None,
                               "toc": [[item.title, item.id] for item in page.toc],
                               "site_name": str(config.site_name), "edit_url": page.edit_url}
    return context


def on_post_build(*, config):
    Path(config.config_file_path).with_name("seen.json").write_text(json.dumps(seen, ensure_ascii=False), encoding="utf-8")
'''


def test_mkdocs_yml_does_not_repeat_what_site_yml_holds():
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=yaml.BaseLoader)  # the !!python tag of the slugify option stays text
    assert not {"site_url", "repo_url", "edit_uri", "copyright"} & config.keys()
    for value in (SITE["name"], SITE["base_url"], SITE["repository"]["url"], SITE["department"]):
        assert value not in text


@pytest.mark.slow
def test_site_yml_names_the_site_and_generated_pages_keep_markdown_s_table_of_contents(tmp_path):
    from portal.publish.build import build_site
    from portal.render.pages import render_pages
    from portal.load.portal import load_portal

    project = small_project(tmp_path / "project")
    site_yml = project / "data/site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace("branch: main", "branch: release"), encoding="utf-8")
    add_hook(project, "record_pages", RECORDER)
    out = tmp_path / "site"
    assert build_site(project, out, as_of=dt.date(2014, 12, 31)) == 0
    seen = json.loads((project / "seen.json").read_text(encoding="utf-8"))
    fork = yaml.safe_load(site_yml.read_text(encoding="utf-8"))

    # site.yml, applied in on_config, is what every page, the theme and the sitemap show
    home = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"<title>[^<]*{re.escape(fork['name'])}</title>", home)
    assert f'<link rel="canonical" href="{fork["base_url"]}">' in home
    assert fork["department"] in home and "名称见 data/site.yml" not in home
    # set before any other event: a plugin's on_files already sees the site's own values
    assert seen.pop("on_files") == {"site_name": fork["name"], "site_url": fork["base_url"], "repo_url": fork["repository"]["url"]}
    assert {page["site_name"] for page in seen.values()} == {fork["name"]}
    assert f"<loc>{fork['base_url']}guides/shengyu-fuwu/</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert seen["guides/shengyu-fuwu.md"]["edit_url"] == \
        f"{fork['repository']['url']}/edit/release/data/guides/shengyu-fuwu.yml"

    # Markdown finds no heading inside a raw HTML block, so the table of contents it would give a
    # generated page is empty, and empty is what plugins see after the shortcut: nothing is lost.
    # A hand-written page keeps its headings (so the recorder does see tables of contents).
    config = load_config(str(project / "mkdocs.yml"))
    portal = load_portal(project, as_of=dt.date(2014, 12, 31))
    generated = 0
    for path, text, _ in render_pages(portal):
        converter = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        converter.convert(text.split("\n---\n", 1)[1])
        assert seen[path]["generated"], path
        assert seen[path]["toc"] == [[t["name"], t["id"]] for t in converter.toc_tokens] == [], path
        generated += 1
    assert generated >= 9  # the small data: home, lists and a page per record
    handwritten = [page["toc"] for page in seen.values() if not page["generated"]]
    assert any(toc for toc in handwritten)
    assert re.search(r'<h2 id="[^"]+"', (out / "guides/shengyu-fuwu/index.html").read_text(encoding="utf-8"))
