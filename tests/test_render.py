"""Every combination renders a clean project."""

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.helpers import ProjectFactory, git, run, tool
from tests.matrix import combos
from tests.matrix.combo_runs import RenderedCombos

ALL = combos.all_combos()
# GitHub Actions expressions, and docker/metadata-action's `{{version}}`-style placeholders, are
# meant to survive rendering; anything else Jinja-like is a leftover. A `}}` alone is not: nested
# dict literals end that way, and an unrendered expression always keeps its `{{`.
ACTIONS_EXPRESSION = re.compile(r"\$\{\{.*?\}\}|(?<=pattern=)\{\{\w+\}\}")
JINJA_LEFTOVER = re.compile(r"\{\{|\{%|%\}|\{#|#\}")
BINARY_OR_GENERATED = {"uv.lock", "poetry.lock", "Cargo.lock"}


def project_files(root: Path) -> list[Path]:
    """Every file git tracks in the rendered project."""
    return [root / name for name in git(root, "ls-files").splitlines()]


def assert_clean_project(root: Path) -> None:
    """The checks every rendered project must pass, whatever its answers."""
    files = project_files(root)
    assert files, "the first commit holds no files"
    for path in files:
        relative = path.relative_to(root)
        assert "{{" not in str(relative), relative
        assert not path.name.endswith(".jinja"), relative
        if path.name in BINARY_OR_GENERATED:
            continue
        text = path.read_text(encoding="utf-8")
        leftover = JINJA_LEFTOVER.search(ACTIONS_EXPRESSION.sub("", text))
        assert leftover is None, f"leftover Jinja {leftover.group()!r} in {relative}"
        if path.suffix == ".toml":
            tomllib.loads(text)
        elif path.suffix in {".yml", ".yaml"}:
            yaml.safe_load(text)
        elif path.suffix == ".json":
            json.loads(text)

    assert git(root, "status", "--porcelain") == "", "the copy left uncommitted files"
    run(tool("ruff"), "check", "--no-cache", ".", cwd=root)
    run(tool("ruff"), "format", "--no-cache", "--check", ".", cwd=root)
    workflows = sorted(str(path) for path in (root / ".github" / "workflows").glob("*.yml"))
    run(tool("actionlint"), *workflows, cwd=root)
    # Offline: no GitHub API calls. The project's .github/zizmor.yml says which pins it accepts.
    run(tool("zizmor"), "--offline", *workflows, cwd=root)
    run(tool("hadolint"), "Dockerfile", cwd=root)


@pytest.mark.parametrize("combo", ALL, ids=lambda combo: combo.id)
def test_combination_renders_clean(combo_project: RenderedCombos, combo: combos.Combo) -> None:
    project = combo_project(combo)

    assert_clean_project(project)
    lockfile = "uv.lock" if combo.answers["package_manager"] == "uv" else "poetry.lock"
    assert (project / lockfile).is_file(), f"{lockfile} was not generated"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert {axis: answers[axis] for axis in combos.AXES} == combo.answers


@pytest.mark.parametrize("python_version", ["3.11", "3.13"])
def test_other_python_versions_render_clean(
    shared_project: ProjectFactory, python_version: str
) -> None:
    project = shared_project(python_version=python_version)

    assert_clean_project(project)
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == f">={python_version}"
    assert pyproject["tool"]["ruff"]["target-version"] == "py" + python_version.replace(".", "")
    assert f"PYTHON_VERSION={python_version}" in (project / "Dockerfile").read_text()


def test_package_index_becomes_the_default_index(shared_project: ProjectFactory) -> None:
    project = shared_project(package_index="https://mirror.example/simple/")

    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["tool"]["uv"]["index"] == [
        {"name": "mirror", "url": "https://mirror.example/simple/", "default": True}
    ]


def test_no_package_index_means_pypi(shared_project: ProjectFactory) -> None:
    project = shared_project(package_index="")

    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert "index" not in pyproject["tool"].get("uv", {})
