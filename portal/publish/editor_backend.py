"""`portal editor-backend`: the browser editor's local backend, which refuses what `portal validate` refuses.

Decap CMS talks to its local backend (decap-server, from npm) with one JSON request per action. This
command runs decap-server on a private port and stands in front of it on 127.0.0.1: every request is
passed on unchanged, except that a save (`persistEntry`) is first checked with the project's own
rules (portal/publish/proposed.py, against the published base) and refused, in Chinese and field by
field, when the file would not pass; and deleting a data file is refused (published records stay).
The editor asks the same check before saving (`portalValidate`), to show the problems at the fields,
and asks which entries of a record are published (`portalPublished`), to show them locked.

Example:
    portal editor-backend                 # decap-server's file mode, port 8081 (scripts/serve --editor)
    portal editor-backend --mode git --against main --port 8090
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

from portal.load import git
from portal.publish import proposed
from portal.load.problems import Problem

DECAP_SERVER = Path("node_modules/decap-server/dist/index.js")


def refusal(problems: list[Problem]) -> str:
    """What the editor's notice says when a save is refused: every problem, one a line."""
    lines = [f"{p.label or p.field}（{p.field}，第 {p.line} 行）：{p.message}" if p.field else f"第 {p.line} 行：{p.message}"
             for p in problems]
    return "没有保存，请先改正：\n" + "\n".join(lines)


def _written(params: dict) -> dict[str, str]:
    """path -> text of every data file a persistEntry request would write."""
    files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
    return {f["path"]: f["raw"] for f in files}


class Backend:
    """What the handler needs: the project, the published base, and where decap-server listens."""

    def __init__(self, root: Path, upstream: str, against: str | None) -> None:
        self.root, self.upstream, self.against = root, upstream, against

    def answer(self, request: dict) -> tuple[int, object]:
        """(HTTP status, JSON body) for one of Decap's requests; decap-server's answers as bytes."""
        action, params = request.get("action"), request.get("params") or {}
        try:
            if action == "portalValidate":  # the editor's own question: what would this save break?
                problems = proposed.check(self.root, params.get("files") or {}, self.against)
                return 200, {"problems": [p.as_dict() for p in problems]}
            if action == "portalPublished":  # which entries of a record the form shows locked
                lists = proposed.published_entries(self.root, str(params.get("path") or ""), self.against)
                return 200, {"base": self.against, "lists": lists}
            if action == "portalEntryExists":  # an address of an entry that is neither a file nor a draft
                return 200, {"exists": self.exists(str(params.get("collection") or ""), str(params.get("slug") or ""))}
            if action == "persistEntry":
                problems = proposed.check(self.root, _written(params), self.against)
                if problems:
                    return 422, {"error": refusal(problems), "problems": [p.as_dict() for p in problems]}
            if action in ("deleteFile", "deleteFiles"):
                paths = params.get("paths") or [params.get("path", "")]
                if any(str(p).startswith("data/") for p in paths):
                    return 422, {"error": "已发布的记录不能删除；要停止公开，请在记录里填写“撤销”（日期和原因）"}
        except proposed.ProposalError as exc:
            return 422, {"error": str(exc)}
        return self.forward(request)

    def exists(self, collection: str, slug: str) -> bool:
        """Whether the editor's address collections/<collection>/entries/<slug> names an entry: a file of
        the collection's folder (data/<collection>/<slug>.yml), or a draft (decap-server's git mode keeps
        one on the branch cms/<collection>/<slug>)."""
        if not slug or "/" in slug or "\\" in slug or slug.startswith(".") or "/" in collection:
            return False
        if (self.root / "data" / collection / f"{slug}.yml").is_file():
            return True
        try:
            git.commit(self.root, f"refs/heads/cms/{collection}/{slug}")
        except git.GitError:
            return False
        return True

    def forward(self, request: dict) -> tuple[int, bytes]:
        data = json.dumps(request).encode("utf-8")
        call = urllib.request.Request(self.upstream, data=data, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(call, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()


def _handler(backend: Backend) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: object = b"") -> None:
            data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            # The editor's page is served from another port of this machine (the preview's).
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_OPTIONS(self) -> None:  # noqa: N802 - the name http.server calls
            self._send(204)

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            try:
                request = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                self._send(400, {"error": "请求不是有效的 JSON"})
                return
            self._send(*backend.answer(request))

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def decap_server(root: Path, mode: str, log_path: Path | None = None) -> Iterator[str]:
    """decap-server in root on a private port, until the block ends; yields its API address."""
    node = shutil.which("node")
    script = root / DECAP_SERVER
    if node is None or not script.is_file():
        raise SystemExit("portal: 编辑器的本机后台需要 Node.js 和 node_modules/decap-server（在项目目录运行 npm ci）")
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(root), "MODE": mode}
    log = log_path.open("wb") if log_path else subprocess.DEVNULL
    process = subprocess.Popen([node, str(script)], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    upstream = f"http://127.0.0.1:{port}/api/v1"
    try:
        info = urllib.request.Request(upstream, data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
        for _ in range(300):  # bounded: it listens within a second or two
            try:
                with urllib.request.urlopen(info, timeout=5):
                    break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("portal: decap-server 没能启动") from None
                threading.Event().wait(0.1)
        else:
            raise SystemExit("portal: decap-server 没有应答")
        yield upstream
    finally:
        process.terminate()
        process.wait(timeout=30)
        if log_path:
            log.close()


@contextmanager
def serving(root: Path, port: int, mode: str = "fs", against: str | None = None,
            log_path: Path | None = None) -> Iterator[ThreadingHTTPServer]:
    """The checking backend on 127.0.0.1:port with decap-server behind it, until the block ends."""
    with decap_server(root, mode, log_path) as upstream:
        server = ThreadingHTTPServer(("127.0.0.1", port), _handler(Backend(root, upstream, against)))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield server
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=30)


def _interrupt(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: a second signal must not break the clean-up
    raise KeyboardInterrupt


def cmd_editor_backend(args: argparse.Namespace) -> int:
    """Run the browser editor's local backend: decap-server behind a check with the project's rules."""
    root = Path(args.root).resolve()
    against = proposed.published_base(root, args.against)
    where = f"与 {against} 比较已发布的内容" if against else "没有找到已发布的版本（上游分支），不检查已发布内容是否被改写"
    print(f"编辑器本机后台：127.0.0.1:{args.port}，保存前按 portal validate 的规则检查；{where}", file=sys.stderr)
    signal.signal(signal.SIGTERM, _interrupt)  # scripts/serve stops it with kill: stop decap-server too
    with serving(root, args.port, args.mode, against):
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("editor-backend", help="数据编辑器的本机后台（保存前校验）", description=cmd_editor_backend.__doc__)
    p.add_argument("--port", type=int, default=8081, help="端口（默认 8081，编辑器默认连接的端口）")
    p.add_argument("--mode", choices=("fs", "git"), default="fs",
                   help="fs：直接改写本机文件（默认）；git：每次保存在 cms/ 分支上提交，如同提交合并请求")
    p.add_argument("--against", help="已发布的版本（默认当前分支的上游分支）；其中已发布的内容不能改写")
    p.set_defaults(func=cmd_editor_backend)
