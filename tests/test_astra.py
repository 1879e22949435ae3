"""database=astra: Cassandra files, CI service, packaging, local node, and a served round trip.

The generated project's own tests (CRUD, paging, migrations, the outage) run in its CI, which
test_ci.py runs for every combination; here are the checks that need the template around them.
"""

import re
import shutil
import socket
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from copier import run_copy
from pytest_copier.plugin import CopierFixture

from tests.conftest import BASE_ANSWERS
from tests.matrix.services import PROVIDERS, ServiceRequest, image_name
from tests.test_serve import free_port, make, make_run, request
from tests.tools import run, tool

ASTRA_ANSWERS = {**BASE_ANSWERS, "database": "astra"}
# Recovery after the node restarts: the driver retries it every 10 s at most.
RECOVERY_SECONDS = 60


def render(template: Path, destination: Path, **answers: Any) -> Path:
    run_copy(
        str(template),
        destination,
        data={**ASTRA_ANSWERS, **answers},
        defaults=True,
        unsafe=True,
        quiet=True,
    )
    return destination


@pytest.fixture(scope="module")
def astra_project(copier_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One uv + astra project, rendered (and locked) once for the tests that only read it."""
    return render(copier_template, tmp_path_factory.mktemp("astra") / "project")


def tracked(project: Path) -> set[str]:
    return set(run("git", "ls-files", cwd=project).splitlines())


def test_astra_brings_cassandra_files_and_no_postgres_ones(astra_project: Path) -> None:
    files = tracked(astra_project)

    assert {
        "scripts/local_cassandra.py",
        "src/acme_orders/db/futures.py",
        "src/acme_orders/migrations/0001_create_items.cql",
        "tests/tcp_proxy.py",
        "tests/integration/test_database_outage.py",
        "tests/integration/test_migrations.py",
    } <= files
    postgres_only = {"alembic.ini", "scripts/local_postgres.py", "src/acme_orders/db/base.py"}
    assert not postgres_only & files
    assert not [name for name in files if "alembic" in name]


def test_other_databases_bring_no_cassandra_files(copier: CopierFixture, tmp_path: Path) -> None:
    for database in ("postgres", "none"):
        project = copier.copy(tmp_path / database, database=database)
        files = tracked(project.path)

        assert "scripts/local_cassandra.py" not in files
        assert not [name for name in files if name.endswith(".cql")]
        assert ("tests/tcp_proxy.py" in files) == (database == "postgres")


def test_ci_tests_against_a_healthy_cassandra_service_after_migrating(
    astra_project: Path,
) -> None:
    workflow = yaml.safe_load((astra_project / ".github/workflows/ci.yml").read_text())
    job = workflow["jobs"]["test"]

    service = job["services"]["cassandra"]
    assert image_name(service["image"]) == "cassandra"
    assert service["image"].startswith("cassandra:5.0")
    assert "--health-cmd" in service["options"]
    assert "cqlsh" in service["options"]
    assert service["ports"] == ["9042:9042"]
    assert job["env"]["CASSANDRA_CONTACT_POINTS"] == "127.0.0.1"
    assert str(job["env"]["CASSANDRA_PORT"]) == "9042"
    assert job["env"]["CASSANDRA_CREATE_KEYSPACE"] == "true"
    steps = [step.get("name") for step in job["steps"]]
    assert steps.index("Apply the migrations") < steps.index("Run the tests")


def test_compose_waits_for_a_healthy_cassandra(astra_project: Path) -> None:
    compose = yaml.safe_load((astra_project / "docker-compose.yml").read_text())

    cassandra = compose["services"]["cassandra"]
    assert cassandra["image"].startswith("cassandra:5.0")
    assert "cqlsh" in " ".join(cassandra["healthcheck"]["test"])
    api = compose["services"]["api"]
    assert api["depends_on"]["cassandra"]["condition"] == "service_healthy"
    assert api["environment"]["CASSANDRA_CONTACT_POINTS"] == "cassandra"


def test_env_example_documents_every_setting_and_both_targets(astra_project: Path) -> None:
    example = (astra_project / ".env.example").read_text()
    settings = (astra_project / "src/acme_orders/settings.py").read_text()
    body = settings.split("class Settings(BaseSettings):", 1)[1]
    fields = re.findall(r"^    ([a-z_]+): ", body, flags=re.MULTILINE)

    assert "cassandra_keyspace" in fields
    missing = [name for name in fields if name.upper() not in example]
    assert missing == [], f"settings missing from .env.example: {missing}"
    assert "ASTRA_DB_SECURE_CONNECT_BUNDLE" in example
    assert "Astra UI" in example


@pytest.mark.parametrize("package_manager", ["uv", "poetry"])
def test_the_wheel_carries_the_cql_migrations(
    copier_template: Path, tmp_path: Path, package_manager: str
) -> None:
    """The container installs the wheel: `migrate` there needs the .cql files inside it."""
    project = render(copier_template, tmp_path / "project", package_manager=package_manager)
    if package_manager == "uv":
        run(tool("uv"), "build", "--wheel", "--out-dir", "dist", cwd=project)
    else:
        run(tool("poetry"), "build", "--format", "wheel", "--output", "dist", cwd=project)

    (wheel,) = (project / "dist").glob("*.whl")
    assert "acme_orders/migrations/0001_create_items.cql" in zipfile.ZipFile(wheel).namelist()


@pytest.mark.parametrize(
    ("package_name", "keyspace"),
    [("acme_orders", "acme_orders"), ("_private", "private"), ("__", "app"), ("a" * 60, "a" * 48)],
)
def test_the_keyspace_is_named_after_the_package(
    copier: CopierFixture, package_name: str, keyspace: str
) -> None:
    assert copier.context(package_name=package_name)["cassandra_keyspace"] == keyspace


def test_a_package_named_cassandra_is_refused(copier: CopierFixture, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="shadow a dependency"):
        copier.copy(tmp_path / "project", package_name="cassandra")


def test_the_runner_gives_each_job_a_keyspace_on_one_local_node() -> None:
    provide = PROVIDERS[image_name("docker.io/library/cassandra:5.0")]
    job = ServiceRequest(name="cassandra", image="cassandra:5.0", ports=["9042:9042"])

    first, second = provide(job), provide(job)

    assert first.env["CASSANDRA_PORT"] == second.env["CASSANDRA_PORT"]
    assert first.env["CASSANDRA_KEYSPACE"] != second.env["CASSANDRA_KEYSPACE"]
    assert "Cassandra 5.0" in first.description
    with socket.create_connection(("127.0.0.1", int(first.env["CASSANDRA_PORT"])), 5):
        pass


def eventually_ready(base: str) -> bool:
    """Whether /health/ready answers 200 within RECOVERY_SECONDS."""
    deadline = time.monotonic() + RECOVERY_SECONDS
    while request(f"{base}/health/ready")[0] != 200:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def test_make_migrate_and_run_keep_data_across_a_node_restart(astra_project: Path) -> None:
    make(astra_project, "install")
    node_dir = Path(tempfile.mkdtemp(prefix="serve-cassandra-"))
    script = ["python3", "scripts/local_cassandra.py"]
    # A fixed port: the restarted node must answer where the service expects it.
    port = str(free_port())
    start = [*script, "start", str(node_dir), "--port", port]
    stop = [*script, "stop", str(node_dir)]
    env = {
        "CASSANDRA_CONTACT_POINTS": "127.0.0.1",
        "CASSANDRA_PORT": port,
        "CASSANDRA_KEYSPACE": "served",
        "CASSANDRA_CREATE_KEYSPACE": "true",
    }
    try:
        printed = run(*start, cwd=astra_project)
        assert f"CASSANDRA_PORT={port}" in printed
        assert "applied 0001_create_items" in make(astra_project, "migrate", env=env)

        with make_run(astra_project, env) as base:
            created = request(f"{base}/items", {"name": "survivor"})
            assert created[0] == 201
            assert request(f"{base}/health/ready")[0] == 200

            run(*stop, cwd=astra_project)
            assert request(f"{base}/health/ready")[0] == 503
            assert request(f"{base}/items")[0] == 503

            run(*start, cwd=astra_project)
            assert eventually_ready(base), "not ready after the node came back"
            assert request(f"{base}/items/{created[1]['id']}")[1]["name"] == "survivor"
            page = request(f"{base}/items?limit=1")[1]
            assert [item["name"] for item in page["items"]] == ["survivor"]
    finally:
        subprocess.run(stop, cwd=astra_project, check=False, capture_output=True)
        shutil.rmtree(node_dir, ignore_errors=True)
