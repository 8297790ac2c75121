"""The edit loop and the republish loop: `mkdocs serve` (what scripts/serve runs) keeps serving the
last good site while data/ is invalid and reloads the browser after a save; `portal watch`
republishes after every change, logs each outcome, and keeps going after a failed attempt."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.loopback import stop
from conftest import AS_OF, ITEM_FILE, VALID
from portal.load.problems import InvalidData
from portal.load.portal import load_portal
from releasetools import as_of_shown, fetch, free_port, small_project

TITLE = "办公电话无人接听"
pytestmark = pytest.mark.slow  # each test builds: `mkdocs serve` and `portal watch` on a copy of the project

LOG_LINE = re.compile(r"^\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}\] ")


def wait_for(condition, what: str, tries: int = 1200, pause: float = 0.1):
    """Poll condition() until it returns something true: at most `tries` times (two minutes)."""
    for _ in range(tries):
        result = condition()
        if result:
            return result
        time.sleep(pause)
    raise AssertionError(f"gave up waiting for {what}")


def retitle(project: Path, title: str) -> None:
    item = project / ITEM_FILE
    text = item.read_text(encoding="utf-8")
    item.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M), encoding="utf-8")


def add_update(project: Path, note: str) -> None:
    """A change a live release accepts: a new update at the end (a published title may not be rewritten)."""
    item = project / ITEM_FILE
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("sources:\n", f"  - date: 2014-12-31\n    status: 整改中\n    note: {note}\nsources:\n", 1),
                    encoding="utf-8")


def break_item(project: Path) -> None:
    """Two mistakes in one save: both must be listed."""
    item = project / ITEM_FILE
    text = item.read_text(encoding="utf-8").replace("deadline: 2014-07-31", "deadline: 2014/7/31")
    item.write_text(text.replace("owner: 办公室主任", "owner: 办公室主任\ncolour: 红色"), encoding="utf-8")


def problems(project: Path) -> list[str]:
    """The lines `portal validate` prints for project's data: the two that break_item made."""
    with pytest.raises(InvalidData) as caught:
        load_portal(project)
    lines = [str(problem) for problem in caught.value.problems]
    assert len(lines) == 2 and f"{ITEM_FILE}:11:11  deadline 整改期限" in lines[1], lines
    return lines


# --- the edit loop: mkdocs serve ------------------------------------------------------------------


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`mkdocs serve` on a free loopback port in a copy of the project, as scripts/serve runs it."""
    base = tmp_path_factory.mktemp("serve")
    project = small_project(base / "project")
    log = base / "serve.log"
    port = free_port()
    env = {**os.environ, "PORTAL_AS_OF": AS_OF.isoformat(), "NO_MKDOCS_2_WARNING": "true", "PYTHONIOENCODING": "utf-8"}
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                                   "--livereload", "--verbose"], cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        # "/" redirects to the folder site_url names; the first build takes a few seconds.
        def home():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                    return response.url if response.status == 200 else None
            except OSError:
                assert server.poll() is None, log.read_text(encoding="utf-8")
                return None

        base_url = wait_for(home, "mkdocs serve to answer")
        yield project, base_url.rstrip("/"), log, server
    finally:
        stop(server)


def test_invalid_data_lists_every_problem_and_the_last_good_site_stays(preview):
    project, url, log, server = preview
    page = url + "/rectification/ZG-2014-002/"
    status, html = fetch(page)
    assert status == 200 and TITLE in html
    good = (project / ITEM_FILE).read_text(encoding="utf-8")

    break_item(project)
    wait_for(lambda: "共发现 2 个问题" in log.read_text(encoding="utf-8"), "the problems in the terminal")

    printed = log.read_text(encoding="utf-8")
    assert all(line in printed for line in problems(project)), printed
    assert "预览保持上一次成功生成的网站" in printed
    assert "Traceback" not in printed
    assert server.poll() is None, "mkdocs serve exited"
    for address in (page, url + "/", url + "/guides/shengyu-fuwu/"):
        status, html = fetch(address, timeout=20)  # MkDocs' own behaviour: this request would hang
        assert status == 200 and html.rstrip().endswith("</html>"), address
    assert TITLE in fetch(page)[1]

    (project / ITEM_FILE).write_text(good, encoding="utf-8")
    retitle(project, "值班电话已公开")
    wait_for(lambda: "值班电话已公开" in fetch(page, timeout=20)[1], "the fixed page")
    assert server.poll() is None


def test_each_rebuild_validates_the_data_once(preview):
    """The preview checks data/ before it rebuilds (so invalid data keeps the last good site) and the
    rebuild uses what it checked: at 10,000 items a second validation would cost seconds a save."""
    project, url, log, server = preview
    page = url + "/rectification/ZG-2014-002/"
    shutil.copyfile(VALID / ITEM_FILE, project / ITEM_FILE)  # whatever the test before left
    wait_for(lambda: TITLE in fetch(page, timeout=20)[1], "the page from the fixture's data")
    start = len(log.read_text(encoding="utf-8"))
    retitle(project, "值班电话每周公开")
    wait_for(lambda: "值班电话每周公开" in fetch(page, timeout=20)[1], "the rebuilt page")
    since = log.read_text(encoding="utf-8")[start:]
    builds = since.count("Building documentation")
    assert builds >= 1, since
    assert since.count("loading and validating data/") == builds, since


def test_the_open_page_reloads_itself_after_a_save(preview, browser):
    project, url, log, server = preview
    page = url + "/rectification/ZG-2014-002/"
    shutil.copyfile(VALID / ITEM_FILE, project / ITEM_FILE)  # whatever the test before left
    wait_for(lambda: TITLE in fetch(page, timeout=20)[1], "the page from the fixture's data")
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto(page)
    tab.wait_for_function("() => document.readyState === 'complete'", timeout=30000)

    # No navigation by the test: only MkDocs' reload script can bring the new title, and the
    # reloaded page (from the rebuilt site) must reload itself again after the next save.
    for title in ("值班电话已在网站公开", "值班电话公开在网站首页"):
        retitle(project, title)
        tab.wait_for_function(f"() => document.body && document.body.innerText.includes('{title}')",
                              timeout=120000)
    tab.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors


# --- the republish loop: portal watch -------------------------------------------------------------


def watch(project: Path, dest: Path, log: Path, *extra: str) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "portal", "watch", "--dest", str(dest), "--interval", "0.2", "--debounce", "0.2",
             "--as-of", AS_OF.isoformat(), *extra],
            cwd=project, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, stdout=out, stderr=subprocess.STDOUT)


def live_page(dest: Path) -> str:
    return (dest / "current" / "rectification" / "ZG-2014-002" / "index.html").read_text(encoding="utf-8")


def test_watch_republishes_after_a_change_and_keeps_going_after_invalid_data(tmp_path):
    project, dest, log = small_project(tmp_path / "project"), tmp_path / "srv", tmp_path / "watch.log"
    good = (project / ITEM_FILE).read_text(encoding="utf-8")
    run = watch(project, dest, log, "--max-runs", "3")
    try:
        text = lambda: log.read_text(encoding="utf-8")  # noqa: E731
        wait_for(lambda: text().count("发布成功") == 1, "the first publish")
        first = os.readlink(dest / "current")
        assert TITLE in live_page(dest)

        break_item(project)
        wait_for(lambda: "发布失败：数据校验未通过" in text(), "the failed attempt")
        assert os.readlink(dest / "current") == first
        assert all(line in text() for line in problems(project)), text()
        assert f"网站保持 {first.removeprefix('releases/')}" in text()
        assert run.poll() is None, "the loop stopped after a failed attempt"

        (project / ITEM_FILE).write_text(good, encoding="utf-8")
        add_update(project, "值班电话已公开")
        run.wait(timeout=300)  # --max-runs 3: the loop ends by itself after the third attempt
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(timeout=30)

    assert run.returncode == 0
    lines = text().splitlines()
    assert sum("发布成功" in line for line in lines) == 2
    outcomes = [line for line in lines if "发布成功" in line or "发布失败" in line or "开始监视" in line]
    assert all(LOG_LINE.match(line) for line in outcomes), outcomes
    assert os.readlink(dest / "current") != first
    assert "值班电话已公开" in live_page(dest) and as_of_shown(live_page(dest)) == {AS_OF.isoformat()}


def test_watch_pulls_and_publishes_what_was_pushed(tmp_path):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git_in(folder: Path, *args: str) -> None:
        subprocess.run([git, *args], cwd=folder, env=env, check=True, capture_output=True)

    origin = small_project(tmp_path / "origin")
    git_in(origin, "init", "-q", "-b", "main")
    git_in(origin, "add", ".")
    git_in(origin, "commit", "-q", "-m", "data")
    server_copy = tmp_path / "server"
    git_in(tmp_path, "clone", "-q", str(origin), str(server_copy))
    dest, log = tmp_path / "srv", tmp_path / "watch.log"

    run = watch(server_copy, dest, log, "--git-pull", "--max-runs", "2")
    try:
        wait_for(lambda: "发布成功" in log.read_text(encoding="utf-8"), "the first publish")
        add_update(origin, "值班电话已公开")
        git_in(origin, "commit", "-q", "-am", "a new update")
        run.wait(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(timeout=30)

    assert run.returncode == 0, log.read_text(encoding="utf-8")
    assert "值班电话已公开" in live_page(dest)
    short = subprocess.run([git, "rev-parse", "--short", "HEAD"], cwd=origin, capture_output=True, text=True).stdout
    assert os.readlink(dest / "current").endswith(f"-{short.strip()}"), "the release names the pulled commit"


def test_a_pull_that_fails_is_logged_and_the_data_kept(tmp_path, capsys):
    """git pull outside a repository fails: watch says so with git's exit status and words, and goes on."""
    from portal.publish import watch

    (tmp_path / "data").mkdir()
    watch.pull(tmp_path)
    said = capsys.readouterr().out
    assert re.search(r"git pull 失败（退出状态 [1-9][0-9]*），继续使用现有数据：.*not a git repository", said), said
