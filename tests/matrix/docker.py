"""Tell which steps need Docker and whether this machine has a Docker engine."""

from __future__ import annotations

import functools
import os
import re
import subprocess

DOCKER_ACTIONS_OWNER = "docker/"
SKIP_REASON = "no Docker engine"

# `docker` as a command: at a line start, after a shell separator, or after whitespace.
_DOCKER_COMMAND = re.compile(r"(^|[;&|(]\s*|\s)docker(\s|$)")


def step_needs_docker(uses: str | None, script: str | None) -> bool:
    """Whether a step uses a `docker/*` action or its script runs `docker`."""
    if uses and uses.lower().startswith(DOCKER_ACTIONS_OWNER):
        return True
    lines = (line for line in (script or "").splitlines() if not line.lstrip().startswith("#"))
    return any(_DOCKER_COMMAND.search(line) for line in lines)


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
