"""`copier update` from the previous template version keeps the user's edits and stays green.

The tests work on a clone of this repo whose last commit is the working tree: the new version.
The previous version is the commit before it that changed the template, so every change to
the template is checked as an update too.
"""

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import (
    ROOT,
    TEMPLATE_PATHS,
    ProjectFactory,
    answers_key,
    clone_with_working_tree,
    copy_project,
    data_args,
    git,
    render,
    run,
    stock_copier,
)
from tests.helpers.ci_runs import CiRuns
from tests.helpers.user_edits import (
    LOCKFILES,
    add_a_dependency,
    add_a_domain,
    commit,
)
from tests.helpers.user_edits import assert_merged_cleanly as assert_kept

# The last template version whose copier.yml listed `_jinja_extensions`.
LAST_EXTENSION_VERSION = "1a752b4"
USER_README_LINE = "Settings (kept by our team) come from environment variables"


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repo with the working tree's template committed on top."""
    return clone_with_working_tree(ROOT, tmp_path_factory.mktemp("template") / "repo")


def previous_version(template: Path) -> str:
    """The commit before HEAD that changed the template."""
    return git(template, "log", "-2", "--format=%H", "--", *TEMPLATE_PATHS).split()[-1]


def needs_old_extension(template: Path, vcs_ref: str) -> bool:
    """Whether the template at `vcs_ref` needs copier-template-extensions beside Copier."""
    return "_jinja_extensions" in git(template, "show", f"{vcs_ref}:copier.yml")


def render_as_a_user(template: Path, dst: Path, vcs_ref: str, **answers: object) -> Path:
    """Copy the template at `vcs_ref` into `dst`, as a user would, with Copier installed alone."""
    copier = stock_copier(with_old_extension=needs_old_extension(template, vcs_ref))
    return render(dst, template=template, vcs_ref=vcs_ref, copier_command=copier, **answers)


def make_user_edits(project: Path) -> None:
    """What a team does in its first week: a domain, a README line, a dependency."""
    add_a_domain(project)
    readme = project / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert "Settings come from environment variables" in text
    readme.write_text(
        text.replace("Settings come from environment variables", USER_README_LINE),
        encoding="utf-8",
    )
    add_a_dependency(project)
    commit(project, "feat: pings, a dependency, README")


def update(project: Path, *, with_old_extension: bool | None = None, **answers: object) -> None:
    """`copier update --defaults` to the template under test, changing `answers`.

    Copier renders the project's current version too: one that needed copier-template-extensions
    takes the documented one-time `uvx --with copier-template-extensions copier update`.
    """
    if with_old_extension is None:
        recorded = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
        with_old_extension = needs_old_extension(Path(recorded["_src_path"]), recorded["_commit"])
    run(
        *stock_copier(with_old_extension=with_old_extension),
        *("update", "--trust", "--defaults", "--quiet", "--vcs-ref", "HEAD"),
        *data_args(answers),
        cwd=project,
    )


def assert_merged_cleanly(project: Path) -> None:
    """A clean merge that kept the domain, the dependency and the README line."""
    assert_kept(project)
    assert USER_README_LINE in (project / "README.md").read_text(encoding="utf-8")


def tree(project: Path) -> dict[str, str]:
    """Every tracked file but the lockfiles (regenerated, so not compared byte for byte)."""
    files = git(project, "ls-files").splitlines()
    kept = {name: (project / name).read_text() for name in files}
    for name in [name for name in kept if Path(name).name in LOCKFILES]:
        del kept[name]
    return kept


def assert_ci_passes(project: Path, tmp_path: Path, ci_runs: CiRuns) -> None:
    """The updated project's own workflow, run here (once per distinct tree in a run)."""
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--allow-empty", "--message", "chore: update template")
    ci_runs.assert_passes(project, run_dir=tmp_path / "ci")


@pytest.fixture(scope="module")
def edited_old_projects(
    template_repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> ProjectFactory:
    """Projects rendered at the previous version with the user's edits, once per answers."""
    projects: dict[str, Path] = {}

    def get(**answers: Any) -> Path:
        key = answers_key(answers)
        if key not in projects:
            version = previous_version(template_repo)
            project = tmp_path_factory.mktemp("old") / "project"
            render_as_a_user(template_repo, project, version, **answers)
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
    old_project: ProjectFactory, tmp_path: Path, ci_runs: CiRuns, answers: dict[str, str]
) -> None:
    project = old_project(**answers)

    update(project)

    assert_merged_cleanly(project)
    assert_ci_passes(project, tmp_path, ci_runs)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"database": "none"}, {"database": "postgres"}),
        ({"database": "none", "rust_engine": False}, {"rust_engine": True}),
    ],
    ids=["none-to-postgres", "engine-off-to-on"],
)
def test_changed_answers_equal_a_fresh_render_plus_user_edits(
    old_project: ProjectFactory,
    template_repo: Path,
    tmp_path: Path,
    ci_runs: CiRuns,
    before: dict[str, str],
    after: dict[str, str],
) -> None:
    project = old_project(**before)

    update(project, **after)

    assert_merged_cleanly(project)
    fresh = render_as_a_user(template_repo, tmp_path / "fresh", "HEAD", **{**before, **after})
    make_user_edits(fresh)
    git(project, "add", "--all")
    assert tree(project) == tree(fresh)
    assert_ci_passes(project, tmp_path, ci_runs)


def test_a_second_update_changes_nothing(old_project: ProjectFactory) -> None:
    project = old_project()
    update(project)
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--allow-empty", "--message", "chore: update template")

    update(project)

    assert git(project, "status", "--porcelain") == ""


def test_a_project_from_the_last_extension_version_updates_with_the_one_time_command(
    template_repo: Path, tmp_path: Path
) -> None:
    """The README's one-time command, then plain Copier from there on."""
    project = render_as_a_user(template_repo, tmp_path / "project", LAST_EXTENSION_VERSION)
    make_user_edits(project)

    update(project, with_old_extension=True)

    assert_merged_cleanly(project)
    assert "_jinja_extensions" not in git(template_repo, "show", "HEAD:copier.yml")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--allow-empty", "--message", "chore: update template")
    update(project, with_old_extension=False)
    assert git(project, "status", "--porcelain") == ""


def test_a_project_from_before_the_license_question_updates_to_mit(
    old_project: ProjectFactory,
) -> None:
    project = old_project(database="none")
    # As recorded by a version that did not ask: no answer, so the update takes the default.
    answers = project / ".copier-answers.yml"
    kept = [line for line in answers.read_text().splitlines() if not line.startswith("license:")]
    answers.write_text("\n".join(kept) + "\n")
    git(project, "commit", "--quiet", "--all", "--allow-empty", "--message", "chore: old answers")

    update(project)

    assert_merged_cleanly(project)
    assert "license: MIT" in answers.read_text().splitlines()
    assert (project / "LICENSE").read_text().startswith("MIT License")
    assert 'license = "MIT"' in (project / "pyproject.toml").read_text()
