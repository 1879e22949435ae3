"""The `uses:` actions the local runner knows, each emulated by a small handler.

To support another action, write `def handler(call: ActionCall) -> ActionOutcome` and add it to
ACTIONS under its lowercase `owner/name` (plus `/path` for actions in a subfolder).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .errors import ActionError
from .pythons import find_python

# `poetry --version` prints e.g. "Poetry (version 2.5.1)".
_POETRY_VERSION = re.compile(r"version ([^\s)]+)")
# A Rust release: 1.95.0, or 1.95 for its latest patch.
_RUST_VERSION = re.compile(r"\d+\.\d+(\.\d+)?")


@dataclass
class ActionCall:
    """One `uses:` step as a handler sees it; `inputs` are the evaluated `with:` values."""

    name: str
    ref: str
    inputs: dict[str, str]
    workspace: Path
    temp: Path
    env: dict[str, str]
    log: TextIO

    def which(self, tool: str) -> str | None:
        """Where `tool` is on the step's PATH."""
        return shutil.which(tool, path=self.env.get("PATH", ""))

    def run(self, *command: str, cwd: Path | None = None, check: bool = True) -> str:
        """Run a command (in the workspace by default), logging its output.

        A failure raises ActionError, or with `check=False` is logged as a warning.
        """
        self.log.write(f"$ {' '.join(command)}\n")
        self.log.flush()
        done = subprocess.run(
            command,
            cwd=cwd or self.workspace,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.log.write(done.stdout + done.stderr)
        if done.returncode != 0:
            message = f"{self.name}: `{' '.join(command)}` exited {done.returncode}"
            if check:
                raise ActionError(message)
            self.log.write(f"warning: {message}\n")
        return done.stdout


@dataclass
class ActionOutcome:
    """What a handler changes for later steps, as GITHUB_ENV/GITHUB_PATH/outputs would."""

    note: str = ""
    env: dict[str, str] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)


Handler = Callable[[ActionCall], ActionOutcome]


def split_uses(uses: str) -> tuple[str, str]:
    """`actions/checkout@v4` → (`actions/checkout`, `v4`)."""
    name, _, ref = uses.partition("@")
    return name.strip(), ref.strip()


def handler_for(name: str) -> Handler:
    """The handler for an action, or ActionError naming it."""
    handler = ACTIONS.get(name.lower())
    if handler is None:
        raise ActionError(
            f"action {name} is not supported by the local runner "
            "(add a handler to ACTIONS in tests/matrix/actions.py)"
        )
    return handler


def _require(call: ActionCall, tool: str) -> str:
    """The path of `tool` on the step's PATH; the runner installs nothing."""
    path = call.which(tool)
    if path is None:
        raise ActionError(
            f"{call.name}: `{tool}` is not on PATH (the local runner installs nothing)"
        )
    return path


def checkout(call: ActionCall) -> ActionOutcome:
    """The project directory is the checkout; it only has to be a git repository."""
    call.run("git", "rev-parse", "--git-dir")
    return ActionOutcome(note="local: the project directory is the checkout")


def setup_uv(call: ActionCall) -> ActionOutcome:
    """Use the local uv; pin UV_PYTHON when the step asks for a version."""
    uv = _require(call, "uv")
    call.run(uv, "--version")
    version = call.inputs.get("python-version", "").strip()
    if not version:
        return ActionOutcome(note="local: uv from PATH")
    python = find_python(version)
    return ActionOutcome(
        note=f"local: uv from PATH, Python {python}", env={"UV_PYTHON": str(python)}
    )


def setup_python(call: ActionCall) -> ActionOutcome:
    """Put a local interpreter of the requested version first on PATH."""
    version = call.inputs.get("python-version", "").strip()
    if not version and (version_file := call.inputs.get("python-version-file", "").strip()):
        try:
            version = (call.workspace / version_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ActionError(f"{call.name}: cannot read {version_file}: {error}") from error
    if not version:
        raise ActionError(f"{call.name}: give python-version or python-version-file")
    python = find_python(version.splitlines()[0].strip())
    # Symlinks make `python`/`python3` mean this interpreter even when its bin dir is /usr/bin.
    shims = call.temp / f"python-{version.splitlines()[0].strip()}"
    shims.mkdir(parents=True, exist_ok=True)
    for alias in ("python", "python3", python.name):
        link = shims / alias
        if not link.exists():
            link.symlink_to(python)
    if call.inputs.get("cache", "").strip() == "poetry":
        _use_python_in_poetry_projects(call, python)
    prefix = str(python.parent.parent)
    return ActionOutcome(
        note=f"local: {python}",
        env={"pythonLocation": prefix},
        path=[str(shims), str(python.parent)],
        outputs={"python-path": str(python), "python-version": version},
    )


def _use_python_in_poetry_projects(call: ActionCall, python: Path) -> None:
    """What `cache: poetry` does after restoring: `poetry env use` this Python in each project.

    Like setup-python, fail when no poetry.lock matches or Poetry is missing, and only warn when
    `poetry env use` itself fails.
    """
    pattern = call.inputs.get("cache-dependency-path", "").strip() or "**/poetry.lock"
    lockfiles = sorted(call.workspace.glob(pattern))
    if not lockfiles:
        raise ActionError(f"{call.name}: cache: poetry, but no file matches {pattern}")
    poetry = _require(call, "poetry")
    for lockfile in lockfiles:
        call.run(poetry, "env", "use", str(python), cwd=lockfile.parent, check=False)


def setup_poetry(call: ActionCall) -> ActionOutcome:
    """Use the local Poetry, checking it is the version the step pins (empty or `latest`: any)."""
    poetry = _require(call, "poetry")
    reported = call.run(poetry, "--version")
    found = _POETRY_VERSION.search(reported)
    version = found[1] if found else reported.strip()
    wanted = call.inputs.get("version", "").strip()
    if wanted not in ("", "latest") and version != wanted:
        raise ActionError(
            f"{call.name}: the step pins Poetry {wanted}, but {poetry} is {version} "
            "(the local runner installs nothing)"
        )
    return ActionOutcome(note=f"local: {poetry} {version}")


def rust_toolchain(call: ActionCall) -> ActionOutcome:
    """Use the local Rust, checking it is the toolchain the step pins, with its components.

    dtolnay/rust-toolchain takes the toolchain as its ref (`@1.95.0`, `@stable`) or, at `@master`,
    as the `toolchain` input. A version pin selects rustup's toolchain of that name when it has
    one (through RUSTUP_TOOLCHAIN, for the later steps too), and must match `rustc --version`.
    """
    wanted = call.inputs.get("toolchain", "").strip() or call.ref
    cargo = _require(call, "cargo")
    env: dict[str, str] = {}
    rustup = call.which("rustup")
    if _RUST_VERSION.fullmatch(wanted) and rustup:
        listed = call.run(rustup, "toolchain", "list", check=False).split()
        if any(name.startswith(f"{wanted}-") for name in listed):
            env["RUSTUP_TOOLCHAIN"] = wanted
    call.env.update(env)
    words = call.run(_require(call, "rustc"), "--version").split()  # rustc 1.95.0 (59807616e ...)
    version = words[1] if len(words) > 1 else "unknown"
    if _RUST_VERSION.fullmatch(wanted):
        pinned = version == wanted or version.startswith(f"{wanted}.")
    else:
        # A channel: stable is any release; beta and nightly name themselves in the version.
        pinned = (wanted == "stable" and "-" not in version) or wanted in version
    if not pinned:
        raise ActionError(
            f"{call.name}: the step pins Rust {wanted}, but the local rustc is {version} "
            "(the local runner installs nothing)"
        )
    components = call.inputs.get("components", "").replace(",", " ").split()
    for component, subcommand in (("clippy", "clippy"), ("rustfmt", "fmt")):
        if component in components:
            call.run(cargo, subcommand, "--version")
    return ActionOutcome(note=f"local: Rust {version}", env=env)


def rust_cache(call: ActionCall) -> ActionOutcome:
    """Nothing to restore: cargo's registry is this machine's, and builds go to the project's
    target directory, or to CARGO_TARGET_DIR (which a matrix run shares across its combos)."""
    shared = call.env.get("CARGO_TARGET_DIR")
    where = f"CARGO_TARGET_DIR={shared}" if shared else "each project's own target/"
    return ActionOutcome(note=f"local: cargo's registry shared on this machine, builds in {where}")


def cache(_call: ActionCall) -> ActionOutcome:
    """Nothing to restore or save: the tools' caches are this machine's, shared by every run."""
    return ActionOutcome(note="local: caches shared on this machine")


ACTIONS: dict[str, Handler] = {
    "actions/cache": cache,
    "actions/checkout": checkout,
    "astral-sh/setup-uv": setup_uv,
    "actions/setup-python": setup_python,
    "snok/install-poetry": setup_poetry,
    "dtolnay/rust-toolchain": rust_toolchain,
    "swatinem/rust-cache": rust_cache,
}
