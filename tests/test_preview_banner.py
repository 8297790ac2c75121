"""The live preview tells the truth: after a save that makes data/ invalid, every page `mkdocs serve`
shows (as scripts/serve runs it) lists every problem at the top, in Chinese, with file:line and
field, and marks the last good content under it as not updated; the preview also compares with the
published base, the branch's upstream, as the pull request's check does.

PORTAL_SCREENSHOT_DIR=<folder> keeps pictures of the banner at 375 and 1280 px.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ITEM_FILE
from releasetools import fetch, free_port, small_project
from test_watch import wait_for

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`mkdocs serve` in a clone of a small project: origin/main is what was published."""
    base = tmp_path_factory.mktemp("banner")
    published = small_project(base / "published")
    git = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=published, check=True)
    subprocess.run(["git", "add", "-A"], cwd=published, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "published"], cwd=published, check=True)
    project = base / "project"
    subprocess.run(["git", "clone", "-q", str(published), str(project)], check=True)
    log, port = base / "serve.log", free_port()
    env = {**os.environ, "PORTAL_AS_OF": "2014-12-31", "NO_MKDOCS_2_WARNING": "true", "PYTHONIOENCODING": "utf-8"}
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                                   "--livereload"], cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        def home():
            try:
                status, _ = fetch(f"http://127.0.0.1:{port}/", timeout=10)
                return status == 200
            except OSError:
                assert server.poll() is None, log.read_text(encoding="utf-8")
                return False

        wait_for(home, "mkdocs serve to answer")
        _, html = fetch(f"http://127.0.0.1:{port}/", timeout=10)
        yield project, f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        server.wait(timeout=30)


def _shoot(page, name: str) -> None:
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))


def test_every_page_shows_the_problems_of_a_save_the_preview_did_not_take(preview, browser):
    from playwright.sync_api import expect

    project, origin, log = preview
    item = project / ITEM_FILE
    good = item.read_text(encoding="utf-8")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{origin}/")
        page.wait_for_load_state()
        address = page.url  # "/" redirects to the folder site_url names
        item_page = address.rstrip("/") + "/rectification/ZG-2014-002/"
        page.goto(item_page)
        expect(page.locator("#pt-preview-problems")).to_have_count(0)  # valid data: no banner

        # A published update deleted (only the comparison with origin/main sees it) and a mobile number.
        broken = good.replace("  - date: 2014-05-10\n    status: 整改中\n    note: 已制定 AB 角安排表。\n", "")
        broken = broken.replace("owner: 办公室主任", "owner: 办公室主任 13912345678")
        assert broken.count("date: 2014-05-10") == 0
        item.write_text(broken, encoding="utf-8")
        wait_for(lambda: "预览保持上一次成功生成的网站" in log.read_text(encoding="utf-8"), "the refused rebuild")

        banner = page.locator("#pt-preview-problems")
        expect(banner).to_contain_text("预览没有更新", timeout=60_000)  # the page reloaded itself
        expect(banner).to_contain_text(f"{ITEM_FILE}:")
        expect(banner).to_contain_text("被删除了")  # the published update
        expect(banner).to_contain_text("origin/main")
        expect(banner).to_contain_text("owner")
        expect(banner).to_contain_text("手机")
        expect(page.locator("[data-pt-stale]").first).to_be_visible()
        assert page.evaluate("() => document.body.firstElementChild.id") == "pt-preview-problems"
        _shoot(page, "preview-banner-1280.png")
        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        _shoot(page, "preview-banner-375.png")

        other = browser.new_page()
        other.goto(address)  # every page, not only the one being edited
        expect(other.locator("#pt-preview-problems")).to_contain_text("预览没有更新", timeout=60_000)
        other.close()

        item.write_text(good, encoding="utf-8")
        expect(page.locator("#pt-preview-problems")).to_have_count(0, timeout=120_000)
    finally:
        item.write_text(good, encoding="utf-8")
        context.close()
