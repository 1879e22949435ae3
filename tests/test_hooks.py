"""A fresh render passes its own git hooks, `make install` installs them, and they refuse what
they should: a commit message that is not a Conventional Commit, a file with trailing whitespace.

Every combination's CI runs the same hooks through `make lint` (the matrix covers that); this test
is the developer's side: hooks installed in the clone, fired by `git commit`.
"""

import subprocess
from pathlib import Path

import pytest

from tests.helpers import ProjectFactory, attempt, copy_project, make, run, tool


def commit(project: Path, message: str) -> subprocess.CompletedProcess[str]:
    """`git commit` with the installed hooks firing, as a developer would run it."""
    return attempt("git", "commit", "--quiet", "--message", message, cwd=project)


@pytest.fixture(scope="module")
def project(shared_project: ProjectFactory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh render with `make install` run: virtualenv synced, hooks installed."""
    path = copy_project(
        shared_project(database="none"), tmp_path_factory.mktemp("hooks") / "project"
    )
    make(path, "install")
    return path


def test_the_config_is_valid_for_pre_commit_too(project: Path) -> None:
    run(tool("pre-commit"), "validate-config", ".pre-commit-config.yaml", cwd=project)


def test_make_install_installs_both_hooks(project: Path) -> None:
    hooks = project / ".git" / "hooks"

    assert (hooks / "pre-commit").is_file()
    assert (hooks / "commit-msg").is_file()


def test_a_fresh_render_passes_every_hook(project: Path) -> None:
    output = run("make", "lint", cwd=project)

    for hook in ("ruff check", "mypy", "hadolint", "actionlint", "end of files"):
        assert any(line.startswith(hook) and "Passed" in line for line in output.splitlines())
    assert run("git", "status", "--porcelain", cwd=project) == "", "a hook changed a file"


def test_the_commit_msg_hook_refuses_a_non_conventional_message(project: Path) -> None:
    (project / "NOTES.md").write_text("Notes.\n")
    run("git", "add", "NOTES.md", cwd=project)

    refused = commit(project, "added some notes")
    accepted = commit(project, "docs: add notes")

    assert refused.returncode != 0
    assert "commit validation: failed" in refused.stdout + refused.stderr
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_the_pre_commit_hook_fixes_trailing_whitespace_and_refuses_the_commit(
    project: Path,
) -> None:
    notes = project / "TODO.txt"
    notes.write_text("Things to do.   \nMore.\n")
    run("git", "add", "TODO.txt", cwd=project)

    refused = commit(project, "docs: add a todo list")

    assert refused.returncode != 0
    assert notes.read_text() == "Things to do.\nMore.\n"
