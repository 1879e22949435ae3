"""A rendered project serves: `make run` answers /api/health and CRUD on a real socket, and
answers writes through a database restart with 201 or 503 only, keeping every 201. Its local
PostgreSQL names the port another server holds rather than failing in pg_ctl's words.
"""

import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from tests.helpers import (
    ProjectFactory,
    assert_writes_survive_a_restart,
    attempt,
    free_port,
    make,
    make_run,
    request,
    run,
)

# How long each phase of the restart may take: writes acknowledged, refused, acknowledged again.
WAIT_SECONDS = 60


@pytest.mark.parametrize("package_manager", ["uv", "poetry"])
def test_make_run_serves_the_in_memory_api(
    own_project: ProjectFactory, package_manager: str
) -> None:
    project = own_project(package_manager=package_manager, database="none")
    make(project, "install")

    with make_run(project) as base:
        assert request(f"{base}/items", {"name": "widget"})[0] == 201
        assert request(f"{base}/items", {"name": ""})[0] == 422
        assert len(request(f"{base}/items")[1]["items"]) == 1


def test_make_migrate_and_run_keep_writes_across_a_database_restart(
    own_project: ProjectFactory,
) -> None:
    project = own_project(database="postgres")
    make(project, "install")
    # A directory the `postgres` account can reach when the tests run as root.
    data_dir = Path(tempfile.mkdtemp(prefix="serve-postgres-"))
    script = ["python3", "scripts/local_postgres.py"]
    # A fixed port: the restarted server must answer where the service expects it.
    port = str(free_port())
    start = [*script, "start", str(data_dir), "--port", port, "--database", "acme_orders"]
    stop = [*script, "stop", str(data_dir)]
    try:
        env = {"DATABASE_URL": run(*start, cwd=project).strip()}
        # A second start (a second `make db-start`) keeps the running server.
        assert run(*start, cwd=project).strip() == env["DATABASE_URL"]
        make(project, "migrate", env=env)

        with make_run(project, env) as base:
            created = request(f"{base}/items", {"name": "survivor"})
            assert created[0] == 201
            assert request(f"{base}/health/ready")[0] == 200

            assert_writes_survive_a_restart(
                base,
                stop=lambda: run(*stop, cwd=project),
                start=lambda: run(*start, cwd=project),
                seconds=WAIT_SECONDS,
            )
            assert request(f"{base}/items/{created[1]['id']}")[1]["name"] == "survivor"
    finally:
        attempt(*stop, cwd=project)
        shutil.rmtree(data_dir, ignore_errors=True)


def test_db_start_names_a_port_another_server_holds(shared_project: ProjectFactory) -> None:
    project = shared_project(database="postgres")
    data_dir = Path(tempfile.mkdtemp(prefix="taken-port-"))
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        refused = attempt(
            "python3",
            "scripts/local_postgres.py",
            "start",
            str(data_dir),
            "--port",
            str(port),
            cwd=project,
        )
    shutil.rmtree(data_dir, ignore_errors=True)
    assert refused.returncode == 1
    assert f"port {port} is in use" in refused.stderr
    assert "--port" in refused.stderr
    assert "DATABASE_URL" in refused.stderr
