"""What a step needs that a machine may lack: a Docker engine, a reachable vulnerability service.

A step whose need is unmet is reported skipped with the reason, never counted as passed.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

DOCKER_ACTIONS_OWNER = "docker/"
SKIP_REASON = "no Docker engine"
# pip-audit's default source is PyPI's per-release JSON API; a mirror may serve only the
# simple index.
VULNERABILITY_PROBE = "https://pypi.org/pypi/pip/24.0/json"
VULNERABILITY_SKIP_REASON = f"vulnerability service unreachable ({VULNERABILITY_PROBE})"

# `docker` as a command: at a line start, after a shell separator, or after whitespace.
_DOCKER_COMMAND = re.compile(r"(^|[;&|(]\s*|\s)docker(\s|$)")
_PIP_AUDIT_COMMAND = re.compile(r"(^|[;&|(]\s*|\s)pip-audit(\s|$)")


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


def unmet_need(uses: str | None, script: str | None) -> str | None:
    """The skip reason of the first thing this step needs and the machine lacks, if any."""
    for need in NEEDS:
        if need.needed_by(uses, script) and not need.available():
            return need.skip_reason
    return None
