"""`make release` in a rendered project: commits in, version, changelog and tag out, per model."""

import os
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.version import Version
from pytest_copier.plugin import CopierFixture

from tests.matrix.steps import clean_environ

# What /api/health answers, asked of the app the way a client would.
HEALTH_VERSION = """\
from fastapi.testclient import TestClient
from acme_orders.main import create_app
with TestClient(create_app()) as client:
    print(client.get("/api/health").json()["version"])
"""


def run(project: Path, *command: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command in the project, outside the template repo's virtualenv."""
    done = subprocess.run(
        command,
        cwd=project,
        env=clean_environ(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )
    if ok:
        assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}{done.stderr}"
    return done


def commit(project: Path, message: str) -> None:
    """Commit a real change with `message`."""
    with (project / "README.md").open("a", encoding="utf-8") as readme:
        readme.write(f"\n<!-- {message} -->\n")
    run(project, "git", "commit", "--quiet", "--all", "--message", message)


def render(
    copier: CopierFixture, tmp_path: Path, branching_model: str, package_manager: str = "uv"
) -> Path:
    """A project without a database (the release flow does not depend on it), installed."""
    project = copier.copy(
        tmp_path / "project",
        branching_model=branching_model,
        package_manager=package_manager,
        database="none",
    ).path
    run(project, "make", "install")
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
    assert run(project, "git", "tag", "--points-at", "HEAD").stdout.split() == [f"v{version}"]
    assert run(project, "git", "status", "--porcelain").stdout == ""
    if (project / "uv.lock").exists():
        lock = tomllib.loads((project / "uv.lock").read_text(encoding="utf-8"))
        (own,) = [entry for entry in lock["package"] if entry["name"] == "acme-orders"]
        assert Version(own["version"]) == Version(version)
        run(project, "uv", "sync", "--locked", "--quiet")
        prefix = ["uv", "run"]
    else:  # poetry.lock does not record the project's version, only has to stay valid
        run(project, "poetry", "check", "--lock")
        prefix = ["poetry", "run"]
    # The last line: the request's own log line comes first.
    reported = run(project, *prefix, "python", "-c", HEALTH_VERSION).stdout.splitlines()[-1]
    assert Version(reported) == Version(version)


@pytest.mark.parametrize("package_manager", ["uv", "poetry"])
def test_trunk_release_then_an_alpha_cycle(
    copier: CopierFixture, tmp_path: Path, package_manager: str
) -> None:
    project = render(copier, tmp_path, "trunk", package_manager)
    commit(project, "feat: export items")
    commit(project, "fix: keep the name on partial updates")

    preview = run(project, "make", "release-dry-run")
    assert "0.1.0 → 0.2.0" in preview.stdout
    assert run(project, "git", "tag").stdout == ""
    run(project, "make", "release")

    assert_released(project, "0.2.0")
    section = changelog_section(project, "0.2.0")
    assert "### Feat\n\n- export items" in section
    assert "### Fix\n\n- keep the name on partial updates" in section

    commit(project, "feat: bulk import")
    run(project, "make", "release", "PRERELEASE=alpha")
    assert_released(project, "0.3.0-a0")
    commit(project, "fix: import empty files")
    run(project, "make", "release", "PRERELEASE=alpha")
    assert_released(project, "0.3.0-a1")
    run(project, "make", "release")

    assert_released(project, "0.3.0")
    section = changelog_section(project, "0.3.0")
    assert "- bulk import" in section
    assert "- import empty files" in section
    assert "## v0.3.0-a" not in (project / "CHANGELOG.md").read_text()


def test_trunk_hotfix_branch_releases_the_version_it_names(
    copier: CopierFixture, tmp_path: Path
) -> None:
    project = render(copier, tmp_path, "trunk")
    commit(project, "feat: export items")
    run(project, "make", "release")
    commit(project, "feat: bulk import")  # main moves on

    run(project, "git", "switch", "--quiet", "--create", "hotfix/0.2.1", "v0.2.0")
    commit(project, "fix: crash on empty names")
    run(project, "make", "release")

    assert_released(project, "0.2.1")
    assert "- crash on empty names" in changelog_section(project, "0.2.1")


@pytest.mark.parametrize("branching_model", ["trunk", "gitflow"])
def test_release_refuses_a_dirty_tree(
    copier: CopierFixture, tmp_path: Path, branching_model: str
) -> None:
    project = render(copier, tmp_path, branching_model)
    run(project, "git", "switch", "--quiet", "--create", "hotfix/0.1.1")
    commit(project, "fix: something")
    (project / "README.md").write_text("edited\n", encoding="utf-8")

    refused = run(project, "make", "release", ok=False)

    assert refused.returncode != 0
    assert "commit or stash your changes first" in refused.stderr
    assert run(project, "git", "tag").stdout == ""


def test_trunk_release_refuses_a_feature_branch(copier: CopierFixture, tmp_path: Path) -> None:
    project = render(copier, tmp_path, "trunk")
    run(project, "git", "switch", "--quiet", "--create", "feat/login")
    commit(project, "feat: login")

    refused = run(project, "make", "release", ok=False)

    assert refused.returncode != 0
    assert "releases are cut on main or hotfix/*, not on 'feat/login'" in refused.stderr


def test_gitflow_release_on_a_release_branch_only(copier: CopierFixture, tmp_path: Path) -> None:
    project = render(copier, tmp_path, "gitflow")
    assert run(project, "git", "branch", "--show-current").stdout.strip() == "develop"
    assert run(project, "git", "branch", "--format=%(refname:short)").stdout.split() == [
        "develop",
        "main",
    ]
    run(project, "git", "switch", "--quiet", "--create", "feature/x")
    commit(project, "feat: export items")

    refused = run(project, "make", "release", ok=False)
    assert refused.returncode != 0
    assert "releases are cut on release/* or hotfix/*, not on 'feature/x'" in refused.stderr
    assert run(project, "git", "tag").stdout == ""

    run(project, "git", "switch", "--quiet", "develop")
    run(project, "git", "merge", "--quiet", "--no-ff", "--no-edit", "feature/x")
    run(project, "git", "switch", "--quiet", "--create", "release/1.1.0")
    commit(project, "fix: keep the name on partial updates")
    run(project, "make", "release", "PRERELEASE=alpha")
    assert_released(project, "1.1.0-a0")
    commit(project, "fix: reject empty names")
    run(project, "make", "release", "PRERELEASE=alpha")
    assert_released(project, "1.1.0-a1")
    run(project, "make", "release")

    assert_released(project, "1.1.0")
    section = changelog_section(project, "1.1.0")
    assert "### Feat\n\n- export items" in section
    assert "- keep the name on partial updates" in section
    assert "- reject empty names" in section

    # The documented finish: into main, which then holds the tag, and back into develop.
    for branch in ("main", "develop"):
        run(project, "git", "switch", "--quiet", branch)
        run(project, "git", "merge", "--quiet", "--no-ff", "--no-edit", "release/1.1.0")
        run(project, "git", "merge-base", "--is-ancestor", "v1.1.0", branch)
        assert run(project, "git", "describe", "--tags", "--abbrev=0").stdout.strip() == "v1.1.0"
    run(project, "uv", "sync", "--locked", "--quiet")
