"""The local CI runner, on tiny inline workflows: triggers, pull requests, job services."""

import socket
import threading
from pathlib import Path

import pytest

from tests.helpers import IDENTITY, git, workflow_project
from tests.matrix.results import WorkflowResult
from tests.matrix.services import PROVIDERS, ServiceBinding, ServiceRequest
from tests.matrix.workflow import run_workflow

# Runs without a run directory of their own keep their logs in the test's tmp_path.
pytestmark = pytest.mark.usefixtures("runner_temp")


def statuses(result: WorkflowResult) -> list[tuple[str, str, str]]:
    """(step name, status, reason) for every step, in order."""
    return [(step.name, step.status, step.reason) for step in result.steps]


def test_trigger_mismatch_fails_with_a_clear_message(tmp_path: Path) -> None:
    project = workflow_project(
        tmp_path,
        """
        on:
          push:
            branches: [main]
            tags: ["v*"]
        jobs:
          check:
            steps:
              - run: "true"
        """,
    )
    assert run_workflow(project, ref="refs/tags/v1.2.0").result == "passed"
    feature = run_workflow(project, ref="feature/x")
    assert feature.failed
    assert feature.errors == ["refs/heads/feature/x is not in push.branches ['main']"]
    pull = run_workflow(project, "pull_request")
    assert pull.errors == ["the workflow does not run on pull_request (on: push)"]
    assert not pull.steps


def test_pull_request_payload_comes_from_the_local_repository(tmp_path: Path) -> None:
    project = workflow_project(
        tmp_path,
        """
        on:
          pull_request:
            branches: [main]
        jobs:
          check:
            steps:
              - env:
                  BASE: ${{ github.event.pull_request.base.sha }}
                  HEAD: ${{ github.event.pull_request.head.sha }}
                run: |
                  git rev-list "$BASE..$HEAD" > "$RUNNER_TEMP/commits"
                  echo "$GITHUB_BASE_REF <- $GITHUB_HEAD_REF" > "$RUNNER_TEMP/refs"
                  cp "$RUNNER_TEMP/commits" "$RUNNER_TEMP/refs" ..
        """,
    )
    git(project, "switch", "--quiet", "--create", "feature/x")
    git(project, *IDENTITY, "commit", "--quiet", "--allow-empty", "--message", "feat: x")
    head = git(project, "rev-parse", "HEAD").strip()

    result = run_workflow(project, "pull_request", "main")

    assert result.result == "passed", result.summary()
    assert (tmp_path / "commits").read_text().split() == [head]
    assert (tmp_path / "refs").read_text().strip() == "main <- feature/x"
    missing = run_workflow(project, "pull_request", "develop")
    assert missing.errors == [
        f"the pull request's base branch refs/heads/develop does not exist in {project}"
    ]


def test_unprovided_service_fails_the_job_naming_the_image(tmp_path: Path) -> None:
    project = workflow_project(
        tmp_path,
        """
        on: push
        jobs:
          db:
            services:
              cache:
                image: memcached:1.6
            steps:
              - name: uses it
                run: "true"
        """,
    )
    result = run_workflow(project)
    assert result.failed
    assert "service image memcached:1.6 is not supported" in result.steps[0].reason
    assert statuses(result)[1] == ("uses it", "skipped", "job set-up failed")


def test_service_provider_port_is_forwarded_to_the_job_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=lambda: server.accept()[0].sendall(b"hello"), daemon=True).start()
    with socket.create_server(("127.0.0.1", 0)) as probe:
        job_port = probe.getsockname()[1]

    def provider(request: ServiceRequest) -> ServiceBinding:
        real_port = server.getsockname()[1]
        return ServiceBinding(env={"DB_USER": request.env["USER"]}, ports={job_port: real_port})

    monkeypatch.setitem(PROVIDERS, "fakedb", provider)
    project = workflow_project(
        tmp_path,
        f"""
        on: push
        jobs:
          db:
            services:
              fakedb:
                image: fakedb:2
                env: {{USER: app}}
                ports: ["{job_port}:{job_port}"]
            steps:
              - run: |
                  python3 -c "import socket
                  print(socket.create_connection(('127.0.0.1', {job_port})).recv(5).decode())" > out
                  echo "$DB_USER" >> out
        """,
    )
    result = run_workflow(project)
    server.close()
    assert result.result == "passed", result.summary()
    assert (project / "out").read_text().split() == ["hello", "app"]


def test_only_the_selected_jobs_run(tmp_path: Path) -> None:
    project = workflow_project(
        tmp_path,
        """
        on: push
        jobs:
          wanted:
            steps:
              - name: runs
                run: "true"
          other:
            steps:
              - name: would fail
                run: exit 1
        """,
    )

    result = run_workflow(project, only=("wanted",))

    assert result.result == "passed", result.summary()
    assert statuses(result) == [("runs", "passed", ""), ("would fail", "skipped", "not selected")]
