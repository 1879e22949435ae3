"""Names with quotes, backslashes, apostrophes and non-ASCII letters render a project that passes
its own lint and unit tests, and read naturally wherever they land."""

import json
import tomllib

import pytest

from tests.helpers import ProjectFactory, make

NAME = 'Seán O\'Brien "Q" \\ Ltd'
ANSWERS = {
    "project_name": NAME,
    "project_slug": "sean-obrien",
    "description": f"{NAME}'s orders, «fast»",
    "author_name": NAME,
}


@pytest.mark.parametrize(
    "combo",
    [
        {"package_manager": "uv", "database": "none", "rust_engine": True},
        {"package_manager": "poetry", "database": "astra", "branching_model": "gitflow"},
    ],
    ids=["uv-trunk-none-rust", "poetry-gitflow-astra-norust"],
)
def test_awkward_names_render_a_project_that_lints_and_tests(
    own_project: ProjectFactory, combo: dict[str, object]
) -> None:
    project = own_project(**ANSWERS, **combo)

    metadata = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert metadata["description"] == ANSWERS["description"]
    assert metadata["authors"][0]["name"] == NAME
    assert (project / "README.md").read_text(encoding="utf-8").startswith(f"# {NAME}\n")
    devcontainer = (project / ".devcontainer" / "devcontainer.json").read_text(encoding="utf-8")
    assert json.loads(devcontainer)["name"] == NAME
    assert NAME.split()[0] in devcontainer, "written as it reads, not \\u-escaped"
    if combo.get("rust_engine"):
        engine = tomllib.loads((project / "engine" / "Cargo.toml").read_text(encoding="utf-8"))
        assert NAME in engine["package"]["description"]
    # No name is written into Python source: the service reads its name from settings.
    for source in (project / "src").rglob("*.py"):
        assert "Brien" not in source.read_text(encoding="utf-8"), source
    make(project, "install", "lint", "test-unit")
