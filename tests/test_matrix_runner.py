"""The local CI runner, on tiny inline workflows and a sample copier.yml."""

from __future__ import annotations

import socket
import subprocess
import textwrap
import threading
from pathlib import Path

import pytest

from tests.matrix import needs
from tests.matrix.cli import spread_only
from tests.matrix.combos import all_combos, available, refused, select
from tests.matrix.errors import ExpressionError
from tests.matrix.expressions import Scope, condition, evaluate, interpolate
from tests.matrix.jobs import expand_matrix
from tests.matrix.results import WorkflowResult
from tests.matrix.services import PROVIDERS, ServiceBinding, ServiceRequest, image_name
from tests.matrix.triggers import matches
from tests.matrix.workflow import run_workflow


def make_project(root: Path, workflow: str) -> Path:
    """A git repository holding `workflow` as its CI, with one commit on main."""
    project = root / "project"
    (project / ".github" / "workflows").mkdir(parents=True)
    (project / ".github" / "workflows" / "ci.yml").write_text(textwrap.dedent(workflow))
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    for command in (
        ["init", "--quiet", "--initial-branch=main"],
        ["add", "--all"],
        [*identity, "commit", "--quiet", "--message", "init"],
    ):
        subprocess.run(["git", *command], cwd=project, check=True)
    return project


def run(project: Path, *, event: str = "push", ref: str | None = None) -> WorkflowResult:
    """Run the project's workflow quietly, logs beside the project."""
    lines: list[str] = []
    return run_workflow(project, event, ref, run_dir=project.parent / "run", echo=lines.append)


def statuses(result: WorkflowResult) -> list[tuple[str, str, str]]:
    """(step name, status, reason) for every step, in order."""
    return [(step.name, step.status, step.reason) for step in result.steps]


@pytest.fixture
def no_docker_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `docker` first on PATH whose `docker info` fails, as on a machine without an engine."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    fake = bin_dir / "docker"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")


def test_env_precedence_and_expression_substitution(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        """
        on: push
        env: {A: workflow, B: workflow, C: workflow}
        jobs:
          check:
            env: {B: job, C: job, FROM: "${{ env.A }}+${{ github.ref_name }}"}
            steps:
              - env: {C: step}
                run: echo "$A $B $C $FROM ${{ env.C }} ${{ format('{0}-{1}', 'x', 1) }}" > out
        """,
    )
    result = run(project)
    assert result.result == "passed", result.summary()
    assert (project / "out").read_text().strip() == "workflow job step workflow+main step x-1"


def test_github_env_path_and_step_outputs(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        """
        on: push
        jobs:
          check:
            steps:
              - id: first
                run: |
                  mkdir -p "$RUNNER_TEMP/tools"
                  printf '#!/bin/sh\\necho from-tool\\n' > "$RUNNER_TEMP/tools/mytool"
                  chmod +x "$RUNNER_TEMP/tools/mytool"
                  echo "$RUNNER_TEMP/tools" >> "$GITHUB_PATH"
                  echo "LATER=set-by-env-file" >> "$GITHUB_ENV"
                  echo "answer=42" >> "$GITHUB_OUTPUT"
                  { echo "text<<EOF"; echo "two"; echo "lines"; echo "EOF"; } >> "$GITHUB_OUTPUT"
              - run: |
                  echo "$LATER ${{ steps.first.outputs.answer }} $(mytool)" > out
                  echo "${{ steps.first.outputs.text }}" >> out
        """,
    )
    result = run(project)
    assert result.result == "passed", result.summary()
    assert (project / "out").read_text().splitlines() == [
        "set-by-env-file 42 from-tool",
        "two",
        "lines",
    ]


def test_matrix_expansion_follows_include_and_exclude() -> None:
    matrix = {
        "os": ["linux", "mac"],
        "py": ["3.12", "3.13"],
        "exclude": [{"os": "mac", "py": "3.12"}],
        "include": [{"py": "3.13", "extra": "yes"}, {"os": "bsd", "py": "3.11"}],
    }
    assert expand_matrix(matrix) == [
        {"os": "linux", "py": "3.12"},
        {"os": "linux", "py": "3.13", "extra": "yes"},
        {"os": "mac", "py": "3.13", "extra": "yes"},
        {"os": "bsd", "py": "3.11"},
    ]


def test_matrix_job_runs_once_per_combination(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        """
        on: push
        jobs:
          test:
            strategy:
              matrix:
                py: ["3.12", "3.13"]
            steps:
              - run: echo "${{ matrix.py }}" >> seen
        """,
    )
    result = run(project)
    assert result.result == "passed", result.summary()
    assert (project / "seen").read_text().split() == ["3.12", "3.13"]
    assert [step.job for step in result.steps] == ["test (3.12)", "test (3.13)"]


def test_if_conditions_skip_without_passing_or_failing(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        """
        on: push
        jobs:
          check:
            steps:
              - name: on pull requests only
                if: github.event_name == 'pull_request'
                run: exit 1
              - name: on main
                if: ${{ startsWith(github.ref, 'refs/heads/') && !contains('abc', 'z') }}
                run: "true"
          never:
            if: false
            steps:
              - name: skipped job step
                run: exit 1
        """,
    )
    result = run(project)
    assert result.result == "passed", result.summary()
    pull_request_only = "github.event_name == 'pull_request'"
    assert statuses(result) == [
        ("on pull requests only", "skipped", f"condition false: {pull_request_only}"),
        ("on main", "passed", ""),
        ("skipped job step", "skipped", "condition false: false"),
    ]


def test_expression_operators_and_functions() -> None:
    scope = Scope({"matrix": {"py": "3.12"}, "env": {}, "secrets": {}})
    assert evaluate("matrix.py == '3.12' && (1 != 2)", scope) is True
    assert evaluate("endsWith('Hello', 'LO') || false", scope) is True
    assert interpolate("v${{ matrix.py }}-${{ matrix.none }}", scope) == "v3.12-"
    assert condition("always()", Scope({}, failed=True)) is True
    assert condition("true", Scope({}, failed=True)) is False
    with pytest.raises(ExpressionError, match=r"toJSON\(matrix\).*unsupported function toJSON"):
        evaluate("toJSON(matrix)", scope)


def test_failing_step_fails_the_run_and_skips_what_follows(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        """
        on: push
        jobs:
          build:
            steps:
              - name: breaks
                run: echo "about to fail"; exit 3
              - name: after
                run: "true"
              - name: cleanup
                if: always()
                run: "true"
          deploy:
            needs: build
            steps:
              - name: ship
                run: "true"
        """,
    )
    result = run(project)
    assert result.failed
    assert statuses(result) == [
        ("breaks", "failed", "exit code 3"),
        ("after", "skipped", "previous step failed"),
        ("cleanup", "passed", ""),
        ("ship", "skipped", "needed job build failed"),
    ]
    failed_log = result.steps[0].log
    assert failed_log is not None
    assert "about to fail" in failed_log.read_text()


def test_unknown_action_fails_naming_it(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        """
        on: push
        jobs:
          check:
            steps:
              - uses: someone/mystery-action@v1
        """,
    )
    result = run(project)
    assert result.failed
    assert "someone/mystery-action" in result.steps[0].reason


@pytest.mark.usefixtures("no_docker_engine")
def test_docker_step_is_skipped_without_an_engine(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        """
        on: push
        jobs:
          image:
            steps:
              - name: build
                run: docker build --tag probe .
              - uses: docker/setup-buildx-action@v3
              - name: mentions docker only in text
                run: echo dockerfile-lint
        """,
    )
    result = run(project)
    assert not result.failed, result.summary()
    assert [(step.status, step.reason) for step in result.steps] == [
        ("skipped", "no Docker engine"),
        ("skipped", "no Docker engine"),
        ("passed", ""),
    ]


def test_trigger_mismatch_fails_with_a_clear_message(tmp_path: Path) -> None:
    project = make_project(
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
    assert run(project, ref="refs/tags/v1.2.0").result == "passed"
    feature = run(project, ref="feature/x")
    assert feature.failed
    assert feature.errors == ["refs/heads/feature/x is not in push.branches ['main']"]
    pull = run(project, event="pull_request")
    assert pull.errors == ["the workflow does not run on pull_request (on: push)"]
    assert not pull.steps


def test_pull_request_payload_comes_from_the_local_repository(tmp_path: Path) -> None:
    project = make_project(
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
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run(["git", "switch", "--quiet", "--create", "feature/x"], cwd=project, check=True)
    subprocess.run(
        ["git", *identity, "commit", "--quiet", "--allow-empty", "--message", "feat: x"],
        cwd=project,
        check=True,
    )
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True, check=True
    ).stdout.strip()

    result = run(project, event="pull_request", ref="main")

    assert result.result == "passed", result.summary()
    assert (tmp_path / "commits").read_text().split() == [head]
    assert (tmp_path / "refs").read_text().strip() == "main <- feature/x"
    missing = run(project, event="pull_request", ref="develop")
    assert missing.errors == [
        f"the pull request's base branch refs/heads/develop does not exist in {project}"
    ]


def test_unprovided_service_fails_the_job_naming_the_image(tmp_path: Path) -> None:
    project = make_project(
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
    result = run(project)
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
    project = make_project(
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
    result = run(project)
    server.close()
    assert result.result == "passed", result.summary()
    assert (project / "out").read_text().split() == ["hello", "app"]


def test_service_providers_are_keyed_by_image_without_tag() -> None:
    assert image_name("docker.io/library/postgres:16-alpine") == "postgres"
    assert (
        image_name("registry.local:5000/team/cassandra@sha256:abc")
        == "registry.local:5000/team/cassandra"
    )


def test_branch_globs_follow_github_rules() -> None:
    assert matches(["release/**"], "release/1.0/hotfix")
    assert not matches(["release/*"], "release/1.0/hotfix")
    assert not matches(["feature/*", "!feature/wip"], "feature/wip")


SAMPLE_COPIER_YML = """
_subdirectory: template
project_name: {type: str, default: x}
package_manager:
  type: str
  choices:
    uv: uv
    Poetry:
      value: poetry
      validator: "poetry is planned"
branching_model:
  type: str
  choices: [trunk, gitflow]
database:
  type: str
  choices: {None: none}
rust_engine:
  type: bool
  default: false
  validator: >-
    {% if rust_engine and branching_model == 'gitflow' %}no rust on
    {{ branching_model }}{% endif %}
"""


def test_combos_come_from_copier_yml_with_refusals(tmp_path: Path) -> None:
    copier_yml = tmp_path / "copier.yml"
    copier_yml.write_text(SAMPLE_COPIER_YML)
    combos = all_combos(copier_yml)
    assert [combo.id for combo in available(combos)] == [
        "uv-trunk-none-norust",
        "uv-trunk-none-rust",
        "uv-gitflow-none-norust",
    ]
    reasons = {combo.id: combo.refusal for combo in refused(combos)}
    assert reasons["uv-gitflow-none-rust"] == "no rust on gitflow"
    assert reasons["poetry-trunk-none-norust"] == "poetry is planned"
    assert len(reasons) == 5
    with pytest.raises(ValueError, match=r"unknown combo id.*nope"):
        select(["nope"], combos)


def test_only_accepts_several_ids_after_one_flag() -> None:
    assert spread_only(["run", "--only", "a", "b", "--jobs", "2", "--only", "c"]) == [
        "run", "--only", "a", "--only", "b", "--jobs", "2", "--only", "c",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("script", "needed"),
    [
        ("uv run pip-audit --strict", True),
        ("make lint && pip-audit", True),
        ("# pip-audit later\necho ok", False),
        ("echo pip-auditor", False),
    ],
)
def test_pip_audit_steps_need_the_vulnerability_service(script: str, needed: bool) -> None:
    assert needs.step_needs_vulnerability_service(None, script) is needed
