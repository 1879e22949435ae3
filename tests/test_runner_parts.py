"""The local CI runner's parts: expressions, matrices, globs, combos, command line, needs."""

from pathlib import Path

import pytest

from tests.matrix import needs
from tests.matrix.cli import spread_only
from tests.matrix.combos import all_combos, select
from tests.matrix.errors import ExpressionError
from tests.matrix.expressions import Scope, condition, evaluate, interpolate
from tests.matrix.jobs import expand_matrix
from tests.matrix.services import image_name
from tests.matrix.triggers import matches


def test_matrix_expansion_follows_include_and_exclude() -> None:
    matrix = {
        "os": ["linux", "mac"],
        "py": ["3.12", "3.13"],
        "exclude": [{"os": "mac", "py": "3.12"}],
        "include": [{"py": "3.13", "extra": "yes"}, {"os": "bsd", "py": "3.11"}],
    }
    assert expand_matrix(matrix) == [
        {"os": "linux", "py": "3.12"},
        {"os": "linux", "py": "3.13", "extra": "yes"},
        {"os": "mac", "py": "3.13", "extra": "yes"},
        {"os": "bsd", "py": "3.11"},
    ]


def test_expression_operators_and_functions() -> None:
    scope = Scope({"matrix": {"py": "3.12"}, "env": {}, "secrets": {}})
    assert evaluate("matrix.py == '3.12' && (1 != 2)", scope) is True
    assert evaluate("contains('Hello', 'LL') || false", scope) is True
    assert interpolate("v${{ matrix.py }}-${{ matrix.none }}", scope) == "v3.12-"
    assert condition("always()", Scope({}, failed=True)) is True
    assert condition("true", Scope({}, failed=True)) is False
    with pytest.raises(ExpressionError, match=r"format\('x'\).*unsupported function format"):
        evaluate("format('x')", scope)


def test_service_providers_are_keyed_by_image_without_tag() -> None:
    assert image_name("docker.io/library/postgres:16-alpine") == "postgres"
    assert (
        image_name("registry.local:5000/team/cassandra@sha256:abc")
        == "registry.local:5000/team/cassandra"
    )


def test_branch_globs_follow_github_rules() -> None:
    assert matches(["release/**"], "release/1.0/hotfix")
    assert not matches(["release/*"], "release/1.0/hotfix")
    assert not matches(["feature/*", "!feature/wip"], "feature/wip")


SAMPLE_COPIER_YML = """
_subdirectory: template
project_name: {type: str, default: x}
package_manager:
  type: str
  choices:
    uv: uv
    Poetry: {value: poetry}
branching_model:
  type: str
  choices: [trunk, gitflow]
database:
  type: str
  choices: {None: none}
rust_engine:
  type: bool
  default: false
"""


def test_combos_come_from_copier_yml(tmp_path: Path) -> None:
    copier_yml = tmp_path / "copier.yml"
    copier_yml.write_text(SAMPLE_COPIER_YML)

    combos = all_combos(copier_yml)

    assert [combo.id for combo in combos] == [
        f"{manager}-{model}-none-{engine}"
        for manager in ("uv", "poetry")
        for model in ("trunk", "gitflow")
        for engine in ("norust", "rust")
    ]
    with pytest.raises(ValueError, match=r"unknown combo id.*nope"):
        select(["nope"], combos)


def test_only_accepts_several_ids_after_one_flag() -> None:
    assert spread_only(["run", "--only", "a", "b", "--jobs", "2", "--only", "c"]) == [
        "run", "--only", "a", "--only", "b", "--jobs", "2", "--only", "c",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("script", "needed"),
    [
        ("uv run pip-audit --strict", True),
        ("make lint && pip-audit", True),
        ("# pip-audit later\necho ok", False),
        ("echo pip-auditor", False),
    ],
)
def test_pip_audit_steps_need_the_vulnerability_service(script: str, needed: bool) -> None:
    assert needs.step_needs_vulnerability_service(None, script) is needed


def test_hash_files_changes_with_the_files_it_matches(tmp_path: Path) -> None:
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    scope = Scope({"github": {"workspace": str(tmp_path)}})
    key = "${{ hashFiles('.pre-commit-config.yaml') }}"

    first = interpolate(key, scope)
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: [x]\n")

    assert len(first) == 64
    assert interpolate(key, scope) != first
    assert interpolate("${{ hashFiles('missing') }}", scope) == ""
