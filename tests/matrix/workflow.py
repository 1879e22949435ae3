"""Run a project's GitHub Actions workflow locally: triggers, jobs in `needs:` order, matrices."""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .context import base_env, github_context
from .errors import RunnerError, WorkflowError
from .expressions import (
    Scope,
    condition,
    condition_text,
    interpolate,
    to_string,
    uses_status_function,
)
from .jobs import expand_matrix, instance_name, job_order, needs_of
from .needs import SKIP_REASON, engine_available
from .results import StepResult, WorkflowResult
from .services import Forwarder, ServiceRequest, provide
from .steps import Echo, Instance, RunContext, run_step, static_name
from .triggers import check_trigger, full_ref

WORKFLOW = Path(".github/workflows/ci.yml")
TAIL_LINES = 60


@dataclass
class JobState:
    """What dependents see of a finished job through `needs`."""

    result: str = "success"
    outputs: dict[str, str] = field(default_factory=dict)


def load_workflow(path: Path) -> dict[str, Any]:
    """Read a workflow file, giving back the `on:` key PyYAML turns into True."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise WorkflowError(f"cannot read {path}: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), dict):
        raise WorkflowError(f"{path} has no `jobs:` mapping")
    if True in data:
        data["on"] = data.pop(True)
    return data


def run_workflow(
    project: Path,
    event: str = "push",
    ref: str | None = None,
    *,
    run_dir: Path | None = None,
    echo: Echo = print,
    prefix: str = "",
    workflow: Path = WORKFLOW,
    machine_env: Mapping[str, str] | None = None,
    only: Collection[str] = (),
) -> WorkflowResult:
    """Run `project`'s workflow for `event` on `ref` (default: its current branch).

    `machine_env` adds to the machine's environment, as a runner's own settings would. `only`
    names the jobs to run (default: all); the others are reported skipped.
    """
    project = project.resolve()
    run_dir = run_dir or Path(tempfile.mkdtemp(prefix="matrix-ci-"))
    logs, temp = run_dir / "logs", run_dir / "temp"
    logs.mkdir(parents=True, exist_ok=True)
    temp.mkdir(parents=True, exist_ok=True)
    result = WorkflowResult(project, event, ref or "", logs)
    started = time.monotonic()
    try:
        data = load_workflow(project / workflow)
        github = github_context(project, event, ref)
        result.ref = github["ref"] if event == "push" else full_ref(github["base_ref"])
        check_trigger(data.get("on"), event, result.ref)
        step_env = {**base_env(github, temp), **(machine_env or {})}
        run = RunContext(project, data, github, step_env, logs, temp, echo, prefix)
        try:
            _run_jobs(run, data["jobs"], result, only)
        finally:
            result.services = run.services
    except RunnerError as error:
        result.errors.append(str(error))
        echo(f"{prefix}  error: {error}")
    result.seconds = time.monotonic() - started
    return result


def _run_jobs(
    run: RunContext, jobs: Mapping[str, Any], result: WorkflowResult, only: Collection[str]
) -> None:
    """Run every job after the jobs it needs, skipping dependents of failed ones."""
    states: dict[str, JobState] = {}
    for job_id in job_order(jobs):
        job = jobs[job_id] or {}
        needs = {
            name: {"result": states[name].result, "outputs": states[name].outputs}
            for name in needs_of(job)
        }
        not_ok = [name for name in needs if states[name].result != "success"]
        scope = Scope(run.contexts(needs=needs, env={}), failed=bool(not_ok))
        reason = ""
        if only and job_id not in only:
            reason = "not selected"
        elif not_ok and not uses_status_function(job.get("if")):
            reason = f"needed job {not_ok[0]} {_verb(states[not_ok[0]].result)}"
        elif not condition(job.get("if"), scope):
            reason = f"condition false: {condition_text(job.get('if'))}"
        elif job.get("container") and not engine_available():
            reason = SKIP_REASON
        if reason:
            _skip_job(run, str(job.get("name") or job_id), job, reason, result)
            states[job_id] = JobState("skipped")
            continue
        states[job_id] = _run_job(run, job_id, job, needs, result)


def _verb(state: str) -> str:
    """`failed` or `was skipped`, for a dependent's skip reason."""
    return "failed" if state == "failure" else "was skipped"


def _run_job(
    run: RunContext,
    job_id: str,
    job: Mapping[str, Any],
    needs: dict[str, Any],
    result: WorkflowResult,
) -> JobState:
    """Run every matrix instance of a job; with fail-fast, a failure skips the rest."""
    if job.get("uses"):
        raise WorkflowError(f"job {job_id} calls a reusable workflow, not supported locally")
    if job.get("container"):
        raise WorkflowError(f"job {job_id} runs in a container, not supported locally")
    strategy = job.get("strategy") or {}
    fail_fast = strategy.get("fail-fast", True) is not False
    state = JobState()
    for matrix in expand_matrix(strategy.get("matrix")):
        instance = Instance(run, job_id, job_id, job, matrix, needs)
        instance.display = interpolate(instance_name(job_id, job, matrix), instance.scope())
        if fail_fast and state.result == "failure":
            _skip_job(run, instance.display, job, "fail-fast: another matrix job failed", result)
            continue
        failed = _run_instance(instance, result)
        state.outputs.update(_job_outputs(instance))
        state.result = "failure" if failed or state.result == "failure" else "success"
    return state


def _run_instance(instance: Instance, result: WorkflowResult) -> bool:
    """Run one instance's steps with its services up; return whether it failed."""
    run, job = instance.run, instance.job
    with contextlib.ExitStack() as stack:
        try:
            instance.env = instance.layer(run.workflow.get("env"))
            instance.env = instance.layer(job.get("env"))
            _start_services(instance, stack)
        except RunnerError as error:
            step = StepResult(instance.display, "set up job", "failed", str(error))
            result.steps.append(step)
            run.say(step.line())
            _skip_job(run, instance.display, job, "job set-up failed", result)
            return True
        for step in job.get("steps") or []:
            step_result = run_step(instance, step)
            result.steps.append(step_result)
            run.say(step_result.line())
            if step_result.status == "failed" and step_result.log:
                _print_tail(run, step_result.log)
    return instance.failed


def _start_services(instance: Instance, stack: contextlib.ExitStack) -> None:
    """Start the job's services through their local providers, forwarding ports if needed."""
    scope = instance.scope()
    for name, spec in (instance.job.get("services") or {}).items():
        image = interpolate(to_string(spec.get("image")), scope)
        if not image:
            continue  # GitHub skips a service whose image evaluates empty
        request = ServiceRequest(
            name=str(name),
            image=image,
            env={k: interpolate(to_string(v), scope) for k, v in (spec.get("env") or {}).items()},
            ports=[interpolate(to_string(port), scope) for port in spec.get("ports") or []],
            options=interpolate(to_string(spec.get("options")), scope),
        )
        binding = provide(request)
        if binding.stop:
            stack.callback(binding.stop)
        for job_port, real_port in binding.ports.items():
            if job_port != real_port or binding.host not in ("127.0.0.1", "localhost"):
                stack.callback(Forwarder(job_port, binding.host, real_port).close)
        instance.env.update(binding.env)
        if binding.description:
            instance.run.services.append(f"{name}: {binding.description}")
            instance.run.say(f"  ⚙ {instance.display} \u203a service {name}: {binding.description}")
        ports = {str(port): str(port) for port in request.job_ports()}
        instance.services[str(name)] = {"id": str(name), "network": "", "ports": ports}


def _job_outputs(instance: Instance) -> dict[str, str]:
    """The job's `outputs:`, evaluated once its steps ran."""
    scope = instance.scope()
    outputs = instance.job.get("outputs") or {}
    return {str(key): interpolate(to_string(value), scope) for key, value in outputs.items()}


def _skip_job(
    run: RunContext, display: str, job: Mapping[str, Any], reason: str, result: WorkflowResult
) -> None:
    """Report every step of a job that will not run as skipped for `reason`."""
    steps = job.get("steps") or [{"name": "(job)"}]
    for step in steps:
        skipped = StepResult(display, static_name(step), "skipped", reason)
        result.steps.append(skipped)
        run.say(skipped.line())


def _print_tail(run: RunContext, log: Path) -> None:
    """Show the end of a failed step's log, where the error usually is."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()[-TAIL_LINES:]
    run.say(f"    ── last {len(lines)} lines of {log} ──")
    for line in lines:
        run.say(f"    │ {line}")
