"""The local CI runner, on tiny inline workflows: environments, outputs, conditions, failures."""

import shutil
from pathlib import Path

import pytest

from tests.helpers import workflow_project
from tests.matrix.results import WorkflowResult
from tests.matrix.workflow import run_workflow

# Runs without a run directory of their own keep their logs in the test's tmp_path.
pytestmark = pytest.mark.usefixtures("runner_temp")


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
    project = workflow_project(
        tmp_path,
        """
        on: push
        env: {A: workflow, B: workflow, C: workflow}
        jobs:
          check:
            env: {B: job, C: job, FROM: "${{ env.A }}+${{ github.ref_name }}"}
            steps:
              - env: {C: step}
                run: echo "$A $B $C $FROM ${{ env.C }} ${{ github.event_name }}" > out
        """,
    )
    result = run_workflow(project)
    assert result.result == "passed", result.summary()
    assert (project / "out").read_text().strip() == "workflow job step workflow+main step push"


def test_github_env_path_and_step_outputs(tmp_path: Path) -> None:
    project = workflow_project(
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
    result = run_workflow(project)
    assert result.result == "passed", result.summary()
    assert (project / "out").read_text().splitlines() == [
        "set-by-env-file 42 from-tool",
        "two",
        "lines",
    ]


def test_matrix_job_runs_once_per_combination(tmp_path: Path) -> None:
    project = workflow_project(
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
    result = run_workflow(project)
    assert result.result == "passed", result.summary()
    assert (project / "seen").read_text().split() == ["3.12", "3.13"]
    assert [step.job for step in result.steps] == ["test (3.12)", "test (3.13)"]


def test_if_conditions_skip_without_passing_or_failing(tmp_path: Path) -> None:
    project = workflow_project(
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
                if: ${{ github.ref == 'refs/heads/main' && !contains('abc', 'z') }}
                run: "true"
          never:
            if: false
            steps:
              - name: skipped job step
                run: exit 1
        """,
    )
    result = run_workflow(project)
    assert result.result == "passed", result.summary()
    pull_request_only = "github.event_name == 'pull_request'"
    assert statuses(result) == [
        ("on pull requests only", "skipped", f"condition false: {pull_request_only}"),
        ("on main", "passed", ""),
        ("skipped job step", "skipped", "condition false: false"),
    ]


def test_failing_step_fails_the_run_and_skips_what_follows(tmp_path: Path) -> None:
    project = workflow_project(
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
    result = run_workflow(project)
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
    project = workflow_project(
        tmp_path,
        """
        on: push
        jobs:
          check:
            steps:
              - uses: someone/mystery-action@v1
        """,
    )
    result = run_workflow(project)
    assert result.failed
    assert "someone/mystery-action" in result.steps[0].reason


@pytest.mark.usefixtures("no_docker_engine")
def test_docker_step_is_skipped_without_an_engine(tmp_path: Path) -> None:
    project = workflow_project(
        tmp_path,
        """
        on: push
        jobs:
          image:
            steps:
              - name: build
                run: docker build --tag probe .
              - name: through make
                run: make image
              - name: mentions docker only in text
                run: echo dockerfile-lint
        """,
    )
    # A make target that runs docker needs the engine too: the runner reads its recipe.
    (project / "Makefile").write_text("image:\n\tdocker build --tag probe .\n")
    result = run_workflow(project)
    assert not result.failed, result.summary()
    assert [(step.status, step.reason) for step in result.steps] == [
        ("skipped", "no Docker engine"),
        ("skipped", "no Docker engine"),
        ("passed", ""),
    ]


def test_a_make_step_without_make_fails_saying_so(tmp_path: Path) -> None:
    project = workflow_project(
        tmp_path,
        """
        on: push
        jobs:
          check:
            steps:
              - run: make lint
        """,
    )
    (project / "Makefile").write_text("lint:\n\ttrue\n")

    # A machine with git and bash but no make.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("git", "bash"):
        (bin_dir / tool).symlink_to(shutil.which(tool) or tool)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", str(bin_dir))
        failed = run_workflow(project)

    assert (
        failed.steps[0].reason == "a step runs `make`, which is not on PATH (apt-get install make)"
    )
