"""The dev container: valid against the Dev Container spec's schema, the toolchain CI uses, and the
chosen store as a compose service.

The schema is the spec's own (tests/schemas/devContainer.base.schema.json, from the
devcontainers/spec repository, MIT); the compose files are checked against the Compose
specification's schema that check-jsonschema ships.
"""

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import pins, render, run, tool

SCHEMA = Path(__file__).parent / "schemas" / "devContainer.base.schema.json"
STORES = {"postgres": "db", "astra": "cassandra"}
COMBOS = {
    "uv-none-norust": {"package_manager": "uv", "database": "none", "rust_engine": False},
    "poetry-postgres-rust": {
        "package_manager": "poetry",
        "database": "postgres",
        "rust_engine": True,
    },
    "uv-astra-norust": {"package_manager": "uv", "database": "astra", "python_version": "3.13"},
}


@pytest.fixture(params=list(COMBOS), scope="module")
def project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    """One combination's rendered files (no lock, no git: the dev container needs neither)."""
    answers = COMBOS[request.param]
    destination = tmp_path_factory.mktemp(request.param) / "project"
    return render(destination, skip_tasks=True, **answers), answers


def test_devcontainer_json_is_valid_against_the_spec_schema(
    project: tuple[Path, dict[str, Any]],
) -> None:
    root, _answers = project
    devcontainer = root / ".devcontainer" / "devcontainer.json"

    run(tool("check-jsonschema"), "--schemafile", str(SCHEMA), str(devcontainer), cwd=root)


def test_the_schema_check_refuses_an_unknown_key(
    project: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    root, _answers = project
    config = json.loads((root / ".devcontainer" / "devcontainer.json").read_text())
    broken = tmp_path / "devcontainer.json"
    broken.write_text(json.dumps({**config, "postCreateCommandd": "make install"}))

    with pytest.raises(AssertionError, match="postCreateCommandd"):
        run(tool("check-jsonschema"), "--schemafile", str(SCHEMA), str(broken), cwd=root)


def test_the_compose_files_are_valid_and_run_the_store(
    project: tuple[Path, dict[str, Any]],
) -> None:
    root, answers = project
    folder = root / ".devcontainer"
    config = json.loads((folder / "devcontainer.json").read_text())
    files = [folder / name for name in config["dockerComposeFile"]]
    run(
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.compose-spec",
        *map(str, files),
        cwd=root,
    )

    services: dict[str, Any] = {}
    for path in files:
        services.update(yaml.safe_load(path.read_text())["services"])
    dev = services[config["service"]]
    store = STORES.get(answers["database"])
    if store is None:
        assert "runServices" not in config
        assert "depends_on" not in dev
    else:
        assert config["runServices"] == [config["service"], store]
        assert store in dev["depends_on"]
        assert store in services


def test_the_toolchain_is_the_one_ci_uses(project: tuple[Path, dict[str, Any]]) -> None:
    root, answers = project
    config = json.loads((root / ".devcontainer" / "devcontainer.json").read_text())
    compose = yaml.safe_load((root / ".devcontainer" / "compose.yaml").read_text())
    pinned = pins()

    python = (root / ".python-version").read_text().strip()
    assert compose["services"]["dev"]["image"].endswith(f":1-{python}-bookworm")
    manager = answers["package_manager"]
    assert f"pipx install {manager}=={pinned[manager]}" in config["postCreateCommand"]
    assert "make install" in config["postCreateCommand"]
    workflow = (root / ".github" / "workflows" / "ci.yml").read_text()
    rust = config["features"].get("ghcr.io/devcontainers/features/rust:1")
    if answers.get("rust_engine"):
        assert rust["version"] == pinned["rust"]
        assert f"dtolnay/rust-toolchain@{pinned['rust']}" in workflow
    else:
        assert rust is None
    # The actionlint git hook is built with Go.
    assert "ghcr.io/devcontainers/features/go:1" in config["features"]
