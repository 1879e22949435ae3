"""Renovate's config: valid for Renovate's own validator, grouped, Conventional Commits, and
covering what each combination renders (lockfile, actions, images, dev container, Cargo, hooks).

Renovate rather than Dependabot: it updates uv.lock and poetry.lock as well as the manifests, groups
across managers, keeps lockfiles fresh on a schedule, reads docker-compose and dev container
images, and writes Conventional Commit messages (`:semanticCommits`), which `make release` needs.
"""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import render, run, tool

COMBOS = {
    "uv-none-norust": {"package_manager": "uv", "database": "none", "rust_engine": False},
    "poetry-postgres-rust": {
        "package_manager": "poetry",
        "database": "postgres",
        "rust_engine": True,
    },
    "uv-astra-rust": {"package_manager": "uv", "database": "astra", "rust_engine": True},
}
CONFIG = Path(".github") / "renovate.json"


def validate(config: Path) -> str:
    """Renovate's own validator on a repository config; fails the test when it refuses it."""
    return run(
        tool("renovate-config-validator"), "--strict", "--no-global", str(config), cwd=config.parent
    )


@pytest.fixture(params=list(COMBOS), scope="module")
def project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    """One combination's rendered files (no lock, no git: the config needs neither)."""
    answers = COMBOS[request.param]
    destination = tmp_path_factory.mktemp(request.param) / "project"
    return render(destination, skip_tasks=True, **answers), answers


def test_renovate_validates_the_config(project: tuple[Path, dict[str, Any]]) -> None:
    root, _answers = project

    assert "Config validated successfully" in validate(root / CONFIG)


def test_the_validator_refuses_a_misspelt_option(
    project: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    root, _answers = project
    config = json.loads((root / CONFIG).read_text())
    config["packageRules"][0]["groupNam"] = "typo"
    broken = tmp_path / "renovate.json"
    broken.write_text(json.dumps(config))

    with pytest.raises(AssertionError, match="groupNam"):
        validate(broken)


def test_updates_are_grouped_and_conventional(project: tuple[Path, dict[str, Any]]) -> None:
    root, answers = project
    config = json.loads((root / CONFIG).read_text())

    assert ":semanticCommits" in config["extends"]
    assert config["lockFileMaintenance"]["enabled"] is True
    groups = {rule["groupName"]: rule for rule in config["packageRules"] if "groupName" in rule}
    expected = {"Python dependencies", "GitHub Actions", "container images"}
    if answers["rust_engine"]:
        expected.add("Rust crates")
    assert set(groups) == expected
    python = groups["Python dependencies"]["matchManagers"]
    assert ("poetry" in python) == (answers["package_manager"] == "poetry")
    assert "devcontainer" in groups["container images"]["matchManagers"]


def test_the_custom_manager_finds_the_actionlint_hook_pin(
    project: tuple[Path, dict[str, Any]],
) -> None:
    root, _answers = project
    (manager,) = json.loads((root / CONFIG).read_text())["customManagers"]
    # Renovate's patterns are JavaScript's: named groups are (?<name>...), Python's (?P<name>...).
    pattern = re.compile(manager["matchStrings"][0].replace("(?<", "(?P<"))
    hooks = (root / ".pre-commit-config.yaml").read_text()

    found = pattern.search(hooks)

    assert found is not None
    assert found["depName"] == "github.com/rhysd/actionlint"
    assert hooks.count(found["currentValue"]) == 1
