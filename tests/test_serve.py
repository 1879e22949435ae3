"""A rendered project serves: `make run` answers /api/health and CRUD on a real socket."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
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


def wait_for_health(base: str, server: subprocess.Popen[bytes]) -> dict[str, object]:
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
def make_run(project: Path, env: dict[str, str]) -> Iterator[str]:
    """`make run` on a free port; yields the API's base URL, stops the server after."""
    port = free_port()
    server = subprocess.Popen(
        ["make", "run"],
        cwd=project,
        env={**os.environ, **env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/api"
    try:
        health = wait_for_health(base, server)
        assert (health["status"], health["version"]) == ("ok", "0.1.0")
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def make(project: Path, *targets: str, env: dict[str, str] | None = None) -> str:
    """Run make targets in the project; fail with their output if they fail."""
    done = subprocess.run(
        ["make", *targets],
        cwd=project,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"make {' '.join(targets)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.mark.parametrize("package_manager", ["uv", "poetry"])
def test_make_run_serves_the_in_memory_api(
    copier: CopierFixture, tmp_path: Path, package_manager: str
) -> None:
    project = copier.copy(tmp_path / "project", package_manager=package_manager, database="none")
    make(project.path, "install")

    with make_run(project.path, {}) as base:
        assert request(f"{base}/items", {"name": "widget"})[0] == 201
        assert request(f"{base}/items", {"name": ""})[0] == 422
        assert len(request(f"{base}/items")[1]["items"]) == 1


def test_make_migrate_and_run_keep_data_across_a_database_restart(
    copier: CopierFixture, tmp_path: Path
) -> None:
    project = copier.copy(tmp_path / "project", database="postgres")
    make(project.path, "install")
    # A directory the `postgres` account can reach when the tests run as root.
    data_dir = Path(tempfile.mkdtemp(prefix="serve-postgres-"))
    script = ["python3", "scripts/local_postgres.py"]
    # A fixed port: the restarted server must answer where the service expects it.
    port = str(free_port())
    start = [*script, "start", str(data_dir), "--port", port, "--database", "acme_orders"]
    stop = [*script, "stop", str(data_dir)]
    try:
        url = subprocess.run(
            start, cwd=project.path, check=True, capture_output=True, text=True
        ).stdout.strip()
        env = {"DATABASE_URL": url}
        make(project.path, "migrate", env=env)

        with make_run(project.path, env) as base:
            created = request(f"{base}/items", {"name": "survivor"})
            assert created[0] == 201
            assert request(f"{base}/health/ready")[0] == 200

            subprocess.run(stop, cwd=project.path, check=True, capture_output=True)
            assert request(f"{base}/health/ready")[0] == 503
            assert request(f"{base}/items")[0] == 503

            subprocess.run(start, cwd=project.path, check=True, capture_output=True)
            assert request(f"{base}/health/ready")[0] == 200
            assert request(f"{base}/items/{created[1]['id']}")[1]["name"] == "survivor"
    finally:
        subprocess.run(stop, cwd=project.path, check=False, capture_output=True)
        shutil.rmtree(data_dir, ignore_errors=True)
