"""Test helpers for publishing: a small project to publish, the `portal` command, Debian's nginx
serving DIR/current with the site block of docs/nginx.conf.example, and reading pages from it.
Used by test_publish.py and test_watch.py."""

from __future__ import annotations

import functools
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

from bench.loopback import stop
from conftest import PROJECT, VALID, run_portal
from sitetools import copy_project

NGINX = Path(shutil.which("nginx") or "/usr/sbin/nginx")
EXAMPLE = PROJECT / "docs" / "nginx.conf.example"
AS_OF_MARK = re.compile(r'数据截至 <time datetime="([0-9-]+)"')
PAGES = ("/", "/guides/shengyu-fuwu/", "/rules/shouwen-fuze/", "/rectification/ZG-2014-002/")
"""Pages of the small valid data (tests/fixtures/valid) that readers fetch."""


def small_project(dest: Path) -> Path:
    """A buildable copy of the project with the small valid data: builds in seconds."""
    return copy_project(dest, VALID / "data")


def portal(*args: str, cwd: Path, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """conftest.run_portal without PORTAL_AS_OF, even in `env`: every publish here names its as-of date,
    the mark of its release."""
    env = {key: value for key, value in (env or {}).items() if key != "PORTAL_AS_OF"}
    return run_portal(*args, cwd=cwd, env=env, as_of=None, **kwargs)


def add_hook(project: Path, name: str, source: str) -> None:
    """Add a test-only hook to the copy's mkdocs.yml, first in the list."""
    (project / "hooks" / f"{name}.py").write_text(source, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nhooks:\n" in text
    config.write_text(text.replace("\nhooks:\n", f"\nhooks:\n  - hooks/{name}.py\n", 1), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_of_shown(html: str) -> set[str]:
    """The as-of dates a page shows (数据截至): one per release, so it tells releases apart."""
    return set(AS_OF_MARK.findall(html))


def fetch(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def site_block(dest: Path, port: int) -> str:
    """The documented server block, pointed at dest and a loopback port instead of port 80."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "/srv/portal/current" in text and "listen 80;" in text
    text = text.replace("/srv/portal", str(dest))
    text = re.sub(r"^\s*listen \[::\]:80;\s*$", "", text, flags=re.M)
    return text.replace("listen 80;", f"listen 127.0.0.1:{port};")


@contextmanager
def nginx_serving(server_block: Callable[[int], str], workdir: Path) -> Iterator[str]:
    """Debian's nginx on 127.0.0.1 with `server_block(port)` as its only server, files in workdir;
    yields the base URL and stops nginx after."""
    if not NGINX.exists():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    port = free_port()
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / temp).mkdir(parents=True, exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""  # pytest's folders are private to their owner
    (workdir / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
{server_block(port)}
}}
""", encoding="utf-8")
    server = subprocess.Popen([str(NGINX), "-p", str(workdir), "-c", str(workdir / "nginx.conf"),
                               "-e", str(workdir / "error.log"), "-g", "daemon off;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):  # at most ten seconds for nginx to listen
            if server.poll() is not None:
                raise AssertionError(f"nginx exited: {server.stderr.read().decode()}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            raise AssertionError("nginx did not start listening")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server, timeout=10)
        server.stderr.close()


def nginx(dest: Path, workdir: Path):
    """Debian's nginx serving dest/current with the documented site block; yields the base URL."""
    return nginx_serving(functools.partial(site_block, dest), workdir)


def live_as_of(base: str) -> str:
    """The as-of date of the release nginx serves now, read from the home page."""
    status, html = fetch(base + "/")
    assert status == 200, status
    dates = as_of_shown(html)
    assert len(dates) == 1, dates
    return dates.pop()
