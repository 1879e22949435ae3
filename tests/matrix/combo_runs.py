"""Render combos and run their CI, several at a time (threads driving subprocesses)."""

from __future__ import annotations

import collections
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import clean_environ, copy_project
from tests.helpers.once import once

from .combos import ROOT, Combo, all_combos, select
from .render import render
from .results import StepResult
from .steps import Echo
from .workflow import run_workflow

_RENDER_TAIL = 40
# The name under which test_ci.py attaches the table to its report, for the end of the run.
MATRIX_TABLE = "matrix_table"


@dataclass
class ComboResult:
    """The outcome for one combo: render, then CI."""

    combo: Combo
    result: str = "error"
    render_seconds: float = 0.0
    ci_seconds: float = 0.0
    skipped: list[StepResult] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    message: str = ""
    directory: Path | None = None

    @property
    def ok(self) -> bool:
        """Rendered, and its CI passed."""
        return self.result == "passed"

    def skipped_summary(self) -> str:
        """`3: no Docker engine x2, condition false x1`, or empty."""
        if not self.skipped:
            return ""
        reasons = collections.Counter(step.reason for step in self.skipped)
        parts = [f"{reason} x{count}" for reason, count in reasons.items()]
        return f"{len(self.skipped)}: {', '.join(parts)}"


def workdir_root() -> Path:
    """A fresh directory for one matrix run, under $MATRIX_WORKDIR if set."""
    parent = os.environ.get("MATRIX_WORKDIR")
    if parent:
        Path(parent).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="matrix-", dir=parent))


def render_in_subprocess(combo: Combo, dst: Path) -> tuple[bool, str]:
    """Render `combo` in a fresh interpreter: copier is not thread-safe."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.matrix", "render", combo.id, str(dst)],
        cwd=ROOT,
        env=clean_environ(),
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0, done.stdout + done.stderr


def render_all(combos: Iterable[Combo], root: Path, jobs: int | None = None) -> dict[str, Path]:
    """Render `combos` under `root`, `jobs` at a time; fail naming the first that did not render."""
    combos = list(combos)

    def one(combo: Combo) -> tuple[bool, str]:
        return render_in_subprocess(combo, root / combo.id)

    with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
        outcomes = list(pool.map(one, combos))
    for combo, (ok, output) in zip(combos, outcomes, strict=True):
        if not ok:
            raise RuntimeError(f"{combo.id} did not render:\n{output}")
    return {combo.id: root / combo.id for combo in combos}


class RenderedCombos:
    """The matrix's combos, each rendered (with its probe name) once per test run.

    `root` is shared by every pytest-xdist worker of the run: a combo is rendered by the first
    worker that asks for it (test_ci.py, test_render.py, test_commands.py) and read by the rest.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, combo: Combo) -> Path:
        """The project of `combo`, rendered now if no test asked for it before."""
        with once(self.root / combo.id) as needed:
            if needed:
                render(combo, self.root / combo.id)
        return self.root / combo.id

    def all(self, combos: list[Combo]) -> dict[str, Path]:
        """The projects of `combos`, the missing ones rendered in parallel."""
        with contextlib.ExitStack() as held:
            # One combo's lock at a time, in one order: a worker waiting here holds no lock
            # another worker waits for.
            missing = [
                combo
                for combo in sorted(combos, key=lambda combo: combo.id)
                if held.enter_context(once(self.root / combo.id))
            ]
            render_all(missing, self.root)
        return {combo.id: self.root / combo.id for combo in combos}


def cargo_target_dir(workdir: Path) -> Path:
    """The cargo target directory every combo of a run shares, so its crates compile once.

    $MATRIX_CARGO_TARGET_DIR keeps one across runs; by default it lives and goes with the run.
    pyo3 builds for the stable ABI without consulting an interpreter (the engine's
    .cargo/config.toml), so the combos' different virtualenvs all reuse one build of it.
    """
    return Path(os.environ.get("MATRIX_CARGO_TARGET_DIR") or workdir / "cargo-target")


def run_combo(
    combo: Combo,
    workdir: Path,
    *,
    echo: Echo = print,
    prefix: str = "",
    machine_env: dict[str, str] | None = None,
    rendered: Path | None = None,
) -> ComboResult:
    """Render `combo` under `workdir` (or copy its `rendered` project there) and run its CI."""
    outcome = ComboResult(combo, directory=workdir / combo.id)
    directory = outcome.directory
    assert directory is not None
    directory.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if rendered is None:
        ok, output = render_in_subprocess(combo, directory / "project")
    else:
        copy_project(rendered, directory / "project")
        ok, output = True, f"copied {rendered}\n"
    outcome.render_seconds = time.monotonic() - started
    (directory / "render.log").write_text(output, encoding="utf-8")
    if not ok:
        outcome.message = "render failed:\n" + "\n".join(output.splitlines()[-_RENDER_TAIL:])
        echo("\n".join(f"{prefix}  {line}" for line in outcome.message.splitlines()))
        return outcome
    ci = run_workflow(
        directory / "project",
        run_dir=directory / "ci",
        echo=echo,
        prefix=prefix,
        machine_env=machine_env,
    )
    outcome.ci_seconds = ci.seconds
    outcome.result = ci.result
    outcome.skipped = ci.with_status("skipped")
    outcome.services = ci.services
    failed = [f"{step.job} > {step.name} ({step.log})" for step in ci.with_status("failed")]
    outcome.message = "; ".join(ci.errors + failed)
    return outcome


def run_matrix(
    ids: Iterable[str] | None = None,
    jobs: int | None = None,
    *,
    keep: bool = False,
    echo: Echo = print,
    rendered: Mapping[str, Path] | None = None,
) -> list[ComboResult]:
    """Run the selected combos (all by default) with `jobs` at a time; results in input order.

    A combo whose id is in `rendered` starts from a copy of that project instead of a render.
    """
    combos = all_combos()
    selected = select(ids, combos) if ids else combos
    workdir = workdir_root()
    workers = max(1, jobs or os.cpu_count() or 1)
    machine_env = {"CARGO_TARGET_DIR": str(cargo_target_dir(workdir))}
    lock = threading.Lock()

    def say(line: str) -> None:
        with lock:
            echo(line)

    parallel = workers > 1 and len(selected) > 1
    say(f"matrix: {len(selected)} combo(s), {workers} at a time, in {workdir}")

    def one(position: int, combo: Combo) -> ComboResult:
        tag = f"[{position}/{len(selected)}] {combo.id}"
        say(f"{tag} started")
        try:
            outcome = run_combo(
                combo,
                workdir,
                echo=say,
                prefix=f"[{combo.id}]" if parallel else "",
                machine_env=machine_env,
                rendered=(rendered or {}).get(combo.id),
            )
        except Exception as error:  # one broken combo must not hide the others' results
            outcome = ComboResult(combo, message=f"{type(error).__name__}: {error}")
        say(
            f"{tag} {outcome.result}  render {outcome.render_seconds:.1f}s"
            f"  ci {outcome.ci_seconds:.1f}s"
        )
        if outcome.ok and not keep and outcome.directory:
            shutil.rmtree(outcome.directory, ignore_errors=True)
        return outcome

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(one, index, combo) for index, combo in enumerate(selected, 1)]
        results = [future.result() for future in futures]
    if not keep and all(result.ok for result in results):
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def table(results: list[ComboResult]) -> str:
    """The final table: id, result, render s, CI s, services, skipped steps."""
    rows = [("combo", "result", "render s", "CI s", "services", "skipped steps")]
    rows += [
        (
            result.combo.id,
            result.result,
            f"{result.render_seconds:.1f}",
            f"{result.ci_seconds:.1f}" if result.ci_seconds else "-",
            "; ".join(sorted(set(result.services))) or "-",
            result.skipped_summary() or "-",
        )
        for result in results
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[5]
        for row in rows
    ]
    details = [
        f"{result.combo.id}: {result.message or 'see the step logs'}  (files in {result.directory})"
        for result in results
        if not result.ok
    ]
    return "\n".join(lines + details)
