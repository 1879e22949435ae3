"""Run one step of one job instance: its condition, environment, `run:` or `uses:`."""

from __future__ import annotations

import itertools
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .actions import ActionCall, handler_for, split_uses
from .commands import read_key_values, read_paths, run_script
from .errors import RunnerError, WorkflowError
from .expressions import (
    Blank,
    Scope,
    condition,
    condition_text,
    interpolate,
    to_string,
    uses_status_function,
)
from .needs import unmet_need
from .results import StepResult

Echo = Callable[[str], None]


@dataclass
class RunContext:
    """What every job of one workflow run shares."""

    project: Path
    workflow: Mapping[str, Any]
    github: dict[str, Any]
    base_env: dict[str, str]
    logs: Path
    temp: Path
    echo: Echo
    prefix: str = ""
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    # What stood in for each job service, e.g. "postgres: local PostgreSQL 15 (database ci_1)".
    services: list[str] = field(default_factory=list)

    def contexts(self, **extra: Any) -> dict[str, Any]:
        """The expression contexts every scope has, plus `extra`."""
        runner = {"os": "Linux", "arch": "X64", "name": "local", "temp": str(self.temp)}
        return {"github": self.github, "secrets": Blank(), "runner": runner, **extra}

    def say(self, line: str) -> None:
        """Print one line, prefixed so parallel runs stay readable."""
        self.echo(f"{self.prefix}{line}")


@dataclass
class Instance:
    """One job instance (one matrix combination) being run."""

    run: RunContext
    job_id: str
    display: str
    job: Mapping[str, Any]
    matrix: dict[str, Any]
    needs: dict[str, Any]
    env: dict[str, str] = field(default_factory=dict)
    services: dict[str, Any] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)
    steps: dict[str, Any] = field(default_factory=dict)
    failed: bool = False

    def scope(self, env: Mapping[str, str] | None = None) -> Scope:
        """The expression scope at this point of the job."""
        contexts = self.run.contexts(
            env=dict(self.env if env is None else env),
            matrix=self.matrix,
            needs=self.needs,
            steps=self.steps,
            job={"status": "failure" if self.failed else "success", "services": self.services},
        )
        return Scope(contexts, failed=self.failed)

    def layer(self, values: Mapping[str, Any] | None) -> dict[str, str]:
        """`env` plus an `env:` block evaluated in order, each value seeing the ones before."""
        env = dict(self.env)
        for key, value in (values or {}).items():
            env[str(key)] = interpolate(to_string(value), self.scope(env))
        return env

    def default(self, key: str) -> Any:
        """A `defaults.run` value, the job's over the workflow's."""
        for owner in (self.job, self.run.workflow):
            value = ((owner.get("defaults") or {}).get("run") or {}).get(key)
            if value is not None:
                return value
        return None


def static_name(step: Mapping[str, Any]) -> str:
    """A step's name before evaluation: `name:`, the action, or `Run <first line>`."""
    if step.get("name"):
        return str(step["name"])
    if step.get("uses"):
        return str(step["uses"])
    return "Run " + (str(step.get("run", "")).strip().splitlines() or [""])[0]


def run_step(instance: Instance, step: Mapping[str, Any]) -> StepResult:
    """Run `step` and record it in the `steps` context; failures are results, not exceptions."""
    name, started = static_name(step), time.monotonic()
    step_id = str(step.get("id") or f"__step{len(instance.steps)}")
    instance.steps[step_id] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
    number = next(instance.run.counter)
    log = instance.run.logs / f"{number:03d}-{_slug(instance.display)}-{_slug(name)}.log"
    result = StepResult(instance.display, name, "skipped", log=log)
    try:
        result.name = interpolate(name, instance.scope())
        if instance.failed and not uses_status_function(step.get("if")):
            result.reason = "previous step failed"
        elif not condition(step.get("if"), instance.scope()):
            result.reason = f"condition false: {condition_text(step.get('if'))}"
        else:
            _execute(instance, step, step_id, result)
    except RunnerError as error:
        result.status, result.reason = "failed", str(error)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"\nlocal runner: {error}\n")
    result.seconds = time.monotonic() - started
    if result.status == "skipped":
        result.log = None
    outcome = {"passed": "success", "failed": "failure", "skipped": "skipped"}[result.status]
    if result.status == "failed" and _continues(instance, step):
        result.status, result.reason = "passed", f"{result.reason}; continue-on-error"
        instance.steps[step_id].update(outcome=outcome, conclusion="success")
        return result
    instance.steps[step_id].update(outcome=outcome, conclusion=outcome)
    instance.failed = instance.failed or result.status == "failed"
    return result


def _execute(instance: Instance, step: Mapping[str, Any], step_id: str, result: StepResult) -> None:
    """Run a step whose condition holds, filling `result`."""
    env = instance.layer(step.get("env"))
    scope = instance.scope(env)
    uses = str(step["uses"]) if step.get("uses") else None
    script = interpolate(str(step["run"]), scope) if "run" in step else None
    if uses is None and script is None:
        raise WorkflowError(f"step {result.name!r} has neither `run:` nor `uses:`")
    if uses:
        handler_for(split_uses(uses)[0])  # an unknown action fails even without Docker
    files = instance.run.temp / f"step-{result.log.stem if result.log else step_id}"
    files.mkdir(parents=True, exist_ok=True)
    process_env = _process_env(instance, env, files)
    if reason := unmet_need(uses, script, _working_directory(instance, step, scope), process_env):
        result.reason = reason
        return
    if uses:
        inputs = {
            str(key): interpolate(to_string(value), scope)
            for key, value in (step.get("with") or {}).items()
        }
        _use_action(instance, uses, inputs, process_env, step_id, result)
    else:
        _run_command(instance, step, scope, script or "", process_env, step_id, result)


def _process_env(instance: Instance, env: Mapping[str, str], files: Path) -> dict[str, str]:
    """The step's process environment: machine, GitHub defaults, env layers, added PATH."""
    process_env = {**instance.run.base_env, "GITHUB_JOB": instance.job_id, **env}
    for name in ("GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"):
        process_env[name] = str(files / name.lower())
        (files / name.lower()).write_text("", encoding="utf-8")
    process_env["PATH"] = os.pathsep.join([*instance.path, process_env.get("PATH", "")])
    return process_env


def _use_action(
    instance: Instance,
    uses: str,
    inputs: dict[str, str],
    env: dict[str, str],
    step_id: str,
    result: StepResult,
) -> None:
    """Run a `uses:` step through its handler."""
    name, ref = split_uses(uses)
    assert result.log is not None
    with result.log.open("a", encoding="utf-8") as log:
        log.write(f"uses {uses} with {inputs}\n")
        call = ActionCall(name, ref, inputs, instance.run.project, instance.run.temp, env, log)
        outcome = handler_for(name)(call)
        log.write(f"{outcome.note}\n")
    instance.env.update(outcome.env)
    instance.path[:0] = outcome.path
    instance.steps[step_id]["outputs"] = dict(outcome.outputs)
    result.status, result.reason = "passed", outcome.note


def _run_command(
    instance: Instance,
    step: Mapping[str, Any],
    scope: Scope,
    script: str,
    env: dict[str, str],
    step_id: str,
    result: StepResult,
) -> None:
    """Run a `run:` step, then apply what it wrote to GITHUB_ENV/PATH/OUTPUT."""
    shell = interpolate(str(step.get("shell") or instance.default("shell") or "bash"), scope)
    minutes = step.get("timeout-minutes")
    assert result.log is not None
    code = run_script(
        script,
        shell=shell,
        cwd=_working_directory(instance, step, scope),
        env=env,
        script_path=Path(env["GITHUB_ENV"]).parent / "script",
        log_path=result.log,
        timeout=float(interpolate(to_string(minutes), scope)) * 60 if minutes else None,
    )
    instance.env.update(read_key_values(Path(env["GITHUB_ENV"])))
    instance.path[:0] = read_paths(Path(env["GITHUB_PATH"]))
    instance.steps[step_id]["outputs"] = read_key_values(Path(env["GITHUB_OUTPUT"]))
    result.status = "passed" if code == 0 else "failed"
    result.reason = "" if code == 0 else f"exit code {code}"


def _working_directory(instance: Instance, step: Mapping[str, Any], scope: Scope) -> Path:
    """Where a `run:` step runs: its `working-directory`, the defaults', or the checkout."""
    directory = step.get("working-directory") or instance.default("working-directory") or "."
    return instance.run.project / interpolate(str(directory), scope)


def _continues(instance: Instance, step: Mapping[str, Any]) -> bool:
    """Whether a failed step has `continue-on-error` set (possibly as an expression)."""
    value = step.get("continue-on-error", False)
    if isinstance(value, bool):
        return value
    return interpolate(str(value), instance.scope()).strip().lower() == "true"


def _slug(text: str) -> str:
    """A file-name-safe form of a job name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:60] or "job"
