"""`copier update` from the previous template version keeps the user's edits and stays green.

The tests work on a clone of this repo whose last commit is the working tree: the new version.
The previous version is the commit before it that changed the template, so every change to
the template is checked as an update too.
"""

import shutil
from pathlib import Path
from typing import Any

import copier
import pytest

from tests.helpers import (
    IDENTITY,
    ROOT,
    TEMPLATE_PATHS,
    ProjectFactory,
    copy_project,
    git,
    render,
    run,
)
from tests.matrix.workflow import run_workflow

LOCKFILES = {"uv.lock", "poetry.lock", "Cargo.lock"}
CONFLICT_MARKERS = ("<<<<<<< ", ">>>>>>> ")
USER_README_LINE = "Settings (kept by our team) come from environment variables"


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repo with the working tree's template committed on top."""
    clone = tmp_path_factory.mktemp("template") / "repo"
    git(ROOT, "clone", "--quiet", str(ROOT), str(clone))
    for name in TEMPLATE_PATHS:
        source, target = ROOT / name, clone / name
        if source.is_dir():
            shutil.rmtree(target)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    git(clone, "add", "--all")
    if git(clone, "status", "--porcelain"):
        git(clone, *IDENTITY, "commit", "--quiet", "--message", "test: the working tree")
    return clone


def previous_version(template: Path) -> str:
    """The commit before HEAD that changed the template."""
    return git(template, "log", "-2", "--format=%H", "--", *TEMPLATE_PATHS).split()[-1]


def add_a_dependency(project: Path) -> None:
    """`uv add` / `poetry add`: the manifest and the lockfile both change."""
    command = (
        ["poetry", "add", "--lock"]
        if (project / "poetry.lock").exists()
        else ["uv", "add", "--no-sync"]
    )
    # No install, only the lock.
    run(*command, "orjson>=3.10", cwd=project)


def make_user_edits(project: Path) -> None:
    """What a team does in its first week: a domain, a README line, a dependency."""
    package = next((project / "src").iterdir())
    domain = package / "pings"
    domain.mkdir()
    (domain / "__init__.py").write_text('"""Liveness for humans."""\n')
    (domain / "router.py").write_text(
        '"""A route the team added."""\n\n'
        "from fastapi import APIRouter\n\n"
        'router = APIRouter(prefix="/pings", tags=["pings"])\n\n\n'
        '@router.get("")\n'
        "async def ping() -> dict[str, str]:\n"
        '    """Answer pong."""\n'
        '    return {"ping": "pong"}\n'
    )
    readme = project / "README.md"
    text = readme.read_text()
    assert "Settings come from environment variables" in text
    readme.write_text(text.replace("Settings come from environment variables", USER_README_LINE))
    add_a_dependency(project)
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "feat: pings, orjson, README")


def update(project: Path, **answers: object) -> None:
    """`copier update --defaults` to the template under test, changing `answers`."""
    copier.run_update(
        project,
        data=answers,
        vcs_ref="HEAD",
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
    )


def assert_merged_cleanly(project: Path) -> None:
    """No conflict markers, no .rej files, nothing unmerged, and the user's edits kept."""
    status = git(project, "status", "--porcelain")
    unmerged = [line for line in status.splitlines() if line[:2] in {"UU", "AA", "DU", "UD"}]
    assert not unmerged, unmerged
    for path in project.rglob("*"):
        if ".git" in path.parts or ".venv" in path.parts or not path.is_file():
            continue
        assert path.suffix != ".rej", path
        if path.name not in LOCKFILES:
            text = path.read_text(errors="replace")
            assert not any(marker in text for marker in CONFLICT_MARKERS), f"conflict in {path}"
    assert USER_README_LINE in (project / "README.md").read_text()
    assert next((project / "src").iterdir()).joinpath("pings", "router.py").is_file()
    assert "orjson" in (project / "pyproject.toml").read_text()
    lockfile = "poetry.lock" if (project / "poetry.lock").exists() else "uv.lock"
    assert 'name = "orjson"' in (project / lockfile).read_text(), "the lock lost orjson"


def tree(project: Path) -> dict[str, str]:
    """Every tracked file but the lockfiles (regenerated, so not compared byte for byte)."""
    files = git(project, "ls-files").splitlines()
    kept = {name: (project / name).read_text() for name in files}
    for name in [name for name in kept if Path(name).name in LOCKFILES]:
        del kept[name]
    return kept


def assert_ci_passes(project: Path, tmp_path: Path) -> None:
    """The updated project's own workflow, run here."""
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--allow-empty", "--message", "chore: update template")
    result = run_workflow(project, run_dir=tmp_path / "ci", echo=lambda _line: None)
    assert not result.failed, result.summary()


@pytest.fixture(scope="module")
def edited_old_projects(
    template_repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> ProjectFactory:
    """Projects rendered at the previous version with the user's edits, once per answers."""
    projects: dict[str, Path] = {}

    def get(**answers: Any) -> Path:
        key = repr(sorted(answers.items()))
        if key not in projects:
            version = previous_version(template_repo)
            project = tmp_path_factory.mktemp("old") / "project"
            render(project, template=template_repo, vcs_ref=version, **answers)
            make_user_edits(project)
            projects[key] = project
        return projects[key]

    return get


@pytest.fixture
def old_project(edited_old_projects: ProjectFactory, tmp_path: Path) -> ProjectFactory:
    """This test's own copy of a project at the previous version, with the user's edits."""
    return lambda **answers: copy_project(edited_old_projects(**answers), tmp_path / "project")


@pytest.mark.parametrize(
    "answers",
    [
        {"package_manager": "uv", "database": "postgres"},
        {"package_manager": "poetry", "database": "none", "branching_model": "gitflow"},
    ],
    ids=["uv-postgres", "poetry-gitflow-none"],
)
def test_update_keeps_user_edits_and_ci_green(
    old_project: ProjectFactory, tmp_path: Path, answers: dict[str, str]
) -> None:
    project = old_project(**answers)

    update(project)

    assert_merged_cleanly(project)
    assert_ci_passes(project, tmp_path)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"database": "none"}, {"database": "postgres"}),
        # rust_engine defaults to false.
        ({"database": "none"}, {"rust_engine": True}),
    ],
    ids=["none-to-postgres", "engine-off-to-on"],
)
def test_changed_answers_equal_a_fresh_render_plus_user_edits(
    old_project: ProjectFactory,
    template_repo: Path,
    tmp_path: Path,
    before: dict[str, str],
    after: dict[str, str],
) -> None:
    project = old_project(**before)

    update(project, **after)

    assert_merged_cleanly(project)
    fresh = render(tmp_path / "fresh", template=template_repo, **{**before, **after})
    make_user_edits(fresh)
    git(project, "add", "--all")
    assert tree(project) == tree(fresh)
    assert_ci_passes(project, tmp_path)


def test_a_second_update_changes_nothing(old_project: ProjectFactory) -> None:
    project = old_project(package_manager="uv", database="postgres")
    update(project)
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--allow-empty", "--message", "chore: update template")

    update(project)

    assert git(project, "status", "--porcelain") == ""
