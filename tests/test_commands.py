"""One command list: CI's jobs call the Makefile's targets, so `make ci` runs what CI runs.

The workflow's steps for an event, resolved through the Makefile (`make --dry-run`), must be the
commands of the local target that stands for that event: `make ci`, or `make ci-quick` for a Git
Flow pull request.
"""

import difflib
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ProjectFactory, run
from tests.matrix import combos
from tests.matrix.combo_runs import RenderedCombos
from tests.matrix.expressions import Scope, condition
from tests.matrix.jobs import job_order
from tests.matrix.workflow import load_workflow

# The job that checks what a pull request adds (branch name, commit messages): `make ci` runs on
# a working tree, which has no pull request to check.
PULL_REQUEST_CHECKS = "conventions"
# CI migrates its job's database service before the tests; locally the tests start their own
# store, so `make ci` has no database to migrate.
SERVICE_ONLY = {"migrate"}
MAKE_STEP = re.compile(r"make((?: [a-z][a-z-]*)+)")
EVENTS = ("push", "pull_request")


def local_target(project: Path, event: str) -> str:
    """The make target that runs what CI runs for `event`."""
    gitflow = "ci-quick:" in (project / "Makefile").read_text(encoding="utf-8")
    return "ci-quick" if gitflow and event == "pull_request" else "ci"


def ci_steps(project: Path, event: str) -> list[tuple[str, dict[str, Any]]]:
    """(job id, step) of every `run:` step CI runs for `event`, in job order."""
    workflow = load_workflow(project / ".github" / "workflows" / "ci.yml")
    scope = Scope({"github": {"event_name": event}})
    return [
        (job_id, step)
        for job_id in job_order(workflow["jobs"])
        if job_id != PULL_REQUEST_CHECKS and condition(workflow["jobs"][job_id].get("if"), scope)
        for step in workflow["jobs"][job_id]["steps"]
        if "run" in step
    ]


def dry_run(project: Path, *targets: str) -> list[str]:
    """The commands `make targets` would run."""
    return run("make", "--dry-run", "--no-print-directory", *targets, cwd=project).splitlines()


def drift(project: Path, event: str) -> list[str]:
    """How CI's steps for `event` differ from the local target's commands; empty if they agree."""
    problems, targets = [], []
    for job_id, step in ci_steps(project, event):
        script = str(step["run"]).strip()
        called = MAKE_STEP.fullmatch(script)
        if called is None:
            problems.append(f"{job_id} > {step.get('name')}: runs {script!r}, not a make target")
            continue
        targets += [target for target in called[1].split() if target not in targets]
    local = local_target(project, event)
    expected = dry_run(project, local)
    actual = dry_run(project, *[target for target in targets if target not in SERVICE_ONLY])
    if actual != expected:
        diff = difflib.unified_diff(
            expected, actual, f"make {local}", f"CI on {event}", lineterm=""
        )
        problems.append("\n".join(diff))
    return problems


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("combo", combos.all_combos(), ids=lambda c: c.id)
def test_make_ci_runs_what_the_workflow_runs(
    combo_project: RenderedCombos, combo: combos.Combo, event: str
) -> None:
    project = combo_project(combo)

    assert drift(project, event) == []


GITFLOW = {"package_manager": "uv", "branching_model": "gitflow", "database": "none"}


def test_a_target_missing_from_make_ci_is_caught(own_project: ProjectFactory) -> None:
    project = own_project(**GITFLOW)
    makefile = project / "Makefile"
    text = makefile.read_text(encoding="utf-8")
    makefile.write_text(text.replace("ci: install lint test audit", "ci: install lint test"))

    (problem,) = drift(project, "push")

    assert re.search(r"^\+.*pip-audit", problem, re.MULTILINE), problem
    assert drift(project, "pull_request") == []


def test_a_command_spelled_out_in_the_workflow_is_caught(own_project: ProjectFactory) -> None:
    project = own_project(**GITFLOW)
    workflow = project / ".github" / "workflows" / "ci.yml"
    text = workflow.read_text(encoding="utf-8")
    workflow.write_text(
        text.replace("run: make test-unit", "run: uv run pytest -m 'not integration'")
    )

    problems = drift(project, "pull_request")

    assert problems[0] == (
        "unit > Run the unit tests: runs \"uv run pytest -m 'not integration'\", not a make target"
    )
    # And what the quick suite's target runs is missing from CI's steps.
    assert re.search(r"^-.*pytest -m \"not integration\"", problems[1], re.MULTILINE), problems[1]
