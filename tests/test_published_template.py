"""The published template, as a user takes it: stock Copier, a git URL, version tags.

Copier is installed alone in an environment of its own (`uv tool run --isolated`, as `uvx copier`
gives a user), never this repo's virtualenv, where the tests' libraries would hide a dependency
the template lacks. The template is this repo cloned
bare with two version tags: OLDER_TAG on OLDER_COMMIT, NEWER_TAG on the working tree committed on
top of the history. A project copied at the older tag from the `git+file://` URL gets the edits a
team makes in its first week, then `copier check-update` must report the newer tag and
`copier update` apply it: no conflict, every edit kept, the project's own `make ci` green, and a
second update a no-op.

OLDER_COMMIT is the first commit whose template renders with Copier alone: before it, copier.yml
loaded a Jinja extension package that stock Copier does not have, so a copy at an older commit
fails before asking anything (updating the projects those versions rendered takes a one-time
command, which test_stock_copier.py covers). Every later
change to the template is part of the update this test applies.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.helpers import (
    BASE_ANSWERS,
    ROOT,
    clone_with_working_tree,
    data_args,
    database_env,
    git,
    make,
    run,
    stock_copier,
)
from tests.helpers.user_edits import add_a_dependency, add_a_domain, commit
from tests.helpers.user_edits import assert_merged_cleanly as assert_kept

# refactor: Copier alone renders the template (the extension package removed).
OLDER_COMMIT = "cae7431fabe8ef03fca59af27867e9971ae07e1a"
OLDER_TAG, NEWER_TAG = "v1.0.0", "v1.1.0"
COMBOS = {
    "uv-trunk-postgres-norust": {
        "package_manager": "uv",
        "branching_model": "trunk",
        "database": "postgres",
        "rust_engine": False,
    },
    "poetry-gitflow-astra-rust": {
        "package_manager": "poetry",
        "branching_model": "gitflow",
        "database": "astra",
        "rust_engine": True,
    },
}
README_PARAGRAPH = "Owned by the orders team; pages go to #orders-oncall."
TEST_COMMAND = "\t$(RUN) pytest\n"
CHANGED_TEST_COMMAND = "\t$(RUN) pytest --durations=5\n"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The template's `git+file://` URL: a bare repository with the two version tags."""
    root = tmp_path_factory.mktemp("published")
    work = clone_with_working_tree(ROOT, root / "work")
    for tag in git(work, "tag", "--list").split():
        git(work, "tag", "--delete", tag)
    known = subprocess.run(
        ["git", "cat-file", "-e", f"{OLDER_COMMIT}^{{commit}}"], cwd=work, check=False
    )
    if known.returncode != 0:
        pytest.fail(f"{OLDER_COMMIT} is not in this clone's history: `git fetch --unshallow`")
    git(work, "tag", OLDER_TAG, OLDER_COMMIT)
    git(work, "tag", NEWER_TAG, "HEAD")
    bare = root / "template.git"
    git(root, "clone", "--quiet", "--bare", str(work), str(bare))
    return f"git+file://{bare}"


def copier(*args: str, cwd: Path) -> str:
    """Run Copier installed alone, as the user's shell would: outside any virtualenv."""
    return run(*stock_copier(), *args, cwd=cwd)


def answers_file(project: Path) -> dict[str, object]:
    """What Copier recorded about the copy."""
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert isinstance(recorded, dict)
    return recorded


def make_user_edits(project: Path) -> None:
    """A team's first week: a domain package, a README paragraph, a dependency, a Makefile
    target changed. Committed, as `copier update` wants a clean tree."""
    add_a_domain(project)
    readme = project / "README.md"
    title, rest = readme.read_text(encoding="utf-8").split("\n", 1)
    readme.write_text(f"{title}\n\n{README_PARAGRAPH}\n{rest}", encoding="utf-8")
    makefile = project / "Makefile"
    text = makefile.read_text(encoding="utf-8")
    assert text.count(TEST_COMMAND) == 1, "the test target's command moved"
    makefile.write_text(text.replace(TEST_COMMAND, CHANGED_TEST_COMMAND), encoding="utf-8")
    add_a_dependency(project)
    commit(project, "feat: pings, a dependency, on-call, slow tests")


def assert_merged_cleanly(project: Path) -> None:
    """A clean merge that kept every edit: the shared ones, the README and the Makefile's."""
    assert_kept(project)
    assert README_PARAGRAPH in (project / "README.md").read_text(encoding="utf-8")
    assert CHANGED_TEST_COMMAND in (project / "Makefile").read_text(encoding="utf-8")


@pytest.mark.parametrize("combo", COMBOS)
def test_stock_copier_copies_a_tag_and_updates_to_the_next(
    published: str, tmp_path: Path, combo: str
) -> None:
    project = tmp_path / "project"
    copier(
        "copy",
        "--trust",
        "--defaults",
        "--vcs-ref",
        OLDER_TAG,
        *data_args({**BASE_ANSWERS, **COMBOS[combo]}),
        published,
        str(project),
        cwd=tmp_path,
    )
    assert answers_file(project)["_commit"] == OLDER_TAG
    assert answers_file(project)["_src_path"] == published
    make_user_edits(project)

    report = json.loads(copier("check-update", "--output-format", "json", cwd=project))
    assert report == {
        "update_available": True,
        "current_version": OLDER_TAG.removeprefix("v"),
        "latest_version": NEWER_TAG.removeprefix("v"),
    }

    copier("update", "--trust", "--defaults", cwd=project)

    assert answers_file(project)["_commit"] == NEWER_TAG
    assert_merged_cleanly(project)
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--allow-empty", "--message", "chore: update the template")
    with database_env(str(COMBOS[combo]["database"])) as database:
        make(project, "ci", env=database)

    # `make ci` leaves only ignored files; a second update finds nothing to change.
    assert git(project, "status", "--porcelain") == ""
    copier("update", "--trust", "--defaults", cwd=project)
    assert git(project, "status", "--porcelain") == ""
