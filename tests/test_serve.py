"""A rendered project serves: `make run` answers /api/health and CRUD on a real socket."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pytest_copier.plugin import CopierFixture

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def request(url: str, body: dict[str, str] | None = None) -> tuple[int, dict[str, object]]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"content-type": "application/json"} if body is not None else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=5) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("package_manager", ["uv", "poetry"])
def test_make_run_serves_the_api(
    copier: CopierFixture, tmp_path: Path, package_manager: str
) -> None:
    project = copier.copy(tmp_path / "project", package_manager=package_manager)
    subprocess.run(["make", "install"], cwd=project.path, check=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}/api"
    server = subprocess.Popen(
        ["make", "run"],
        cwd=project.path,
        env={**os.environ, "PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                status, health = request(f"{base}/health")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "make run exited before serving"
                assert time.monotonic() < deadline, "no answer on /api/health"
                time.sleep(0.3)

        assert (status, health["status"], health["version"]) == (200, "ok", "0.1.0")
        assert request(f"{base}/items", {"name": "widget"})[0] == 201
        assert request(f"{base}/items", {"name": ""})[0] == 422
        assert request(f"{base}/items")[1]["total"] == 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
