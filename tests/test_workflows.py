"""The rendered workflows per branching model: triggers, jobs per event, permissions, image tags.

The quick suite also runs here through the local runner; the matrix (test_ci.py) runs the push.
"""

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import IDENTITY, ProjectFactory, clean_environ, git
from tests.matrix.errors import TriggerError
from tests.matrix.expressions import Scope, condition, interpolate
from tests.matrix.results import WorkflowResult
from tests.matrix.triggers import check_trigger
from tests.matrix.workflow import load_workflow, run_workflow

MODELS = ("trunk", "gitflow")
# What docker/metadata-action's `type=semver` accepts; the `v` prefix is dropped.
SEMVER_TAG = re.compile(r"v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)")
PUSH_SKIP = "condition false: github.event_name == 'push'"


def answers(branching_model: str) -> dict[str, str]:
    """`branching_model` with uv and no database."""
    return {"package_manager": "uv", "branching_model": branching_model, "database": "none"}


@pytest.fixture
def projects(shared_project: ProjectFactory) -> dict[str, Path]:
    """One rendered project per model, only read by the tests that share it."""
    return {model: shared_project(**answers(model)) for model in MODELS}


def workflow(projects: dict[str, Path], model: str, name: str) -> dict[str, Any]:
    return load_workflow(projects[model] / ".github" / "workflows" / name)


def runs(on: Any, event: str, ref: str) -> bool:
    """Whether `on:` starts the workflow for `event` on `ref` (the base branch for a PR)."""
    try:
        check_trigger(on, event, ref)
    except TriggerError:
        return False
    return True


def github(event: str, ref: str) -> dict[str, Any]:
    """The `github` context of a run, enough for `if:` and the image tag rules."""
    return {
        "event_name": event,
        "ref": ref,
        "ref_name": ref.split("/", 2)[-1],
        "ref_type": "tag" if ref.startswith("refs/tags/") else "branch",
    }


def jobs_for(ci: dict[str, Any], event: str) -> set[str]:
    """The jobs whose `if:` holds for `event`."""
    scope = Scope({"github": github(event, "refs/heads/develop")})
    return {name for name, job in ci["jobs"].items() if condition(job.get("if"), scope)}


@pytest.mark.parametrize(
    ("model", "event", "ref", "expected"),
    [
        ("trunk", "push", "main", True),
        ("trunk", "push", "hotfix/1.0.1", True),
        ("trunk", "push", "feat/login", False),
        ("trunk", "pull_request", "main", True),
        ("gitflow", "push", "develop", True),
        ("gitflow", "push", "main", True),
        ("gitflow", "push", "release/1.1.0", True),
        ("gitflow", "push", "hotfix/1.0.1", True),
        ("gitflow", "push", "feature/login", False),
        ("gitflow", "pull_request", "develop", True),
        ("gitflow", "pull_request", "main", True),
        ("gitflow", "pull_request", "feature/login", False),
    ],
)
def test_ci_triggers(
    projects: dict[str, Path], model: str, event: str, ref: str, expected: bool
) -> None:
    assert runs(workflow(projects, model, "ci.yml")["on"], event, ref) is expected


@pytest.mark.parametrize(
    ("model", "event", "expected"),
    [
        ("trunk", "pull_request", {"conventions", "lint", "test", "audit", "docker"}),
        ("trunk", "push", {"lint", "test", "audit", "docker"}),
        # Git Flow: the quick suite on pull requests, the full suite on pushes.
        ("gitflow", "pull_request", {"conventions", "lint", "unit"}),
        ("gitflow", "push", {"lint", "test", "audit", "docker"}),
    ],
)
def test_ci_jobs_per_event(
    projects: dict[str, Path], model: str, event: str, expected: set[str]
) -> None:
    assert jobs_for(workflow(projects, model, "ci.yml"), event) == expected


@pytest.mark.parametrize("model", MODELS)
def test_workflows_ask_for_least_privilege(projects: dict[str, Path], model: str) -> None:
    ci = workflow(projects, model, "ci.yml")
    assert ci["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in ci["jobs"].values())
    image = workflow(projects, model, "image.yml")
    assert image["permissions"] == {}
    assert {name: job["permissions"] for name, job in image["jobs"].items()} == {
        "image": {"contents": "read", "packages": "write"}
    }


@pytest.mark.parametrize(
    ("model", "ref", "expected"),
    [
        ("trunk", "refs/heads/feat/login-button", True),
        ("trunk", "refs/heads/main", True),
        ("trunk", "refs/tags/v1.2.0", True),
        ("gitflow", "refs/heads/develop", False),
        ("gitflow", "refs/heads/main", False),
        ("gitflow", "refs/tags/v1.2.0", True),
    ],
)
def test_image_triggers(projects: dict[str, Path], model: str, ref: str, expected: bool) -> None:
    assert runs(workflow(projects, model, "image.yml")["on"], "push", ref) is expected


def branch_image_tag(image: dict[str, Any], branch: str, tmp_path: Path) -> str:
    """Run the trunk workflow's `Name the branch image` script for `branch`."""
    (step,) = [step for step in image["jobs"]["image"]["steps"] if step.get("id") == "branch"]
    output = tmp_path / "output"
    output.write_text("", encoding="utf-8")
    env = {**clean_environ(), "BRANCH": branch, "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], env=env, check=True)
    (line,) = output.read_text(encoding="utf-8").splitlines()
    return line.removeprefix("tag=")


def image_tags(image: dict[str, Any], ref: str, branch_tag: str = "") -> set[str]:
    """The tags docker/metadata-action computes from the workflow's rules for a push of `ref`.

    Emulates the parts of metadata-action the workflows use: `type=raw` and `type=semver`
    with `pattern={{version}}`, `enable=`, and `flavor: latest=false` (no implicit latest).
    """
    (meta,) = [step for step in image["jobs"]["image"]["steps"] if step.get("id") == "meta"]
    assert meta["uses"].startswith("docker/metadata-action@")
    assert meta["with"]["flavor"] == "latest=false"
    scope = Scope(
        {"github": github("push", ref), "steps": {"branch": {"outputs": {"tag": branch_tag}}}}
    )
    tags = set()
    for rule in meta["with"]["tags"].splitlines():
        attributes = dict(part.split("=", 1) for part in interpolate(rule, scope).split(","))
        if attributes.pop("enable", "true") != "true":
            continue
        kind = attributes.pop("type")
        if kind == "raw":
            tags.add(attributes["value"])
        elif kind == "semver":
            assert attributes == {"pattern": "{{version}}"}
            version = SEMVER_TAG.fullmatch(ref.removeprefix("refs/tags/"))
            if ref.startswith("refs/tags/") and version:
                tags.add(version[1])
        else:
            raise AssertionError(f"no emulation of metadata-action type={kind}")
    return tags


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("v1.2.0", {"1.2.0", "latest"}),
        # Prereleases as commitizen spells them (semver scheme), and as SemVer 2 does.
        ("v1.2.0-a0", {"1.2.0-a0"}),
        ("v1.2.0-rc1", {"1.2.0-rc1"}),
        ("v1.2.0-alpha.1", {"1.2.0-alpha.1"}),
    ],
)
def test_version_tags_build_their_version_and_only_releases_move_latest(
    projects: dict[str, Path], model: str, tag: str, expected: set[str]
) -> None:
    image = workflow(projects, model, "image.yml")

    assert image_tags(image, f"refs/tags/{tag}") == expected


@pytest.mark.parametrize(
    ("branch", "expected"),
    [
        ("feat/login-button", "feat-login-button"),
        ("login-button", "feat-login-button"),
        ("main", "feat-main"),
        ("fix/Typo#12", "feat-fix-Typo-12"),
    ],
)
def test_trunk_branch_pushes_build_a_feat_image(
    projects: dict[str, Path], tmp_path: Path, branch: str, expected: str
) -> None:
    image = workflow(projects, "trunk", "image.yml")

    tag = branch_image_tag(image, branch, tmp_path)

    assert tag == expected
    assert image_tags(image, f"refs/heads/{branch}", branch_tag=tag) == {expected}


def pull_request(
    project: Path, branch: str, message: str, base: str, only: tuple[str, ...] = ()
) -> WorkflowResult:
    """Commit on a new `branch` and run CI (its `only` jobs) as a pull request into `base`."""
    git(project, "switch", "--quiet", "--create", branch, base)
    # --no-verify: the pull request's commits come from anywhere; CI's check is what is tested,
    # not the hooks `make install` put in this clone.
    git(
        project,
        *IDENTITY,
        "commit",
        "--quiet",
        "--no-verify",
        "--allow-empty",
        "--message",
        message,
    )
    lines: list[str] = []
    return run_workflow(
        project,
        "pull_request",
        base,
        run_dir=project.parent / branch,
        echo=lines.append,
        only=only,
    )


def statuses(result: WorkflowResult) -> dict[tuple[str, str], str]:
    return {(step.job, step.name): step.status for step in result.steps}


def test_gitflow_quick_suite_checks_a_pull_request(own_project: ProjectFactory) -> None:
    project = own_project(**answers("gitflow"))

    good = pull_request(project, "feature/export", "feat: export items", "develop")

    assert good.result == "passed", good.summary()
    ran = statuses(good)
    assert ran[("Branch name and commit messages", "Check the branch name (Git Flow)")] == "passed"
    commits = (
        "Branch name and commit messages",
        "Check the commit messages (Conventional Commits)",
    )
    assert ran[commits] == "passed"
    assert ran[("Unit tests (quick suite)", "Run the unit tests")] == "passed"
    # The full suite waits for the push that merging makes.
    assert {step.reason for step in good.steps if step.job == "Tests with coverage"} == {PUSH_SKIP}

    # What the branch and its commits are is the conventions job's alone to check.
    checks = ("conventions",)
    bad_message = pull_request(project, "feature/typo", "fixed stuff", "develop", checks)
    assert statuses(bad_message)[commits] == "failed"

    bad_branch = pull_request(project, "wip", "feat: half done", "develop", checks)
    failed = [step.name for step in bad_branch.with_status("failed")]
    assert failed == ["Check the branch name (Git Flow)"]


def test_trunk_pull_request_checks_the_commit_messages(own_project: ProjectFactory) -> None:
    """The other jobs a trunk pull request runs (test_ci_jobs_per_event) are the push's."""
    project = own_project(**answers("trunk"))

    good = pull_request(project, "feat/export", "feat: export items", "main", ("conventions",))
    bad = pull_request(project, "feat/typo", "fixed stuff", "main", ("conventions",))

    assert good.result == "passed", good.summary()
    assert {step.job for step in good.with_status("passed")} == {"Commit messages"}
    assert [step.name for step in bad.with_status("failed")] == [
        "Check the commit messages (Conventional Commits)"
    ]
