"""A served project: `make run` on a free port, and requests to it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .commands import clean_environ

STARTUP_SECONDS = 60


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def request(url: str, body: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    """GET `url`, or POST `body` as JSON; the status and the JSON reply, errors included."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"content-type": "application/json"} if body is not None else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=5) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _wait_for_health(base: str, server: subprocess.Popen[bytes]) -> dict[str, Any]:
    """Poll /api/health until the server answers; fail if it dies or takes too long."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            status, health = request(f"{base}/health")
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, "make run exited before serving"
            assert time.monotonic() < deadline, "no answer on /api/health"
            time.sleep(0.3)
            continue
        assert status == 200
        return health


@contextlib.contextmanager
def make_run(project: Path, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """`make run` on a free port; yields the API's base URL, stops the server after."""
    port = free_port()
    server = subprocess.Popen(
        ["make", "run"],
        cwd=project,
        env={**clean_environ(), **(env or {}), "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/api"
    try:
        health = _wait_for_health(base, server)
        assert (health["status"], health["version"]) == ("ok", "0.1.0")
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
