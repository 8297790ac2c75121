"""Servers on 127.0.0.1 for the length of a `with` block: benches and tests serve built sites, and
stop the server processes they started."""

from __future__ import annotations

import http.server
import subprocess
import threading
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def loopback(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve with `handler` (a request handler class, or a partial of one) at a free port, from a
    thread; yields "http://127.0.0.1:PORT" and stops the server when the block ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """End a server process started for a bench or test: ask, then kill if it has not gone in time."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)
