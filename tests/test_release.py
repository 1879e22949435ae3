"""`make release` in a rendered project: commits in, version, changelog and tag out, per model."""

import tomllib
from pathlib import Path

import pytest
from packaging.version import Version

from tests.helpers import ProjectFactory, attempt, git, make, run

# What /api/health answers, asked of the app the way a client would.
HEALTH_VERSION = """\
from fastapi.testclient import TestClient
from acme_orders.main import create_app
with TestClient(create_app()) as client:
    print(client.get("/api/health").json()["version"])
"""


def commit(project: Path, message: str) -> None:
    """Commit a real change with `message`."""
    with (project / "README.md").open("a", encoding="utf-8") as readme:
        readme.write(f"\n<!-- {message} -->\n")
    git(project, "commit", "--quiet", "--all", "--message", message)


def installed(
    own_project: ProjectFactory, branching_model: str, package_manager: str = "uv"
) -> Path:
    """A project without a database (the release flow does not depend on it), installed."""
    project = own_project(
        branching_model=branching_model, package_manager=package_manager, database="none"
    )
    make(project, "install")
    return project


def changelog_section(project: Path, version: str) -> str:
    """The CHANGELOG.md section of `version`, up to the next one."""
    text = (project / "CHANGELOG.md").read_text(encoding="utf-8")
    start = text.index(f"## v{version} (")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def assert_released(project: Path, version: str) -> None:
    """`version` is everywhere it lives, tagged on HEAD, with a clean tree and a valid lock."""
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == version
    assert git(project, "tag", "--points-at", "HEAD").split() == [f"v{version}"]
    assert git(project, "status", "--porcelain") == ""
    if (project / "uv.lock").exists():
        lock = tomllib.loads((project / "uv.lock").read_text(encoding="utf-8"))
        (own,) = [entry for entry in lock["package"] if entry["name"] == "acme-orders"]
        assert Version(own["version"]) == Version(version)
        run("uv", "sync", "--locked", "--quiet", cwd=project)
        prefix = ["uv", "run"]
    else:  # poetry.lock does not record the project's version, only has to stay valid
        run("poetry", "check", "--lock", cwd=project)
        prefix = ["poetry", "run"]
    # The last line: the request's own log line comes first.
    reported = run(*prefix, "python", "-c", HEALTH_VERSION, cwd=project).splitlines()[-1]
    assert Version(reported) == Version(version)


@pytest.mark.parametrize("package_manager", ["uv", "poetry"])
def test_trunk_release_then_an_alpha_cycle(
    own_project: ProjectFactory, package_manager: str
) -> None:
    project = installed(own_project, "trunk", package_manager)
    commit(project, "feat: export items")
    commit(project, "fix: keep the name on partial updates")

    preview = make(project, "release-dry-run")
    assert "0.1.0 → 0.2.0" in preview
    assert git(project, "tag") == ""
    make(project, "release")

    assert_released(project, "0.2.0")
    section = changelog_section(project, "0.2.0")
    assert "### Feat\n\n- export items" in section
    assert "### Fix\n\n- keep the name on partial updates" in section

    commit(project, "feat: bulk import")
    make(project, "release", "PRERELEASE=alpha")
    assert_released(project, "0.3.0-a0")
    commit(project, "fix: import empty files")
    make(project, "release", "PRERELEASE=alpha")
    assert_released(project, "0.3.0-a1")
    make(project, "release")

    assert_released(project, "0.3.0")
    section = changelog_section(project, "0.3.0")
    assert "- bulk import" in section
    assert "- import empty files" in section
    assert "## v0.3.0-a" not in (project / "CHANGELOG.md").read_text()


def test_trunk_hotfix_branch_releases_the_version_it_names(own_project: ProjectFactory) -> None:
    project = installed(own_project, "trunk")
    commit(project, "feat: export items")
    make(project, "release")
    commit(project, "feat: bulk import")  # main moves on

    git(project, "switch", "--quiet", "--create", "hotfix/0.2.1", "v0.2.0")
    commit(project, "fix: crash on empty names")
    make(project, "release")

    assert_released(project, "0.2.1")
    assert "- crash on empty names" in changelog_section(project, "0.2.1")


@pytest.mark.parametrize("branching_model", ["trunk", "gitflow"])
def test_release_refuses_a_dirty_tree(own_project: ProjectFactory, branching_model: str) -> None:
    project = installed(own_project, branching_model)
    git(project, "switch", "--quiet", "--create", "hotfix/0.1.1")
    commit(project, "fix: something")
    (project / "README.md").write_text("edited\n", encoding="utf-8")

    refused = attempt("make", "release", cwd=project)

    assert refused.returncode != 0
    assert "commit or stash your changes first" in refused.stderr
    assert git(project, "tag") == ""


def test_trunk_release_refuses_a_feature_branch(own_project: ProjectFactory) -> None:
    project = installed(own_project, "trunk")
    git(project, "switch", "--quiet", "--create", "feat/login")
    commit(project, "feat: login")

    refused = attempt("make", "release", cwd=project)

    assert refused.returncode != 0
    assert "releases are cut on main or hotfix/*, not on 'feat/login'" in refused.stderr


def test_gitflow_release_on_a_release_branch_only(own_project: ProjectFactory) -> None:
    project = installed(own_project, "gitflow")
    assert git(project, "branch", "--show-current").strip() == "develop"
    assert git(project, "branch", "--format=%(refname:short)").split() == [
        "develop",
        "main",
    ]
    git(project, "switch", "--quiet", "--create", "feature/x")
    commit(project, "feat: export items")

    refused = attempt("make", "release", cwd=project)
    assert refused.returncode != 0
    assert "releases are cut on release/* or hotfix/*, not on 'feature/x'" in refused.stderr
    assert git(project, "tag") == ""

    git(project, "switch", "--quiet", "develop")
    git(project, "merge", "--quiet", "--no-ff", "--no-edit", "feature/x")
    git(project, "switch", "--quiet", "--create", "release/1.1.0")
    commit(project, "fix: keep the name on partial updates")
    make(project, "release", "PRERELEASE=alpha")
    assert_released(project, "1.1.0-a0")
    commit(project, "fix: reject empty names")
    make(project, "release", "PRERELEASE=alpha")
    assert_released(project, "1.1.0-a1")
    make(project, "release")

    assert_released(project, "1.1.0")
    section = changelog_section(project, "1.1.0")
    assert "### Feat\n\n- export items" in section
    assert "- keep the name on partial updates" in section
    assert "- reject empty names" in section

    # The documented finish: into main, which then holds the tag, and back into develop.
    for branch in ("main", "develop"):
        git(project, "switch", "--quiet", branch)
        git(project, "merge", "--quiet", "--no-ff", "--no-edit", "release/1.1.0")
        git(project, "merge-base", "--is-ancestor", "v1.1.0", branch)
        assert git(project, "describe", "--tags", "--abbrev=0").strip() == "v1.1.0"
    run("uv", "sync", "--locked", "--quiet", cwd=project)
