"""The `github` context and the environment GitHub gives every step, from the local repository."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.helpers import clean_environ

from .errors import WorkflowError
from .triggers import EVENTS, full_ref


def git(project: Path, *args: str) -> str:
    """A git query's output in `project`, or '' when git cannot answer."""
    done = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


def github_context(project: Path, event: str, ref: str | None) -> dict[str, Any]:
    """The `github` context; for pull_request `ref` names the base branch."""
    if event not in EVENTS:
        raise WorkflowError(f"event {event!r} is not supported locally ({', '.join(EVENTS)})")
    if not git(project, "rev-parse", "--git-dir"):
        raise WorkflowError(f"{project} is not a git repository (the checkout must be one)")
    branch = git(project, "symbolic-ref", "--short", "HEAD")
    target = full_ref(ref or branch)
    if target == "refs/heads/":
        raise WorkflowError("HEAD is detached: pass --ref")
    context: dict[str, Any] = {
        "event_name": event,
        "event": {},
        "ref": target,
        "ref_name": target.split("/", 2)[-1],
        "ref_type": "tag" if target.startswith("refs/tags/") else "branch",
        "base_ref": "",
        "head_ref": "",
        "sha": git(project, "rev-parse", "HEAD"),
        "workspace": str(project),
        "repository": f"local/{project.name}",
        "repository_owner": "local",
        "actor": "local",
        "run_id": "1",
        "run_number": "1",
    }
    if event == "pull_request":
        # GitHub checks out the merge ref; filters apply to the base branch.
        context.update(ref="refs/pull/1/merge", ref_name="1/merge", ref_type="branch")
        context.update(base_ref=target.removeprefix("refs/heads/"), head_ref=branch)
        context["event"] = pull_request_payload(project, target, branch, context["sha"])
    return context


def pull_request_payload(project: Path, base: str, head: str, head_sha: str) -> dict[str, Any]:
    """The event payload's `pull_request`, from the local repository: HEAD merges into `base`."""
    if not base.startswith("refs/heads/"):
        return {}  # not a branch: the trigger check refuses the run
    base_sha = git(project, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    if not base_sha:
        raise WorkflowError(f"the pull request's base branch {base} does not exist in {project}")
    base_branch = base.removeprefix("refs/heads/")
    return {
        "pull_request": {
            "number": 1,
            "base": {"ref": base_branch, "sha": base_sha},
            "head": {"ref": head, "sha": head_sha},
        }
    }


def base_env(github: Mapping[str, Any], temp: Path) -> dict[str, str]:
    """The machine's cleaned environment plus the variables GitHub sets for every step."""
    env = clean_environ()
    env.update(
        CI="true",
        GITHUB_WORKSPACE=github["workspace"],
        GITHUB_EVENT_NAME=github["event_name"],
        GITHUB_REF=github["ref"],
        GITHUB_REF_NAME=github["ref_name"],
        GITHUB_REF_TYPE=github["ref_type"],
        GITHUB_BASE_REF=github["base_ref"],
        GITHUB_HEAD_REF=github["head_ref"],
        GITHUB_SHA=github["sha"],
        GITHUB_REPOSITORY=github["repository"],
        RUNNER_OS="Linux",
        RUNNER_TEMP=str(temp),
    )
    return env
