"""Fixtures: projects rendered once per test run and shared, and pytest-copier's template copy.

The suite runs on every core (pytest-xdist, `-n auto --dist worksteal`): the matrix test, which
is most of the run, starts first on one worker, and the others take the rest of the tests, then
the matrix worker's share of them.
"""

import hashlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import (
    BASE_ANSWERS,
    TEMPLATE_PATHS,
    ProjectFactory,
    answers_key,
    copy_project,
    render,
)
from tests.helpers.ci_runs import CiRuns
from tests.helpers.once import once
from tests.matrix.combo_runs import MATRIX_TABLE, RenderedCombos


@pytest.fixture(scope="session", autouse=True)
def cargo_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One cargo target directory per worker for the Rust engines the tests build.

    PyO3 and the engine's other crates then compile once per worker, not once per project. A
    worker runs one test at a time, so no two builds use it at once (cargo would serialise them
    anyway); the matrix gives its combos a directory of its own (tests/matrix/combo_runs.py).
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARGO_TARGET_DIR", str(tmp_path_factory.getbasetemp() / "cargo-target"))
        yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the matrix first: it is the longest test, and the others fill the cores around it."""
    items.sort(key=lambda item: item.get_closest_marker("matrix") is None)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the matrix's table, which a worker process could not print as it ran."""
    for outcome in ("passed", "failed"):
        for report in terminalreporter.getreports(outcome):
            for name, value in report.user_properties:
                if name == MATRIX_TABLE:
                    terminalreporter.write_sep("=", f"matrix ({outcome})")
                    terminalreporter.write_line(str(value))


@pytest.fixture(scope="session")
def run_shared(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A directory every pytest-xdist worker of this run shares (tests/helpers/once.py)."""
    base = tmp_path_factory.getbasetemp()
    # A worker's own base is popen-gwN, inside the run's directory.
    shared = (base if worker_id == "master" else base.parent) / "shared"
    shared.mkdir(exist_ok=True)
    return shared


@pytest.fixture(scope="session")
def shared_project(run_shared: Path) -> ProjectFactory:
    """`shared_project(**answers)`: the project those answers render, rendered and locked once.

    Every test asking for the same answers, on any worker, gets the same directory, so it must
    only read it; a test that changes a project works on `own_project(**answers)` instead.
    """

    def get(**answers: Any) -> Path:
        key = hashlib.sha256(answers_key(answers).encode()).hexdigest()[:16]
        destination = run_shared / "projects" / key / "project"
        with once(destination) as needed:
            if needed:
                render(destination, **answers)
        return destination

    return get


@pytest.fixture
def own_project(shared_project: ProjectFactory, tmp_path: Path) -> ProjectFactory:
    """`own_project(**answers)`: this test's own copy of the shared project, free to change."""
    copies: list[Path] = []

    def get(**answers: Any) -> Path:
        name = "project" if not copies else f"project-{len(copies) + 1}"
        copies.append(copy_project(shared_project(**answers), tmp_path / name))
        return copies[-1]

    return get


@pytest.fixture
def runner_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner's default run directories (new temporary ones) go with the test's."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.fixture(scope="session")
def combo_project(run_shared: Path) -> RenderedCombos:
    """`combo_project(combo)`: the combo's project, rendered once; tests only read it.

    The matrix (test_ci.py) runs its CI on copies of the same projects.
    """
    return RenderedCombos(run_shared / "combos")


@pytest.fixture(scope="session")
def ci_runs(run_shared: Path) -> CiRuns:
    """Projects' CI verdicts by tree, for every worker of this run."""
    return CiRuns(run_shared / "ci-runs")


@pytest.fixture(scope="session")
def copier_template_paths() -> list[str]:
    """pytest-copier's template copy (for `copier.context`): only what copier reads."""
    return list(TEMPLATE_PATHS)


@pytest.fixture
def copier_defaults() -> dict[str, Any]:
    return dict(BASE_ANSWERS)
