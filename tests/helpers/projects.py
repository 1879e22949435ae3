"""Rendered projects: the base answers, rendering (API or Copier alone), copies and clones."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import copier

from tests.matrix.combos import ROOT, load_questions

from .commands import IDENTITY, git, run, tool

# What Copier reads from this repo: the template under test is these, as the working tree has them.
TEMPLATE_PATHS = ("copier.yml", "template")
# The one-time extra a project rendered by a template version that still listed `_jinja_extensions`
# needs for its next `copier update`: Copier renders that old version again to compute the diff.
OLD_VERSION_EXTENSION = "copier-template-extensions"
# Answers every rendering in the tests starts from; each test overrides what it checks.
BASE_ANSWERS: dict[str, Any] = {
    "project_name": "Acme Orders",
    "author_name": "Test Author",
    "author_email": "test@example.com",
    # The machines the tests run on may reach PyPI only through its simple index: Poetry's
    # per-version JSON API is not needed then.
    "package_index": "https://pypi.org/simple/",
}
# Built or cached in a rendered project by using it; never part of a copy of one.
BUILD_OUTPUTS = (".venv", "target", "dist", "__pycache__", ".pytest_cache", ".mypy_cache")
# What the `shared_project` and `own_project` fixtures give: answers in, a project directory out.
ProjectFactory = Callable[..., Path]


def answers_key(answers: Mapping[str, Any]) -> str:
    """One key for answers that render the same project: literal defaults and BASE_ANSWERS in.

    In the order a render applies them: copier.yml's defaults, then BASE_ANSWERS, then the test's.
    """
    defaults = {
        name: question["default"]
        for name, question in load_questions().items()
        if "default" in question and "{" not in str(question["default"])
    }
    return repr(sorted({**defaults, **BASE_ANSWERS, **answers}.items()))


def stock_copier(*, with_old_extension: bool = False) -> list[str]:
    """Copier installed alone, as `uvx copier` gives a user: at the version this repo locks.

    `with_old_extension` is the documented one-time `uvx --with copier-template-extensions copier`
    for updating a project from a template version that needed it.
    """
    # --isolated: never a `copier` the user installed with uv, whatever it was installed with.
    command = [tool("uv"), "tool", "run", "--isolated", "--from", f"copier=={version('copier')}"]
    if with_old_extension:
        command += ["--with", OLD_VERSION_EXTENSION]
    return [*command, "copier"]


def data_args(answers: Mapping[str, object]) -> list[str]:
    """`--data NAME=VALUE` for each answer, booleans spelled as Copier reads them."""
    spelled = {
        name: str(value).lower() if isinstance(value, bool) else str(value)
        for name, value in answers.items()
    }
    return [arg for name, value in spelled.items() for arg in ("--data", f"{name}={value}")]


def render(
    destination: Path,
    *,
    template: Path = ROOT,
    vcs_ref: str = "HEAD",
    copier_command: Sequence[str] = (),
    skip_tasks: bool = False,
    **answers: Any,
) -> Path:
    """Copy the template (this working tree by default) with BASE_ANSWERS plus `answers`.

    The copy runs the template's tasks, so the project is locked and committed, as a user's is.
    Through Copier's API in this process, or through `copier_command` (e.g. `stock_copier()`),
    its command line. `skip_tasks` renders the files alone: no lock, no git.
    """
    data = {**BASE_ANSWERS, **answers}
    if copier_command:
        run(
            *copier_command,
            *("copy", "--trust", "--defaults", "--quiet", "--vcs-ref", vcs_ref),
            *(["--skip-tasks"] if skip_tasks else []),
            *data_args(data),
            *(str(template), str(destination)),
            cwd=destination.parent,
        )
        return destination
    copier.run_copy(
        str(template),
        destination,
        data=data,
        vcs_ref=vcs_ref,
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
        skip_tasks=skip_tasks,
    )
    return destination


def clone_with_working_tree(root: Path, clone: Path) -> Path:
    """A clone of the repo at `root` whose last commit is its working tree's template."""
    git(root, "clone", "--quiet", str(root), str(clone))
    for name in TEMPLATE_PATHS:
        source, target = root / name, clone / name
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    git(clone, "add", "--all")
    if git(clone, "status", "--porcelain"):
        git(clone, *IDENTITY, "commit", "--quiet", "--message", "test: the working tree")
    return clone


def copy_project(source: Path, destination: Path) -> Path:
    """A copy of a rendered project (its git history included, its build outputs not)."""
    shutil.copytree(
        source, destination, symlinks=True, ignore=shutil.ignore_patterns(*BUILD_OUTPUTS)
    )
    return destination


def workflow_project(root: Path, workflow: str) -> Path:
    """A git repository under `root` holding `workflow` as its CI, with one commit on main."""
    project = root / "project"
    (project / ".github" / "workflows").mkdir(parents=True)
    (project / ".github" / "workflows" / "ci.yml").write_text(textwrap.dedent(workflow))
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, *IDENTITY, "commit", "--quiet", "--message", "init")
    return project


def tracked(project: Path) -> set[str]:
    """The files git tracks in `project`."""
    return set(git(project, "ls-files").splitlines())
