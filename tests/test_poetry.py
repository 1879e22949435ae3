"""package_manager=poetry: a Poetry 2 project with its lock, no uv leftovers, uv's tooling."""

import io
import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import (
    BASE_ANSWERS,
    ProjectFactory,
    attempt,
    clean_environ,
    make,
    run,
    tool,
    tracked,
)
from tests.matrix.actions import ActionCall, handler_for
from tests.matrix.combos import tool_pin
from tests.matrix.errors import ActionError

POETRY_VERSION = tool_pin("poetry")
POETRY_ANSWERS = {"package_manager": "poetry", "database": "none"}
# uv as a word: `uv sync`, uv.lock, [tool.uv], setup-uv, astral-sh/uv.
UV_WORD = re.compile(r"\buv\b")


def read_toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def poetry_project(shared_project: ProjectFactory) -> Path:
    """The Poetry project behind the mirror, rendered (and locked) once for the tests reading it."""
    tool("poetry")  # without Poetry the copy only warns, and every test below would fail vaguely
    return shared_project(**POETRY_ANSWERS)


def test_poetry_files_are_committed_and_uv_ones_absent(poetry_project: Path) -> None:
    files = tracked(poetry_project)

    assert {"poetry.lock", "poetry.toml", "pyproject.toml"} <= files
    assert "uv.lock" not in files
    assert read_toml(poetry_project / "poetry.toml") == {"virtualenvs": {"in-project": True}}
    pyproject = read_toml(poetry_project / "pyproject.toml")
    assert "uv" not in pyproject["tool"]
    assert pyproject["build-system"]["build-backend"] == "poetry.core.masonry.api"
    assert pyproject["tool"]["poetry"]["packages"] == [{"include": "acme_orders", "from": "src"}]
    # PEP 621 metadata: Poetry reads [project], with no Poetry-only copy of it.
    assert pyproject["project"]["requires-python"] == ">=3.12"
    assert set(pyproject["tool"]["poetry"]) == {"packages", "dependencies", "source"}


def test_no_file_mentions_uv(poetry_project: Path) -> None:
    """No uv command, action, lockfile or setting in any file (poetry.lock names packages only)."""
    mentions = [
        f"{name}:{number}: {line.strip()}"
        for name in sorted(tracked(poetry_project))
        if name != "poetry.lock"
        for number, line in enumerate((poetry_project / name).read_text().splitlines(), 1)
        if UV_WORD.search(line)
    ]

    assert not mentions, "\n".join(mentions)


def test_the_mirror_is_the_only_source(poetry_project: Path) -> None:
    pyproject = read_toml(poetry_project / "pyproject.toml")
    lock = read_toml(poetry_project / "poetry.lock")

    assert pyproject["tool"]["poetry"]["source"] == [
        {"name": "mirror", "url": BASE_ANSWERS["package_index"], "priority": "primary"}
    ]
    assert lock["package"], "poetry.lock holds no package"
    assert {package["source"]["reference"] for package in lock["package"]} == {"mirror"}


def test_dev_tools_lock_as_the_dev_group(poetry_project: Path) -> None:
    """Poetry reads the PEP 735 [dependency-groups] table both managers share."""
    groups = {
        package["name"]: package["groups"]
        for package in read_toml(poetry_project / "poetry.lock")["package"]
    }

    assert groups["fastapi"] == ["main"]
    assert groups["ruff"] == ["dev"]
    assert groups["pytest"] == ["dev"]


def test_lock_is_current_and_the_project_valid(poetry_project: Path) -> None:
    # --strict: Poetry's warnings (deprecated settings, missing metadata) fail too.
    run(tool("poetry"), "check", "--lock", "--strict", cwd=poetry_project)


def test_ci_installs_the_pinned_poetry_and_checks_the_lock(poetry_project: Path) -> None:
    workflow = yaml.safe_load((poetry_project / ".github/workflows/ci.yml").read_text())
    installing = {
        job_id: job["steps"]
        for job_id, job in workflow["jobs"].items()
        if any(step.get("run") == "make install" for step in job["steps"])
    }

    assert {"conventions", "lint", "test", "audit"} <= set(installing)
    for job_id, steps in installing.items():
        uses = [step.get("uses", "") for step in steps]
        runs = [step.get("run", "") for step in steps]
        assert not any("setup-uv" in action for action in uses), job_id
        assert not any(command.startswith("uv ") for command in runs), job_id
        poetry = next(step for step in steps if step.get("uses") == "snok/install-poetry@v1")
        python = next(step for step in steps if step.get("uses") == "actions/setup-python@v6")
        assert poetry["with"] == {"version": POETRY_VERSION}, job_id
        assert python["with"] == {"python-version-file": ".python-version", "cache": "poetry"}
        # setup-python's Poetry cache needs Poetry.
        assert steps.index(poetry) < steps.index(python), job_id
    # `make install` checks the lock before installing from it.
    install = run("make", "--dry-run", "install", cwd=poetry_project).splitlines()
    assert install.index("poetry check --lock") < install.index("poetry sync")


def test_image_gets_the_virtualenv_without_poetry(poetry_project: Path) -> None:
    builder, _, runtime = (poetry_project / "Dockerfile").read_text().partition(" AS runtime")

    assert f'"poetry=={POETRY_VERSION}"' in builder
    assert "poetry sync --only main --no-root" in builder
    assert "poetry" not in runtime.lower()
    assert "COPY --from=builder --chown=10001:10001 /app/.venv /app/.venv" in runtime


def test_make_install_applies_python_version(own_project: ProjectFactory) -> None:
    """Poetry does not read .python-version, so `make install` applies it, as uv sync does.

    It does so even from a shell where another project's virtualenv is active (this test run's),
    and the git hooks it installs run the tools from that virtualenv on a plain `git commit`.
    """
    poetry_project = own_project(**POETRY_ANSWERS)
    python_version = (poetry_project / ".python-version").read_text().strip()
    other = "3.13" if python_version != "3.13" else "3.12"
    run(tool("poetry"), "env", "use", other, cwd=poetry_project)

    active = {"VIRTUAL_ENV": sys.prefix, "PATH": f"{Path(sys.prefix) / 'bin'}:{os.environ['PATH']}"}
    make(poetry_project, "install", env=active)

    reported = run(".venv/bin/python", "-c", "import sys; print(sys.version)", cwd=poetry_project)
    assert reported.startswith(python_version + ".")
    run(tool("poetry"), "run", "acme-orders", "--help", cwd=poetry_project)
    (poetry_project / "NOTES.md").write_text("Notes.\n")
    run("git", "add", "NOTES.md", cwd=poetry_project)
    refused = attempt("git", "commit", "--quiet", "--message", "notes", cwd=poetry_project)
    assert refused.returncode != 0
    assert "commit validation: failed" in refused.stdout + refused.stderr
    run("git", "commit", "--quiet", "--message", "docs: add notes", cwd=poetry_project)


def test_no_package_index_means_pypi(shared_project: ProjectFactory) -> None:
    project = shared_project(**POETRY_ANSWERS, package_index="")

    assert "source" not in read_toml(project / "pyproject.toml")["tool"]["poetry"]


def test_uv_projects_have_no_poetry_leftovers(shared_project: ProjectFactory) -> None:
    project = shared_project(package_manager="uv")

    assert not (project / "poetry.toml").exists()
    assert not (project / "poetry.lock").exists()
    assert "poetry" not in read_toml(project / "pyproject.toml")["tool"]
    assert "poetry" not in (project / "Dockerfile").read_text().lower()


# --- the local runner's Poetry actions -------------------------------------------------------


def action(name: str, inputs: dict[str, str], workspace: Path) -> ActionCall:
    """A `uses: name` step with `inputs`, run in `workspace` with this machine's tools."""
    return ActionCall(name, "v1", inputs, workspace, workspace, clean_environ(), io.StringIO())


def test_the_poetry_action_checks_the_pinned_version(tmp_path: Path) -> None:
    name = "snok/install-poetry"
    handler = handler_for(name)

    assert POETRY_VERSION in handler(action(name, {"version": POETRY_VERSION}, tmp_path)).note
    assert POETRY_VERSION in handler(action(name, {}, tmp_path)).note
    with pytest.raises(ActionError, match=f"pins Poetry 1.8.5, but .* is {POETRY_VERSION}"):
        handler(action(name, {"version": "1.8.5"}, tmp_path))


def test_setup_python_poetry_cache_points_the_virtualenv_at_its_python(tmp_path: Path) -> None:
    """As on GitHub: with `cache: poetry`, setup-python runs `poetry env use` in the project."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "probe"\nversion = "0"\nrequires-python = ">=3.11"\n'
        "[tool.poetry]\npackage-mode = false\n"
    )
    (tmp_path / "poetry.toml").write_text("[virtualenvs]\nin-project = true\n")
    setup_python = handler_for("actions/setup-python")
    inputs = {"cache": "poetry", "python-version": "3.11"}
    with pytest.raises(ActionError, match="no file matches"):
        setup_python(action("actions/setup-python", inputs, tmp_path))
    run(tool("poetry"), "lock", cwd=tmp_path)

    for version in ("3.11", "3.12"):
        inputs["python-version"] = version
        setup_python(action("actions/setup-python", inputs, tmp_path))
        reported = run(".venv/bin/python", "-c", "import sys; print(sys.version)", cwd=tmp_path)
        assert reported.startswith(version + "."), reported
