"""What a step needs that a machine may lack: a Docker engine, a reachable vulnerability service.

A step whose need is unmet is reported skipped with the reason, never counted as passed. A step
that runs `make` needs what the targets' recipes need, read from `make --dry-run`.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import WorkflowError

DOCKER_ACTIONS_OWNER = "docker/"
SKIP_REASON = "no Docker engine"
# pip-audit's default source is PyPI's per-release JSON API; a mirror may serve only the
# simple index.
VULNERABILITY_PROBE = "https://pypi.org/pypi/pip/24.0/json"
VULNERABILITY_SKIP_REASON = f"vulnerability service unreachable ({VULNERABILITY_PROBE})"

# `docker` as a command: at a line start, after a shell separator, or after whitespace.
_DOCKER_COMMAND = re.compile(r"(^|[;&|(]\s*|\s)docker(\s|$)")
_PIP_AUDIT_COMMAND = re.compile(r"(^|[;&|(]\s*|\s)pip-audit(\s|$)")
# `make` and its arguments, up to the end of the command.
_MAKE_COMMAND = re.compile(r"(?:^|[;&|(]\s*|\s)make((?:\s+[^\s;&|#)]+)*)")


def _commands(script: str | None) -> list[str]:
    """The script's lines that are not comments."""
    return [line for line in (script or "").splitlines() if not line.lstrip().startswith("#")]


def step_needs_docker(uses: str | None, script: str | None) -> bool:
    """Whether a step uses a `docker/*` action or its script runs `docker`."""
    if uses and uses.lower().startswith(DOCKER_ACTIONS_OWNER):
        return True
    return any(_DOCKER_COMMAND.search(line) for line in _commands(script))


def step_needs_vulnerability_service(uses: str | None, script: str | None) -> bool:
    """Whether a step runs pip-audit."""
    del uses
    return any(_PIP_AUDIT_COMMAND.search(line) for line in _commands(script))


def engine_available() -> bool:
    """Whether `docker info` succeeds with the current PATH (checked once per PATH)."""
    return _engine_available(os.environ.get("PATH", ""))


@functools.cache
def _engine_available(path: str) -> bool:
    """`docker info` exit status for one PATH; cached since it is slow when no engine answers."""
    try:
        done = subprocess.run(
            ["docker", "info"],
            capture_output=True,
            timeout=60,
            check=False,
            env={**os.environ, "PATH": path},
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@functools.cache
def vulnerability_service_available() -> bool:
    """Whether pip-audit's vulnerability source answers (checked once per run)."""
    try:
        with urllib.request.urlopen(VULNERABILITY_PROBE, timeout=15):
            return True
    except (urllib.error.URLError, TimeoutError, OSError):
        return False


@dataclass(frozen=True)
class Need:
    """Something a step may need, how to spot such a step, and whether this machine has it."""

    needed_by: Callable[[str | None, str | None], bool]
    available: Callable[[], bool]
    skip_reason: str


NEEDS = (
    Need(step_needs_docker, engine_available, SKIP_REASON),
    Need(
        step_needs_vulnerability_service, vulnerability_service_available, VULNERABILITY_SKIP_REASON
    ),
)


def make_recipes(script: str | None, cwd: Path, env: Mapping[str, str]) -> str:
    """What the script's `make` commands would run, as `make --dry-run` prints it."""
    invocations = [match[1] for line in _commands(script) for match in _MAKE_COMMAND.finditer(line)]
    if not invocations or not cwd.is_dir():
        return ""  # a missing working-directory fails the step when it runs
    make = shutil.which("make", path=env.get("PATH", ""))
    if make is None:
        raise WorkflowError("a step runs `make`, which is not on PATH (apt-get install make)")
    recipes = []
    for arguments in invocations:
        done = subprocess.run(
            [make, "--dry-run", *shlex.split(arguments)],
            cwd=cwd,
            env=dict(env),
            capture_output=True,
            text=True,
            check=False,
        )
        recipes.append(done.stdout)
    return "\n".join(recipes)


def unmet_need(
    uses: str | None, script: str | None, cwd: Path, env: Mapping[str, str]
) -> str | None:
    """The skip reason of the first thing this step needs and the machine lacks, if any."""
    if script is not None:
        script = f"{script}\n{make_recipes(script, cwd, env)}"
    for need in NEEDS:
        if need.needed_by(uses, script) and not need.available():
            return need.skip_reason
    return None
