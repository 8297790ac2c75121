"""Publish to an S3-compatible object store (Aliyun OSS, Tencent COS, Huawei OBS, MinIO, SeaweedFS):
the target of `portal publish --to s3://BUCKET/PREFIX`, through boto3.

Layout under s3://BUCKET/PREFIX/ (docs/publishing.md says how a CDN or a proxy serves it):

    PREFIX/releases/<name>/…              every file of a release; never changed once uploaded
    PREFIX/releases/<name>.files.json     its listing (path → SHA-256 and size): written once the release is whole
    PREFIX/current.json                   the pointer {"release": "<name>"}: written last, in one PUT

A publish uploads only the files whose content is not in the live release; the store copies the
others from the live release itself (server-side, nothing sent again). Hashed files the live
release has and the new one lacks are copied in too, so a page a reader loaded before the switch
still finds its stylesheet and search index after it. The new release is listed back and compared
with what was built before the pointer moves: a failed or killed upload leaves the pointer, and so
the live site, as it was; the next publish removes what it left. Releases beyond --keep are deleted
after the switch, never the live one.

Endpoint, region and credentials come from boto3's usual places: AWS_ENDPOINT_URL (or
AWS_ENDPOINT_URL_S3), AWS_REGION, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or AWS_PROFILE and
~/.aws/config. Never from the data.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

from portal.publish import object_headers
from portal.model import urls
from portal.publish.release import METADATA, USAGE, PublishError

POINTER = "current.json"
LISTING = ".files.json"
WORKERS = 16  # requests in flight: a store answers each in milliseconds, so threads, not bandwidth, set the pace
STORE_FAILED = 4
"""Exit status when the store refused or could not be reached (1–3 are as for --dest)."""


@dataclass
class Transfer:
    """What one publish sent: uploads carry bytes over the network, server-side copies do not."""

    files: int = 0
    bytes: int = 0
    uploaded: int = 0
    uploaded_bytes: int = 0
    copied: int = 0
    copied_bytes: int = 0
    carried: int = 0  # hashed files of the previous release kept for readers who loaded it (also copies)

    def summary(self) -> str:
        return (f"共 {self.files:,} 个文件（{_size(self.bytes)}）：上传 {self.uploaded:,} 个（{_size(self.uploaded_bytes)}），"
                f"存储端复制未变的 {self.copied:,} 个（{_size(self.copied_bytes)}，不经网络），"
                f"另保留上一版本的带哈希文件 {self.carried:,} 个")


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.1f} KB"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def local_files(site: Path) -> dict[str, dict]:
    """Every file under site/, by its path relative to it: SHA-256 and size, as a listing holds them."""
    return {p.relative_to(site).as_posix(): {"sha256": sha256(p), "bytes": p.stat().st_size}
            for p in sorted(site.rglob("*")) if p.is_file()}


def _store_errors(url: str):
    """boto3's errors as one message staff can act on; a PublishError passes unchanged."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
    except ImportError:
        raise PublishError("发布到对象存储要用 boto3，还没有安装（在项目目录运行 .venv/bin/pip install -e '.[store]'）",
                           USAGE) from None

    @contextlib.contextmanager
    def translated() -> Iterator[None]:
        try:
            yield
        except NoCredentialsError:
            raise PublishError(f"对象存储 {url}：没有找到访问密钥（设置 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY，"
                               "或 AWS_PROFILE）", STORE_FAILED) from None
        except ClientError as exc:
            error = exc.response.get("Error", {})
            raise PublishError(f"对象存储 {url}：{exc.operation_name} 被拒绝（{error.get('Code')}：{error.get('Message')}）",
                               STORE_FAILED) from None
        except BotoCoreError as exc:
            raise PublishError(f"对象存储 {url}：无法访问（{exc}）；检查 AWS_ENDPOINT_URL 和网络", STORE_FAILED) from None

    return translated()


class StoreTarget:
    """s3://BUCKET/PREFIX as a publishing target (portal.publish.release.Target)."""

    def __init__(self, bucket: str, prefix: str = "", client=None):
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._client = client
        self._workdir: Path | None = None
        self.transfer: Transfer | None = None

    @classmethod
    def from_url(cls, url: str) -> "StoreTarget":
        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        return cls(bucket, prefix)

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    @property
    def client(self):
        if self._client is None:
            import boto3
            from botocore.config import Config

            # Checksums only where the API requires them: OSS, COS and OBS refuse the CRC headers
            # boto3 adds by default since 1.36.
            config = Config(retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=WORKERS,
                            request_checksum_calculation="when_required",
                            response_checksum_validation="when_required")
            self._client = boto3.session.Session().client("s3", config=config)
        return self._client

    def key(self, path: str) -> str:
        return self.prefix + path

    # -- reading the store ---------------------------------------------------------------------

    def _get(self, path: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.key(path))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def _keys(self, path: str) -> Iterator[str]:
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.key(path)):
            for entry in page.get("Contents", []):
                yield entry["Key"]

    def _folders(self, path: str) -> tuple[list[str], list[str]]:
        """The keys directly under path/ and the names of the folders there."""
        keys, folders = [], []
        for page in self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.key(path), Delimiter="/"):
            keys += [e["Key"] for e in page.get("Contents", [])]
            folders += [p["Prefix"][len(self.key(path)):].rstrip("/") for p in page.get("CommonPrefixes", [])]
        return keys, folders

    def live_name(self) -> str | None:
        with _store_errors(self.url):
            pointer = self._get(POINTER)
        return json.loads(pointer)["release"] if pointer else None

    def release_names(self) -> list[str]:
        """Finished releases, oldest first: those with a listing (a killed upload leaves none)."""
        with _store_errors(self.url):
            keys, _ = self._folders("releases/")
        return sorted(k.rsplit("/", 1)[-1].removesuffix(LISTING) for k in keys if k.endswith(LISTING))

    def listing(self, name: str) -> dict[str, dict]:
        return json.loads(self._get(f"releases/{name}{LISTING}") or b'{"files": {}}')["files"]

    def has_home_page(self, name: str) -> bool:
        return "index.html" in self.listing(name)

    # -- the publish flow (portal.publish.release.publish) --------------------------------------

    @contextlib.contextmanager
    def session(self) -> Iterator[Path | None]:
        """One publish or rollback at a time from this machine; yields the live release's release.json
        and open data, downloaded into a local folder named after it."""
        lock = Path(tempfile.gettempdir()) / f"portal-publish-{hashlib.sha256(self.url.encode()).hexdigest()[:16]}.lock"
        with open(lock, "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print("另一次发布或回退正在进行，等待它结束……", file=sys.stderr, flush=True)
                fcntl.flock(handle, fcntl.LOCK_EX)
            self._workdir = Path(tempfile.mkdtemp(prefix="portal-publish-"))
            try:
                with _store_errors(self.url):
                    live = self.live_name()
                    self._remove_unfinished(live)
                    yield self._fetch_live(live) if live else None
            finally:
                shutil.rmtree(self._workdir, ignore_errors=True)
                self._workdir = None

    def _fetch_live(self, name: str) -> Path:
        """What the publish check and the release chain read of the live release: release.json and
        every file under opendata/ (the ledger, releases.json and history/, which the next release carries on)."""
        folder = self._workdir / "live" / name
        keys = [e["Key"] for page in self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.key(f"releases/{name}/{urls.OPENDATA}/")) for e in page.get("Contents", [])]
        for key in [self.key(f"releases/{name}/{METADATA}"), *keys]:
            path = folder / key.removeprefix(self.key(f"releases/{name}/"))
            content = self._get(key.removeprefix(self.prefix))
            if content is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
        return folder

    def staging(self, name: str) -> Path:
        return self._workdir / "build" / name

    def discard(self, staged: Path) -> None:
        shutil.rmtree(staged, ignore_errors=True)

    def go_live(self, staged: Path, name: str, keep: int) -> PurePosixPath:
        with _store_errors(self.url):
            self.transfer = self.upload(staged, name)
            self._point_at(name)
            self._prune(keep)
        return PurePosixPath(self.bucket, self.key(f"releases/{name}"))

    def upload(self, site: Path, name: str) -> Transfer:
        """Put release `name` in the store, whole, from site/: what the live release holds is copied
        inside the store, the rest uploaded; then its listing, once every object is there."""
        files = local_files(site)
        live = self.live_name()
        held = self.listing(live) if live else {}
        by_hash = {entry["sha256"]: path for path, entry in held.items()}
        transfer = Transfer(files=len(files), bytes=sum(e["bytes"] for e in files.values()))
        jobs: list[Callable[[], None]] = []
        for path, entry in files.items():
            source = path if held.get(path, {}).get("sha256") == entry["sha256"] else by_hash.get(entry["sha256"])
            if source is not None and object_headers.headers(source) == object_headers.headers(path):
                jobs.append(self._copy_job(f"releases/{live}/{source}", f"releases/{name}/{path}"))
                transfer.copied += 1
                transfer.copied_bytes += entry["bytes"]
            else:
                jobs.append(self._upload_job(site / path, f"releases/{name}/{path}", path))
                transfer.uploaded += 1
                transfer.uploaded_bytes += entry["bytes"]
        listing = dict(files)
        for path, entry in held.items():  # the previous release's own hashed files, for its readers
            if path not in files and not entry.get("carried") and object_headers.is_immutable(path):
                jobs.append(self._copy_job(f"releases/{live}/{path}", f"releases/{name}/{path}"))
                listing[path] = {**entry, "carried": True}
                transfer.carried += 1
        with ThreadPoolExecutor(WORKERS) as pool:
            for done in [pool.submit(job) for job in jobs]:
                done.result()  # the first failure stops the publish before the pointer moves
        there = {key.removeprefix(self.key(f"releases/{name}/")) for key in self._keys(f"releases/{name}/")}
        if missing := sorted(set(listing) - there):
            raise PublishError(f"对象存储 {self.url}：上传后缺少 {len(missing)} 个文件（如 {missing[0]}），没有切换",
                               STORE_FAILED)
        self._put(f"releases/{name}{LISTING}", json.dumps({"release": name, "files": listing}).encode(),
                  ContentType="application/json; charset=utf-8", CacheControl="no-store")
        return transfer

    def _upload_job(self, source: Path, path: str, site_path: str) -> Callable[[], None]:
        return lambda: self._put(path, source.read_bytes(), **object_headers.headers(site_path))

    def _copy_job(self, source: str, path: str) -> Callable[[], None]:
        return lambda: self.client.copy_object(Bucket=self.bucket, Key=self.key(path), MetadataDirective="COPY",
                                               CopySource={"Bucket": self.bucket, "Key": self.key(source)})

    def _put(self, path: str, body: bytes, **headers) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.key(path), Body=body, **headers)

    def _point_at(self, name: str) -> None:
        """The switch: one PUT of a small object, which a reader sees whole, before or after."""
        self._put(POINTER, json.dumps({"release": name}).encode() + b"\n", Metadata={"release": name},
                  ContentType="application/json; charset=utf-8", CacheControl="no-store")

    def _delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):  # DeleteObjects takes at most 1,000 keys
            batch = [{"Key": k} for k in keys[start:start + 1000]]
            answer = self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})
            if errors := answer.get("Errors"):
                raise PublishError(f"对象存储 {self.url}：有 {len(errors)} 个对象删不掉（如 {errors[0].get('Key')}："
                                   f"{errors[0].get('Code')}）", STORE_FAILED)

    def _delete_release(self, name: str) -> None:
        self._delete([self.key(f"releases/{name}{LISTING}")])  # first: the release stops being listed
        self._delete(list(self._keys(f"releases/{name}/")))

    def _prune(self, keep: int) -> None:
        live = self.live_name()
        for old in self.release_names()[:-keep]:
            if old != live:
                self._delete_release(old)

    def _remove_unfinished(self, live: str | None) -> None:
        """Folders of uploads that were killed or failed before their listing: never live, never listed."""
        _, folders = self._folders("releases/")
        for name in set(folders) - set(self.release_names()) - {live}:
            self._delete(list(self._keys(f"releases/{name}/")))

    # -- rollback and messages -----------------------------------------------------------------

    def switch(self, name: str) -> PurePosixPath:
        with _store_errors(self.url):
            self._point_at(name)
        return PurePosixPath(self.bucket, self.key(f"releases/{name}"))

    def where(self, name: str) -> str:
        done = f"对象存储 {self.url}{POINTER} → releases/{name}/"
        return done + (f"\n{self.transfer.summary()}" if self.transfer else "")

