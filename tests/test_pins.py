"""Every tool pin lives in copier.yml; every other file that pins a tool agrees with it.

copier.yml's computed `<tool>_version` questions are the one source. The rendered projects read
them through Jinja, .ci/run and the template repo's workflow through .ci/pins.py, the tests through
tests/helpers/. What remains are literal versions a person typed: in the template repo's files
(README, docs, .ci/run, workflows, the template's own sources) and in what the template renders
(Dockerfile, ci.yml, Makefile, README). Each must be the pinned version.
"""

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT, git, pins, tracked
from tests.matrix.combo_runs import RenderedCombos
from tests.matrix.combos import all_combos, select

TOOLS = ("uv", "poetry", "rust", "maturin", "actionlint", "jaeger")
VERSION = r"v?(?P<version>\d+\.\d+(?:\.\d+)?)"
# How a version is attached to a tool's name, e.g. `uv==0.13.9`, `ghcr.io/astral-sh/uv:0.13.9`,
# `actionlint@v1.7.12`, `ARG RUST_VERSION=1.95.0`, `Poetry 2.5.1`, `dtolnay/rust-toolchain@1.95.0`,
# `rustup toolchain install 1.95.0`. A range (`maturin>=1.7,<2`) is a requirement, not a pin;
# Cargo's `rust-version` is the crate's oldest supported Rust, deliberately not the pin.
NAMED = r"(?<![\w.-]){tool}(?:[ _-]?(?:version|toolchain))?(?<!rust-version)\s*(?:==|@|:|=|\s)"
# Rust is also pinned by toolchain alone: `rustup toolchain install 1.95.0`, `toolchain: 1.95.0`.
RUSTUP = r"|toolchain(?: install)?:?\s"
PIN_SITES = {
    tool: re.compile(
        "(?:" + NAMED.format(tool=tool) + (RUSTUP if tool == "rust" else "") + ")"
        r"\s*[\"']?" + VERSION + r"\b",
        re.IGNORECASE,
    )
    for tool in TOOLS
}
# Not pins: the lockfiles (library versions), the changelog (history), copier.yml (the source),
# and the test modules, whose data names other versions on purpose (a runner refusing a wrong
# pin). The tests' helpers are pin sites like any other file.
NOT_PIN_SITES = ("uv.lock", "poetry.lock", "Cargo.lock", "CHANGELOG.md", "copier.yml")
# One combo per package manager, both with the engine: between them every pinned tool renders.
RENDERED = ("uv-trunk-postgres-rust", "poetry-gitflow-astra-rust")


def pin_sites(root: Path, names: list[str]) -> Iterator[tuple[str, str, str, str]]:
    """(file, line, tool, version) for every literal tool version in the files `names`."""
    for name in names:
        path = root / name
        test_module = name.startswith("tests/test_")
        if Path(name).name in NOT_PIN_SITES or test_module or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for tool, pattern in PIN_SITES.items():
                for match in pattern.finditer(line):
                    yield f"{name}:{number}", line.strip(), tool, match["version"]


def disagreements(sites: list[tuple[str, str, str, str]]) -> list[str]:
    """The sites whose version is not the tool's pin."""
    pinned = {tool: version.removeprefix("v") for tool, version in pins().items()}
    return [
        f"{where}: {tool} {version}, pinned {pinned[tool]} in copier.yml ({line})"
        for where, line, tool, version in sites
        if version != pinned[tool]
    ]


def workflow_installs(workflow: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(tool, version or expression) for each step installing a pinned tool through an action."""
    for job in workflow.get("jobs", {}).values():
        for step in job.get("steps", []):
            name, _, ref = str(step.get("uses", "")).partition("@")
            inputs = step.get("with") or {}
            if name == "astral-sh/setup-uv":
                yield "uv", str(inputs.get("version", ""))
            elif name in {"snok/install-poetry", "abatilo/actions-poetry"}:
                yield "poetry", str(inputs.get("version") or inputs.get("poetry-version") or "")
            elif name == "dtolnay/rust-toolchain":
                yield "rust", str(inputs.get("toolchain") or ref)


@pytest.fixture
def rendered(combo_project: RenderedCombos) -> dict[str, Path]:
    """The two combos, rendered once for the whole test run."""
    return {combo.id: combo_project(combo) for combo in select(RENDERED, all_combos())}


def repo_files() -> list[str]:
    """The template repo's files: tracked, or new and not ignored."""
    return git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard").splitlines()


def test_copier_yml_pins_every_tool_and_ci_reads_the_same_pins() -> None:
    assert set(pins()) == set(TOOLS)
    printed = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "pins.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert dict(line.split("=", 1) for line in printed.splitlines()) == {
        f"{tool}_version": version for tool, version in pins().items()
    }


def test_the_template_repo_pins_every_tool_at_copier_ymls_version() -> None:
    sites = list(pin_sites(ROOT, repo_files()))

    assert not disagreements(sites), "\n".join(disagreements(sites))
    # The README says which versions to install; a pattern that matched nothing checks nothing.
    assert {tool for where, _, tool, _ in sites if where.startswith("README.md:")} >= {
        "poetry",
        "rust",
        "actionlint",
    }


@pytest.mark.parametrize("combo", RENDERED)
def test_a_rendered_project_pins_every_tool_at_copier_ymls_version(
    rendered: dict[str, Path], combo: str
) -> None:
    project = rendered[combo]
    sites = list(pin_sites(project, sorted(tracked(project))))

    assert not disagreements(sites), "\n".join(disagreements(sites))
    manager = "poetry" if combo.startswith("poetry-") else "uv"
    found = {tool for where, _, tool, _ in sites if where.startswith("Dockerfile:")}
    assert {manager, "rust", "maturin"} <= found, found
    hooks = {tool for where, _, tool, _ in sites if where.startswith(".pre-commit-config.yaml:")}
    assert "actionlint" in hooks, hooks


@pytest.mark.parametrize("combo", RENDERED)
def test_rendered_workflows_install_each_tool_at_its_pin(
    rendered: dict[str, Path], combo: str
) -> None:
    pinned = pins()
    workflow = yaml.safe_load((rendered[combo] / ".github/workflows/ci.yml").read_text())

    installs = set(workflow_installs(workflow))

    manager = "poetry" if combo.startswith("poetry-") else "uv"
    assert installs == {(manager, pinned[manager]), ("rust", pinned["rust"])}


def test_the_template_repos_workflow_installs_each_tool_from_the_pins() -> None:
    text = (ROOT / ".github/workflows/ci.yml").read_text()
    workflow = yaml.safe_load(text)

    assert set(workflow_installs(workflow)) == {("uv", "${{ steps.pins.outputs.uv_version }}")}
    for tool in ("poetry", "rust", "actionlint"):
        assert f"${{{{ steps.pins.outputs.{tool}_version }}}}" in text, tool
    for job in workflow["jobs"].values():
        steps = job["steps"]
        # Each job reads the pins before anything installs a tool.
        assert steps[1] == {"id": "pins", "run": 'python3 .ci/pins.py >> "$GITHUB_OUTPUT"'}
