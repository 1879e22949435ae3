"""rust_engine=true: a PyO3 crate that both package managers build, and rebuild after an edit."""

import io
import re
import tomllib
from pathlib import Path

import pytest

from tests.helpers import ProjectFactory, clean_environ, copy_project, make, run, tool, tracked
from tests.matrix.actions import ActionCall, handler_for
from tests.matrix.combos import tool_pin
from tests.matrix.errors import ActionError

RUST_ANSWERS = {"database": "none", "rust_engine": True}
# The mean of [1, 3], printed through the engine's Python module.
MEAN = "import acme_orders_engine; print(acme_orders_engine.summarize([1.0, 3.0], []).mean)"
# A return value to change in engine/src/stats.rs.
MEAN_LINE = "    let mean = total / count;\n"

RUST_VERSION = tool_pin("rust")


def shift_the_mean(project: Path) -> None:
    """Edit the Rust source: the engine's mean becomes 40 more than it should."""
    stats = project / "engine" / "src" / "stats.rs"
    source = stats.read_text(encoding="utf-8")
    assert source.count(MEAN_LINE) == 1, "stats.rs changed: update MEAN_LINE"
    stats.write_text(source.replace(MEAN_LINE, MEAN_LINE.replace(";", " + 40.0;")))


@pytest.fixture(scope="module")
def uv_project(shared_project: ProjectFactory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One uv project with the engine, installed once for this module's tests (one edits it)."""
    project = tmp_path_factory.mktemp("rust-uv") / "project"
    copy_project(shared_project(**RUST_ANSWERS), project)
    run("uv", "sync", "--locked", cwd=project)
    return project


def test_the_crate_and_its_lockfile_are_committed(uv_project: Path) -> None:
    assert {
        "engine/Cargo.toml",
        "engine/Cargo.lock",
        "engine/.cargo/config.toml",
        "engine/pyproject.toml",
        "engine/acme_orders_engine.pyi",
        "engine/src/lib.rs",
        "engine/src/stats.rs",
        "benchmarks/engine.py",
        "src/acme_orders/stats/reference.py",
    } <= tracked(uv_project)
    lock = tomllib.loads((uv_project / "engine" / "Cargo.lock").read_text())
    assert {"acme-orders-engine", "pyo3"} <= {package["name"] for package in lock["package"]}


def test_uv_builds_the_engine_as_a_workspace_member(uv_project: Path) -> None:
    pyproject = tomllib.loads((uv_project / "pyproject.toml").read_text())
    engine = tomllib.loads((uv_project / "engine" / "pyproject.toml").read_text())

    assert "acme-orders-engine" in pyproject["project"]["dependencies"]
    assert pyproject["tool"]["uv"]["workspace"] == {"members": ["engine"]}
    assert pyproject["tool"]["uv"]["sources"] == {"acme-orders-engine": {"workspace": True}}
    assert {"file": "src/**/*.rs"} in engine["tool"]["uv"]["cache-keys"]
    assert engine["build-system"]["build-backend"] == "maturin"


def test_editing_the_rust_source_then_uv_run_uses_the_new_code(uv_project: Path) -> None:
    stats = uv_project / "engine" / "src" / "stats.rs"
    original = stats.read_text(encoding="utf-8")
    assert run("uv", "run", "python", "-c", MEAN, cwd=uv_project).strip() == "2.0"

    shift_the_mean(uv_project)
    try:
        # Nothing but `uv run`: uv sees the change through the engine's cache-keys and rebuilds.
        assert run("uv", "run", "python", "-c", MEAN, cwd=uv_project).strip() == "42.0"
    finally:
        stats.write_text(original, encoding="utf-8")

    assert run("uv", "run", "python", "-c", MEAN, cwd=uv_project).strip() == "2.0"


def test_the_benchmark_prints_both_throughputs_and_their_ratio(uv_project: Path) -> None:
    benchmark = ["python", "benchmarks/engine.py", "--sizes", "2000", "--repeat", "1"]

    output = run("uv", "run", *benchmark, cwd=uv_project)

    row = re.search(r"^\s+2,000\s+([\d,]+)\s+([\d,]+)\s+(\d+\.\d)x$", output, re.MULTILINE)
    assert row, output
    engine, reference, ratio = (float(group.replace(",", "")) for group in row.groups())
    assert engine > 0
    assert reference > 0
    assert ratio == pytest.approx(engine / reference, abs=0.05)


def test_the_image_compiles_the_engine_in_a_stage_the_runtime_does_not_inherit(
    uv_project: Path,
) -> None:
    dockerfile = (uv_project / "Dockerfile").read_text()
    # Each stage's text, by name: from its FROM line to the next one.
    blocks = re.split(r"^(?=FROM )", dockerfile, flags=re.MULTILINE)[1:]
    stages = {block.split("\n", 1)[0].split(" AS ")[-1]: block for block in blocks}

    assert set(stages) == {"rust", "engine", "builder", "runtime"}
    assert "maturin build --release --locked" in stages["engine"]
    assert "COPY --from=engine /dist/" in stages["builder"]
    assert re.findall(r"--from=(\w+)", stages["runtime"]) == ["builder"]
    assert f"ARG RUST_VERSION={RUST_VERSION}" in dockerfile


def test_poetry_rebuilds_the_engine_with_make_engine(own_project: ProjectFactory) -> None:
    tool("poetry")
    project = own_project(**RUST_ANSWERS, package_manager="poetry")
    make(project, "install")
    python = str(project / ".venv" / "bin" / "python")
    assert run(python, "-c", MEAN, cwd=project).strip() == "2.0"

    shift_the_mean(project)
    # Poetry does not notice the change on its own...
    run("poetry", "sync", cwd=project)
    assert run(python, "-c", MEAN, cwd=project).strip() == "2.0"
    # ...`make engine` rebuilds and reinstalls the engine.
    make(project, "engine")
    assert run(python, "-c", MEAN, cwd=project).strip() == "42.0"


def action(ref: str, inputs: dict[str, str], workspace: Path) -> ActionCall:
    return ActionCall(
        "dtolnay/rust-toolchain", ref, inputs, workspace, workspace, clean_environ(), io.StringIO()
    )


def test_the_local_runner_checks_the_pinned_rust(tmp_path: Path) -> None:
    toolchain = handler_for("dtolnay/rust-toolchain")
    inputs = {"components": "rustfmt, clippy"}

    assert toolchain(action(RUST_VERSION, inputs, tmp_path)).note == f"local: Rust {RUST_VERSION}"
    with pytest.raises(
        ActionError, match=f"pins Rust 1.70.0, but the local rustc is {RUST_VERSION}"
    ):
        toolchain(action("1.70.0", inputs, tmp_path))
    with pytest.raises(ActionError, match="pins Rust nightly"):
        toolchain(action("master", {"toolchain": "nightly"}, tmp_path))
