"""Copier installed alone renders the template: at the declared minimum version, and where the
tools the copy tasks call (uv, Poetry, cargo) are missing."""

import os
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from tests.helpers import BASE_ANSWERS, clone_with_working_tree, data_args, git, run, tool
from tests.matrix.combos import COPIER_YML, ROOT, tool_pin

# The system's own commands (a shell, coreutils, git) stay on PATH; these are taken off it.
SYSTEM_DIRS = ("/usr/bin", "/bin")
REMOVED = {"uv", "uvx", "poetry", "cargo", "rustc", "rustup"}
# Where each missing tool's message sends the user.
INSTALL_HINTS = {
    "uv": f"pipx install uv=={tool_pin('uv')}",
    "poetry": f"pipx install poetry=={tool_pin('poetry')}",
    "cargo": f"rustup toolchain install {tool_pin('rust')}",
}


def copier_alone(venv: Path, version: str) -> Path:
    """A virtualenv holding Copier `version` and nothing else; its `copier` executable."""
    run(tool("uv"), "venv", "--quiet", str(venv), cwd=venv.parent)
    run(
        tool("uv"),
        "pip",
        "install",
        "--quiet",
        "--python",
        str(venv),
        f"copier=={version}",
        cwd=venv.parent,
    )
    return venv / "bin" / "copier"


@pytest.fixture(scope="module")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repo with the working tree's template committed on top."""
    return clone_with_working_tree(ROOT, tmp_path_factory.mktemp("template") / "repo")


@pytest.fixture(scope="module")
def latest_copier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Copier this repo locks, installed alone."""
    return copier_alone(tmp_path_factory.mktemp("copier") / "venv", version("copier"))


def bare_path(tmp_path: Path) -> str:
    """A PATH of the system's commands without uv, Poetry or Rust, wherever they are installed."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for directory in map(Path, SYSTEM_DIRS):
        for command in directory.iterdir() if directory.is_dir() else ():
            link = bin_dir / command.name
            if command.name not in REMOVED and not link.exists() and not link.is_symlink():
                link.symlink_to(command)
    assert shutil.which("git", path=str(bin_dir)), "git is needed to run Copier"
    return str(bin_dir)


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        ({"package_manager": "uv", "database": "none"}, ["uv"]),
        (
            {"package_manager": "poetry", "database": "none", "rust_engine": True},
            ["poetry", "cargo"],
        ),
    ],
    ids=["uv", "poetry-cargo"],
)
def test_a_missing_tool_is_named_and_the_copy_succeeds(
    latest_copier: Path,
    template_repo: Path,
    tmp_path: Path,
    answers: dict[str, object],
    missing: list[str],
) -> None:
    env = {**os.environ, "PATH": bare_path(tmp_path)}
    env.pop("VIRTUAL_ENV", None)
    project = tmp_path / "project"

    output = run(
        str(latest_copier),
        *("copy", "--trust", "--defaults", "--vcs-ref", "HEAD"),
        *data_args({**BASE_ANSWERS, **answers}),
        *(str(template_repo), str(project)),
        cwd=tmp_path,
        env=env,
    )

    for name in missing:
        assert f"warning: {name} is not installed here" in output
        assert INSTALL_HINTS[name] in output
    assert git(project, "log", "--format=%s") == "chore: initial commit from template\n"
    assert git(project, "status", "--porcelain") == ""


def test_the_minimum_copier_version_copies_and_checks_for_updates(
    template_repo: Path, tmp_path: Path
) -> None:
    minimum = yaml.safe_load(COPIER_YML.read_text(encoding="utf-8"))["_min_copier_version"]
    copier = copier_alone(tmp_path / "venv", minimum)
    project = tmp_path / "project"

    run(
        str(copier),
        *("copy", "--trust", "--defaults", "--vcs-ref", "HEAD"),
        *data_args({**BASE_ANSWERS, "database": "none"}),
        *(str(template_repo), str(project)),
        cwd=tmp_path,
    )
    run(str(copier), "check-update", cwd=project)

    assert (project / "uv.lock").is_file()
    assert git(project, "log", "--format=%s") == "chore: initial commit from template\n"
