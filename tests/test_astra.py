"""database=astra: Cassandra files, CI service, packaging, local node, and a served round trip.

The generated project's own tests (CRUD, paging, migrations, the outage) run in its CI, which
test_ci.py runs for every combination; here are the checks that need the template around them.
"""

import re
import shutil
import socket
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from pytest_copier.plugin import CopierFixture

from tests.helpers import (
    ProjectFactory,
    assert_writes_survive_a_restart,
    attempt,
    free_port,
    make,
    make_run,
    render,
    request,
    run,
    tool,
    tracked,
)
from tests.matrix.services import PROVIDERS, ServiceRequest, image_name

# Recovery after the node restarts: the driver retries it every 10 s at most.
RECOVERY_SECONDS = 60


@pytest.fixture
def astra_project(shared_project: ProjectFactory) -> Path:
    """The uv + astra project, rendered (and locked) once for the tests that only read it."""
    return shared_project(database="astra")


def test_astra_brings_cassandra_files_and_no_postgres_ones(astra_project: Path) -> None:
    files = tracked(astra_project)

    assert {
        "scripts/local_cassandra.py",
        "scripts/cassandra_jars.py",
        "scripts/cassandra_config.py",
        "src/acme_orders/db/futures.py",
        "src/acme_orders/migrations/0001_create_items.cql",
        "tests/tcp_proxy.py",
        "tests/integration/test_database_outage.py",
        "tests/integration/test_migrations.py",
    } <= files
    postgres_only = {"alembic.ini", "scripts/local_postgres.py", "src/acme_orders/db/base.py"}
    assert not postgres_only & files
    assert not [name for name in files if "alembic" in name]


@pytest.mark.parametrize("database", ["postgres", "none"])
def test_other_databases_bring_no_cassandra_files(
    shared_project: ProjectFactory, database: str
) -> None:
    files = tracked(shared_project(database=database))

    assert not [name for name in files if name.startswith("scripts/") and "cassandra" in name]
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
    # Settings includes the store's group (db/settings.py): their fields are the variables.
    package = astra_project / "src/acme_orders"
    sources = [(package / name).read_text() for name in ("settings.py", "db/settings.py")]
    fields = [
        name
        for source in sources
        for name in re.findall(r"^    ([a-z_]+): ", source, flags=re.MULTILINE)
    ]

    assert "cassandra_keyspace" in fields
    missing = [name for name in fields if name.upper() not in example]
    assert missing == [], f"settings missing from .env.example: {missing}"
    assert "ASTRA_DB_SECURE_CONNECT_BUNDLE" in example
    assert "Astra UI" in example


@pytest.mark.parametrize("package_manager", ["uv", "poetry"])
def test_the_wheel_carries_the_cql_migrations(
    own_project: ProjectFactory, package_manager: str
) -> None:
    """The container installs the wheel: `migrate` there needs the .cql files inside it."""
    project = own_project(database="astra", package_manager=package_manager)
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


def test_a_package_named_cassandra_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="shadow a dependency"):
        render(tmp_path / "project", database="astra", package_name="cassandra")


def test_the_runner_gives_each_job_a_keyspace_on_one_local_node() -> None:
    provide = PROVIDERS[image_name("docker.io/library/cassandra:5.0")]
    job = ServiceRequest(name="cassandra", image="cassandra:5.0", ports=["9042:9042"])

    first, second = provide(job), provide(job)

    assert first.env["CASSANDRA_PORT"] == second.env["CASSANDRA_PORT"]
    assert first.env["CASSANDRA_KEYSPACE"] != second.env["CASSANDRA_KEYSPACE"]
    assert "Cassandra 5.0" in first.description
    with socket.create_connection(("127.0.0.1", int(first.env["CASSANDRA_PORT"])), 5):
        pass


def test_make_migrate_and_run_keep_writes_across_a_node_restart(
    own_project: ProjectFactory,
) -> None:
    astra_project = own_project(database="astra")
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

            assert_writes_survive_a_restart(
                base,
                stop=lambda: run(*stop, cwd=astra_project),
                start=lambda: run(*start, cwd=astra_project),
                seconds=RECOVERY_SECONDS,
            )
            assert request(f"{base}/items/{created[1]['id']}")[1]["name"] == "survivor"
    finally:
        attempt(*stop, cwd=astra_project)
        shutil.rmtree(node_dir, ignore_errors=True)
