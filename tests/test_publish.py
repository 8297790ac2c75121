"""`portal publish` and `portal rollback` against a real nginx serving DIR/current: readers see whole
pages of one release or the next while releases go live, and a failed, invalid or killed publish
leaves the live site as it was.

Each release is built with its own as-of date, which every page shows (数据截至), so a fetched page
says which release it came from.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import AS_OF, ITEM_FILE, VALID
from portal.load.portal import load_portal
from portal.publish.release_checks import CHECKS, Check, check_release, record_pages
from releasetools import PAGES, add_hook, as_of_shown, fetch, live_as_of, nginx, portal, small_project

FIRST = "2014-12-20"
RELEASE_NAME = re.compile(r"^[0-9]{8}T[0-9]{6}\.[0-9]{3}Z-(nogit|[0-9a-f]{4,})$")

PAUSE_HOOK = '''
"""Test-only: stop the build midway (pages written, search index not yet) until the test kills it."""
import os
import time
import urllib.request
from pathlib import Path


def on_post_build(*, config):
    marker = Path(os.environ["PORTAL_TEST_PAUSE"])
    marker.write_text(str(os.getpid()))
    for _ in range(600):  # bounded: a minute; the test kills the build long before
        time.sleep(0.1)
'''

LOSE_A_PAGE_HOOK = '''
"""Test-only: a build that loses a record page, as a full disk or a broken hook might."""
from pathlib import Path


def on_post_build(*, config):
    (Path(config.site_dir) / "rules" / "shouwen-fuze" / "index.html").unlink()
'''

LOSE_SEARCH_AND_OPEN_DATA_HOOK = '''
"""Test-only: a build whose search index of the items and one open-data file go missing afterwards."""
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-200)  # after hooks/portal_search.py has built the index
def on_post_build(*, config):
    site = Path(config.site_dir)
    (site / "pagefind-items" / "pagefind.js").unlink()
    (site / "opendata" / "rectification.csv").unlink()
'''


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A small project, its publishing folder with a first release, and nginx serving it."""
    base = tmp_path_factory.mktemp("publish")
    project, dest = small_project(base / "project"), base / "srv"
    first = portal("publish", "--dest", str(dest), "--as-of", FIRST, cwd=project)
    assert first.returncode == 0, first.stderr
    with nginx(dest, base / "nginx") as url:
        yield project, dest, url


def releases(dest: Path) -> list[str]:
    return sorted(p.name for p in (dest / "releases").iterdir())


def current(dest: Path) -> str:
    return os.readlink(dest / "current")


@pytest.mark.slow
def test_readers_see_only_whole_pages_of_one_release_or_the_next_while_five_go_live(live):
    project, dest, url = live
    before = live_as_of(url)
    dates = [f"2014-12-2{n}" for n in range(1, 6)]
    outcomes: list[subprocess.CompletedProcess] = []

    def publish_five():
        for as_of in dates:
            outcomes.append(portal("publish", "--dest", str(dest), "--as-of", as_of, cwd=project))

    publisher = threading.Thread(target=publish_five)
    publisher.start()
    seen: list[str] = []
    failures: list[str] = []
    deadline = time.monotonic() + 600  # a bound, not a measurement: five small builds take far less
    for count in range(20000):
        if not publisher.is_alive() or time.monotonic() > deadline:
            break
        page = PAGES[count % len(PAGES)]
        status, html = fetch(url + page)
        shown = as_of_shown(html)
        if status != 200 or not html.rstrip().endswith("</html>") or len(shown) != 1:
            failures.append(f"{page}: status {status}, as-of {sorted(shown)}, ends {html[-40:]!r}")
        else:
            seen.append(shown.pop())
        time.sleep(0.02)  # leave the two cores to the builds
    publisher.join(timeout=600)

    assert not publisher.is_alive()
    assert [o.returncode for o in outcomes] == [0] * 5, [o.stderr for o in outcomes]
    assert failures == []
    expected = [before, *dates]
    # Each release is live for a whole build of the next one: the readers meet every one, in order.
    assert set(seen) == set(expected), sorted(set(seen))
    assert seen == sorted(seen, key=expected.index), "a reader went back to an older release"
    assert live_as_of(url) == dates[-1]
    for page in PAGES:
        assert as_of_shown(fetch(url + page)[1]) == {dates[-1]}
    assert len(releases(dest)) == 5, "the last five releases are kept, older ones removed"
    assert current(dest) == f"releases/{releases(dest)[-1]}"
    assert all(RELEASE_NAME.match(name) for name in releases(dest)), releases(dest)


@pytest.mark.slow
def test_invalid_data_leaves_the_live_site_unchanged_with_exit_status_1(live, tmp_path):
    project, dest, url = live
    broken = small_project(tmp_path / "broken")
    item = broken / ITEM_FILE
    item.write_text(item.read_text(encoding="utf-8").replace("deadline: 2014-07-31", "deadline: 2014/7/31"),
                    encoding="utf-8")
    before, kept = live_as_of(url), releases(dest)

    result = portal("publish", "--dest", str(dest), "--as-of", "2014-12-29", cwd=broken)

    assert result.returncode == 1
    assert f"{ITEM_FILE}:10:11  deadline 整改期限" in result.stderr
    assert "网站保持不变" in result.stderr
    assert live_as_of(url) == before
    assert releases(dest) == kept, "an invalid publish leaves no release folder behind"


@pytest.mark.slow
def test_a_build_killed_midway_leaves_the_previous_release_live(live, tmp_path):
    project, dest, url = live
    paused = small_project(tmp_path / "paused")
    add_hook(paused, "pause_for_test", PAUSE_HOOK)
    before, kept = live_as_of(url), releases(dest)
    marker = tmp_path / "build-paused"

    # The whole publish (portal and its mkdocs child) is killed, as by the OOM killer or a power cut.
    run = subprocess.Popen([sys.executable, "-m", "portal", "publish", "--dest", str(dest), "--as-of", "2014-12-30"],
                           cwd=paused, env={**os.environ, "PORTAL_TEST_PAUSE": str(marker)},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(1200):  # at most two minutes for the build to reach the pause
            if marker.exists() or run.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), "the build never reached the pause"
        assert any(p.name.endswith(".partial") for p in (dest / "releases").iterdir())
        os.killpg(run.pid, signal.SIGKILL)
    finally:
        run.wait(timeout=30)

    assert run.returncode == -signal.SIGKILL
    assert live_as_of(url) == before
    for page in PAGES:
        status, html = fetch(url + page)
        assert status == 200 and as_of_shown(html) == {before}

    # The next publish clears what the killed one left and goes live.
    again = portal("publish", "--dest", str(dest), "--as-of", "2014-12-30", cwd=project)
    assert again.returncode == 0, again.stderr
    assert live_as_of(url) == "2014-12-30"
    assert not [p for p in (dest / "releases").iterdir() if p.name.startswith(".")]
    assert set(kept[1:]) <= set(releases(dest))


@pytest.mark.slow
def test_a_killed_mkdocs_child_fails_the_publish_and_removes_its_folder(live, tmp_path):
    project, dest, url = live
    paused = small_project(tmp_path / "paused")
    add_hook(paused, "pause_for_test", PAUSE_HOOK)
    before, kept = live_as_of(url), releases(dest)
    marker = tmp_path / "build-paused"

    run = subprocess.Popen([sys.executable, "-m", "portal", "publish", "--dest", str(dest), "--as-of", "2014-12-28"],
                           cwd=paused, env={**os.environ, "PORTAL_TEST_PAUSE": str(marker), "PYTHONIOENCODING": "utf-8"},
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        for _ in range(1200):
            if marker.exists() or run.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), "the build never reached the pause"
        os.kill(int(marker.read_text()), signal.SIGKILL)  # the mkdocs process, by the id it wrote
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(timeout=30)

    assert run.returncode == 3
    assert "网站生成失败（mkdocs build 被信号 9 终止）" in err
    assert "网站保持不变" in err
    assert live_as_of(url) == before
    assert releases(dest) == kept


@pytest.mark.slow
def test_a_release_missing_a_record_page_never_goes_live(live, tmp_path):
    project, dest, url = live
    lossy = small_project(tmp_path / "lossy")
    add_hook(lossy, "lose_a_page_for_test", LOSE_A_PAGE_HOOK)
    before, kept = live_as_of(url), releases(dest)

    result = portal("publish", "--dest", str(dest), "--as-of", "2014-12-27", cwd=lossy)

    assert result.returncode == 3
    assert "记录页面：rules/shouwen-fuze/index.html：缺少页面" in result.stderr
    assert "内部链接：guides/shengyu-fuwu/index.html  ../../rules/shouwen-fuze/  找不到文件 rules/shouwen-fuze/index.html" in result.stderr
    assert live_as_of(url) == before
    assert fetch(url + "/rules/shouwen-fuze/")[0] == 200
    assert releases(dest) == kept


@pytest.mark.slow
def test_a_release_missing_its_search_index_or_open_data_never_goes_live(live, tmp_path):
    project, dest, url = live
    lossy = small_project(tmp_path / "lossy")
    add_hook(lossy, "lose_search_and_open_data_for_test", LOSE_SEARCH_AND_OPEN_DATA_HOOK)
    before, kept = live_as_of(url), releases(dest)

    result = portal("publish", "--dest", str(dest), "--as-of", "2014-12-28", cwd=lossy)

    assert result.returncode == 3
    assert "搜索索引：pagefind-items/：缺少搜索索引" in result.stderr
    assert "开放数据：opendata/rectification.csv：缺少开放数据文件" in result.stderr
    assert live_as_of(url) == before
    assert releases(dest) == kept


def test_a_release_is_checked_by_exactly_the_checks_it_is_given(tmp_path):
    """The publishing code chooses the checks (CHECKS, every one, for this site); a site built
    without search or open data would pass fewer."""
    portal_data = load_portal(VALID)
    empty = tmp_path / "site"
    empty.mkdir()

    only_pages = check_release(empty, portal_data, [Check("记录页面", record_pages)])
    everything = check_release(empty, portal_data, CHECKS)

    assert only_pages and all(problem.startswith("记录页面：") for problem in only_pages)
    assert {problem.split("：", 1)[0] for problem in everything} >= {"记录页面", "搜索索引", "开放数据", "开放数据清单"}
    assert check_release(empty, portal_data, []) == []


@pytest.mark.slow
def test_rollback_serves_the_previous_release_again(live):
    project, dest, url = live
    newer = portal("publish", "--dest", str(dest), "--as-of", AS_OF.isoformat(), cwd=project)
    assert newer.returncode == 0, newer.stderr
    previous = releases(dest)[-2]

    result = portal("rollback", "--dest", str(dest), cwd=project)

    assert result.returncode == 0, result.stderr
    assert f"releases/{previous}" in result.stdout
    assert current(dest) == f"releases/{previous}"
    assert live_as_of(url) != AS_OF.isoformat()
    status, html = fetch(url + "/rectification/ZG-2014-002/")
    assert status == 200 and as_of_shown(html) != {AS_OF.isoformat()}

    forward = portal("rollback", "--dest", str(dest), "--to", releases(dest)[-1], cwd=project)
    assert forward.returncode == 0, forward.stderr
    assert live_as_of(url) == AS_OF.isoformat()


@pytest.mark.slow
def test_rollback_without_an_older_release_says_so(tmp_path):
    project, dest = small_project(tmp_path / "project"), tmp_path / "srv"
    assert portal("publish", "--dest", str(dest), "--as-of", FIRST, cwd=project).returncode == 0
    only = current(dest)

    result = portal("rollback", "--dest", str(dest), cwd=project)

    assert result.returncode == 2
    assert "没有比当前版本更早的版本" in result.stderr
    assert current(dest) == only
    assert (dest / "current" / "index.html").is_file()
    assert RELEASE_NAME.match(only.removeprefix("releases/")).group(1) == "nogit"


def test_the_release_name_carries_the_commit(tmp_path):
    from portal.publish.release import commit_of

    project = small_project(tmp_path / "project")
    assert commit_of(project) == "nogit"
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["init", "-q"], ["add", "data"], ["commit", "-q", "-m", "data"]):
        subprocess.run([git, *command], cwd=project, env=env, check=True)
    head = subprocess.run([git, "rev-parse", "--short", "HEAD"], cwd=project, capture_output=True, text=True).stdout
    assert commit_of(project) == head.strip()


def test_a_real_folder_named_current_is_left_alone(tmp_path):
    project, dest = small_project(tmp_path / "project"), tmp_path / "srv"
    (dest / "current").mkdir(parents=True)
    (dest / "current" / "index.html").write_text("hand-made", encoding="utf-8")

    result = portal("publish", "--dest", str(dest), "--as-of", FIRST, cwd=project)

    assert result.returncode == 2
    assert "不是符号链接" in result.stderr
    assert (dest / "current" / "index.html").read_text(encoding="utf-8") == "hand-made"


@pytest.mark.slow
def test_the_documented_nginx_site_serves_data_types_policy_and_the_404_page(live):
    from portal.render import csp

    project, dest, url = live
    csv = sorted((dest / "current" / "opendata").glob("*.csv"))[0].name
    with urllib.request.urlopen(f"{url}/opendata/{csv}", timeout=10) as response:
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    with urllib.request.urlopen(url + "/timeline.ics", timeout=10) as response:
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    with urllib.request.urlopen(url + "/", timeout=10) as response:
        assert response.headers["Content-Security-Policy"] == csp.header_policy()
        assert response.headers["Cache-Control"] == "no-cache"
    assert "unsafe-inline" not in fetch(url + "/")[1], "the preview's relaxed policy leaked into a release"
    status, html = fetch(url + "/guides/no-such-guide/")
    assert status == 404 and as_of_shown(html) == {live_as_of(url)}
