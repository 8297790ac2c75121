"""`portal publish --to s3://…` against a real SeaweedFS, read back through the S3 API and through the
documented nginx proxy (docs/nginx-objectstore.conf.example): every file there with the right headers,
only what changed uploaded, an interrupted upload leaves the live site as it was, readers see the old
or the new release during a switch, rollback, --keep, and `portal watch --to`.

Each release is built with its own as-of date, which every page shows (数据截至).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import hashlib
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import ITEM_FILE
from portal.publish import object_headers
from portal.publish.objectstore import LISTING, STORE_FAILED, StoreTarget
from portal.publish.release_chain import HISTORY, RELEASES
from portal.publish.release import PublishError, publish
from portal.render import csp
from releasetools import PAGES, as_of_shown, fetch, live_as_of, portal, small_project
from storetools import BUCKET, nginx_proxy, seaweedfs, stylesheets

PREFIX = "www"
URL = f"s3://{BUCKET}/{PREFIX}"
FIRST = "2014-12-20"
UNSTEADY = re.compile(r"^pagefind[^/]*/(filter/|pagefind\.[^/]+\.pf_meta$)")
UNSTEADY_CONTENT = "pagefind-entry.json"  # names the metadata file above

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """SeaweedFS with a first release of the small project, and nginx serving the store's current release."""
    base = tmp_path_factory.mktemp("objectstore")
    with seaweedfs(base / "weed") as store:
        project = small_project(base / "project")
        first = portal("publish", "--to", URL, "--as-of", FIRST, cwd=project, env=store.env)
        assert first.returncode == 0, first.stderr
        with nginx_proxy(store, PREFIX, base / "nginx") as url:
            yield project, store, url


def target(store, client=None) -> StoreTarget:
    return StoreTarget(BUCKET, PREFIX, client=client or store.client())


def objects(store, release: str) -> dict[str, bytes]:
    """Every object of a release, read back through the S3 API, by its path in the site."""
    client, start = store.client(), f"{PREFIX}/releases/{release}/"
    keys = [e["Key"] for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=start)
            for e in page.get("Contents", [])]
    return {k.removeprefix(start): client.get_object(Bucket=BUCKET, Key=k)["Body"].read() for k in keys}


def head(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200, url
        response.read()
        return dict(response.headers)


def with_one_more_update(project: Path, day: str) -> None:
    """One record changes, as staff change it: a new update on item ZG-2014-002 (append-only)."""
    item = project / ITEM_FILE
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("sources:", f"  - date: {day}\n    status: 整改中\n    note: 第{day[-2:]}日回访，继续整改。\nsources:", 1),
                    encoding="utf-8")


def test_every_file_of_the_built_site_is_in_the_store_whole_and_served_with_the_right_headers(live, tmp_path):
    project, store, url = live
    release = target(store).live_name()
    built = tmp_path / "site"
    assert portal("build", "-d", str(built), "--as-of", FIRST, cwd=project).returncode == 0
    stored = objects(store, release)

    # Pagefind names its filter and metadata files by a hash of an order that varies from run to run:
    # those are compared by count, every other file byte for byte with a build of the same data.
    def steady(paths):
        return {p for p in paths if not UNSTEADY.search(p)}

    on_disk = {p.relative_to(built).as_posix(): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    # What publishing adds to a build: release.json, and the chain of releases with this release's ledger.
    added = {"release.json", RELEASES, *(p for p in stored if p.startswith(f"{HISTORY}/"))}
    assert len(added) == 3, added  # the first release: one ledger in its history
    assert steady(stored) == steady(on_disk) | added
    assert len(stored) == len(on_disk) + len(added)
    different = [path for path in steady(on_disk) if UNSTEADY_CONTENT not in path and stored[path] != on_disk[path]]
    assert different == [], "the store holds other bytes than the build made"
    listing = json.loads(store.client().get_object(Bucket=BUCKET, Key=f"{PREFIX}/releases/{release}{LISTING}")["Body"].read())
    assert {p: hashlib.sha256(c).hexdigest() for p, c in stored.items()} == {
        p: e["sha256"] for p, e in listing["files"].items()}, "every object whole, as the publish listed it"

    client = store.client()
    for path in stored:  # the headers each object was stored with, read back through the S3 API
        meta = client.head_object(Bucket=BUCKET, Key=f"{PREFIX}/releases/{release}/{path}")
        assert "ContentEncoding" not in meta, f"{path} claims a Content-Encoding"
        assert meta["ContentType"] == object_headers.content_type(path), path
        assert meta["CacheControl"] == object_headers.cache_control(path), path

    page = head(url + "/rectification/ZG-2014-002/")  # through the proxy, as a reader gets it
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert page["Cache-Control"] == "public, max-age=60"
    assert page["Content-Security-Policy"] == csp.header_policy()
    for path, kind in (("opendata/rectification.csv", "text/csv; charset=utf-8"),
                       ("opendata/rectification.json", "application/json; charset=utf-8"),
                       ("opendata/manifest.json", "application/json; charset=utf-8"),
                       ("feeds/rectification.atom", "application/atom+xml; charset=utf-8"),
                       ("timeline.ics", "text/calendar; charset=utf-8"),
                       ("pagefind/wasm.unknown.pagefind", "application/wasm"),
                       ("sitemap.xml.gz", "application/gzip")):
        served = head(f"{url}/{path}")
        assert served["Content-Type"] == kind, path
        assert served["Cache-Control"] == "public, max-age=60", path
        assert "Content-Encoding" not in served, path
    css = next(p for p in stored if p.startswith("assets/stylesheets/main."))
    assert head(f"{url}/{css}")["Cache-Control"] == "public, max-age=31536000, immutable"
    fragments = [p for p in stored if "/fragment/" in p]
    assert fragments and all(stored[p][:2] == b"\x1f\x8b" for p in fragments), "Pagefind's files are gzip streams"
    assert gzip.decompress(stored[fragments[0]]).startswith(b"pagefind_dcd"), "pagefind.js inflates them itself"
    served = head(f"{url}/{fragments[0]}")
    assert served["Cache-Control"] == "public, max-age=31536000, immutable" and "Content-Encoding" not in served

    # Through the store's own HTTP endpoint too, without the proxy: the same object, the same headers.
    direct = head(f"{store.endpoint}/{BUCKET}/{PREFIX}/releases/{release}/index.html")
    assert direct["Content-Type"] == "text/html; charset=utf-8"

    status, html = fetch(url + "/guides/no-such-guide/")
    assert status == 404 and as_of_shown(html) == {live_as_of(url)}


def test_a_one_record_change_uploads_only_what_changed_and_the_store_copies_the_rest(live, tmp_path):
    project, store, url = live
    changed = project  # the project the later tests publish from: what is published stays published
    with_one_more_update(changed, FIRST)  # dated on the day the live release shows: a later entry, not a late one
    client = store.client()
    sent: dict[str, list[str]] = {"PutObject": [], "CopyObject": []}
    for operation in sent:
        client.meta.events.register(f"before-call.s3.{operation}",
                                    lambda params, operation=operation, **_: sent[operation].append(params["url_path"]))
    before = target(store).live_name()

    publish(changed, target(store, client), as_of=dt(FIRST))

    after = target(store).live_name()
    old, new = objects(store, before), objects(store, after)
    uploaded = {p.split(f"/releases/{after}/", 1)[1] for p in sent["PutObject"] if f"/releases/{after}/" in p}
    copied = {p.split(f"/releases/{after}/", 1)[1] for p in sent["CopyObject"]}
    held = {hashlib.sha256(content).digest() for content in old.values()}
    new_content = {path for path, content in new.items() if hashlib.sha256(content).digest() not in held}
    assert uploaded == new_content, "uploaded exactly the files whose content the live release did not hold"
    assert "rectification/ZG-2014-002/index.html" in uploaded and "opendata/rectification.json" in uploaded
    assert "guides/shengyu-fuwu/index.html" in copied and "guides/shengyu-fuwu/index.html" not in uploaded
    assert uploaded | copied == set(new)
    pages = {path for path in uploaded if path.endswith(".html")}
    # The pages uploaded again are those that show the item, and the open-data page (sizes and hashes).
    assert {path for path in pages if "ZG-2014-002" not in new[path].decode()} <= {"opendata/index.html"}, pages
    status, html = fetch(url + "/rectification/ZG-2014-002/")
    assert status == 200 and "第20日回访，继续整改。" in html


def dt(text: str):
    import datetime

    return datetime.date.fromisoformat(text)


def test_an_upload_that_fails_midway_leaves_the_live_site_as_it_was(live, tmp_path):
    from botocore.exceptions import EndpointConnectionError

    project, store, url = live
    before, pages = target(store).live_name(), {page: fetch(url + page)[1] for page in PAGES}
    client = store.client()
    calls = []

    def network_lost(**_):
        calls.append(1)
        if len(calls) == 40:
            raise EndpointConnectionError(endpoint_url=store.endpoint)

    client.meta.events.register("before-call.s3.CopyObject", network_lost)
    client.meta.events.register("before-call.s3.PutObject", network_lost)

    with pytest.raises(PublishError) as failed:
        publish(project, target(store, client), as_of=dt("2014-12-29"))

    assert failed.value.status == STORE_FAILED and "无法访问" in str(failed.value)
    assert len(calls) >= 40, "the failure came in the middle of the upload"
    assert target(store).live_name() == before
    for page, html in pages.items():
        assert fetch(url + page) == (200, html), page
    unfinished = [name for name in folders(store) if name not in target(store).release_names()]
    assert unfinished, "the failed upload left a folder that is not a release"

    again = portal("publish", "--to", URL, "--as-of", "2014-12-29", cwd=project, env=store.env)
    assert again.returncode == 0, again.stderr
    assert live_as_of(url) == "2014-12-29"
    assert folders(store) == set(target(store).release_names()), "the next publish removed what was left"


def folders(store) -> set[str]:
    """The releases/ folders that hold any object (a store may keep a folder's name after its last object)."""
    pages = store.client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=f"{PREFIX}/releases/")
    return {e["Key"].removeprefix(f"{PREFIX}/releases/").split("/")[0] for page in pages
            for e in page.get("Contents", []) if not e["Key"].endswith(LISTING)}


def test_readers_see_whole_pages_of_the_old_or_the_new_release_while_three_go_live(live):
    project, store, url = live
    before = live_as_of(url)
    dates = ["2014-12-21", "2014-12-22", "2014-12-23"]
    outcomes: list[subprocess.CompletedProcess] = []

    def publish_three():
        for as_of in dates:
            outcomes.append(portal("publish", "--to", URL, "--as-of", as_of, cwd=project, env=store.env))

    publisher = threading.Thread(target=publish_three)
    publisher.start()
    seen, failures = [], []
    deadline = time.monotonic() + 600  # a bound, not a measurement
    for count in range(20000):
        if not publisher.is_alive() or time.monotonic() > deadline:
            break
        page = PAGES[count % len(PAGES)]
        status, html = fetch(url + page)
        shown = as_of_shown(html)
        if status != 200 or not html.rstrip().endswith("</html>") or len(shown) != 1:
            failures.append(f"{page}: status {status}, as-of {sorted(shown)}, ends {html[-40:]!r}")
            continue
        seen.append(shown.pop())
        for sheet in stylesheets(html):  # what the page needs is there when the page is
            asset = urllib.parse.urljoin(url + page, sheet)
            if fetch(asset)[0] != 200:
                failures.append(f"{page}: {sheet} missing")
        time.sleep(0.02)
    publisher.join(timeout=600)

    assert [o.returncode for o in outcomes] == [0] * 3, [o.stderr for o in outcomes]
    assert failures == []
    expected = [before, *dates]
    assert set(seen) <= set(expected) and len(set(seen)) >= 2, sorted(set(seen))
    assert seen == sorted(seen, key=expected.index), "a reader went back to an older release"
    assert live_as_of(url) == dates[-1]


def test_rollback_flips_the_pointer_back_and_forth(live):
    project, store, url = live
    newer = portal("publish", "--to", URL, "--as-of", "2014-12-31", cwd=project, env=store.env)
    assert newer.returncode == 0, newer.stderr
    names = target(store).release_names()

    back = portal("rollback", "--to", URL, cwd=project, env=store.env)

    assert back.returncode == 0, back.stderr
    assert f"releases/{names[-2]}/" in back.stdout
    assert target(store).live_name() == names[-2]
    assert live_as_of(url) != "2014-12-31"
    forward = portal("rollback", "--to", URL, "--release", names[-1], cwd=project, env=store.env)
    assert forward.returncode == 0, forward.stderr
    assert live_as_of(url) == "2014-12-31"


def test_releases_beyond_keep_are_deleted_after_the_switch_and_never_the_live_one(live):
    project, store, url = live
    result = portal("publish", "--to", URL, "--as-of", "2014-12-31", "--keep", "2", cwd=project, env=store.env)

    assert result.returncode == 0, result.stderr
    names = target(store).release_names()
    assert len(names) == 2 and target(store).live_name() == names[-1]
    assert folders(store) == set(names), "the deleted releases' objects are gone too"
    listings = store.client().list_objects_v2(Bucket=BUCKET, Prefix=f"{PREFIX}/releases/", Delimiter="/")
    assert sorted(e["Key"].rsplit("/", 1)[-1] for e in listings["Contents"]) == [n + LISTING for n in names]


def test_watch_publishes_to_a_store(live):
    project, store, url = live
    result = portal("watch", "--to", URL, "--as-of", "2014-12-30", "--max-runs", "1", cwd=project, env=store.env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "发布成功" in result.stdout and URL in result.stdout
    assert live_as_of(url) == "2014-12-30"


def test_portal_verify_checks_the_chain_of_releases_the_store_serves(live):
    """After the publishes above, the live release in the store names each one before it, and
    `portal verify` reads it all back through the store's HTTP endpoint. Under pytest-xdist the tests
    above may have run on another worker, with a store of their own: this one then publishes the
    releases it needs itself."""
    project, store, url = live
    for _ in range(5):  # bounded: at most the five releases the chain is checked with
        releases = json.loads(fetch(url + "/opendata/releases.json")[1])["releases"]
        if len(releases) >= 5:
            break
        again = portal("publish", "--to", URL, "--as-of", "2014-12-31", cwd=project, env=store.env)
        assert again.returncode == 0, again.stdout + again.stderr
    releases = json.loads(fetch(url + "/opendata/releases.json")[1])["releases"]
    assert len(releases) >= 5, [r["release"] for r in releases]
    result = portal("verify", url + "/", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "核对通过" in result.stdout and f"共 {len(releases)} 次发布" in result.stdout


def test_a_store_that_cannot_be_reached_fails_with_a_message_and_status_4(tmp_path):
    project = small_project(tmp_path / "project")
    env = {"AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s",
           "AWS_REGION": "us-east-1"}
    result = portal("publish", "--to", URL, "--as-of", FIRST, cwd=project, env={**os.environ, **env})

    assert result.returncode == STORE_FAILED
    assert f"对象存储 {URL}/：无法访问" in result.stderr and "Traceback" not in result.stderr
