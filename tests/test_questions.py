"""The questions: defaults derived from earlier answers; bad answers refused, saying why."""

import subprocess
import sys
from pathlib import Path

import pytest
from pytest_copier.plugin import CopierFixture

from tests.helpers import ROOT, render
from tests.matrix.combos import load_questions


def test_defaults_derive_from_the_project_name(copier: CopierFixture) -> None:
    context = copier.context(project_name="Acme Orders")

    assert context["project_slug"] == "acme-orders"
    assert context["package_name"] == "acme_orders"
    assert context["python_version"] == "3.12"
    assert context["package_manager"] == "uv"
    assert context["branching_model"] == "trunk"
    assert context["rust_engine"] is False


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Acme Orders", "acme-orders"),
        ("  Crème Brûlée API  ", "creme-brulee-api"),
        ('Seán O\'Brien "Q" \\ Ltd', "sean-o-brien-q-ltd"),
        ("42 Things", "things"),
        ("!!!", "service"),
    ],
)
def test_the_slug_default_is_a_valid_slug(copier: CopierFixture, name: str, slug: str) -> None:
    context = copier.context(project_name=name)

    assert context["project_slug"] == slug
    assert context["package_name"] == slug.replace("-", "_")


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_name": "   "}, "project_name must not be empty"),
        ({"project_slug": "Bad Slug!"}, "not a valid project_slug"),
        ({"project_slug": "1st-service"}, "starting with a letter"),
        ({"package_name": "class"}, "Python keyword"),
        ({"package_name": "json"}, "shadow the standard library"),
        ({"package_name": "fastapi"}, "shadow a dependency"),
        ({"package_name": "sqlalchemy"}, "shadow a dependency"),
        ({"package_name": "my-app"}, "Python identifier"),
        ({"package_name": "MyApp"}, "use lowercase"),
        ({"author_email": "not-an-email"}, "not a valid author_email"),
        ({"author_name": ""}, "author_name must not be empty"),
        ({"package_index": "ftp://mirror/simple"}, "http(s) URL"),
        ({"package_index": "https://pypi.org/simple/ x"}, "http(s) URL"),
        (
            {"package_index": "https://user:token@pypi.example.com/simple/"},
            "must not carry credentials",
        ),
        ({"project_name": "Two\nLines"}, "project_name must be one line"),
        ({"description": "tab\there"}, "description must be one line"),
        # Copier reads yes/no/true/false; any other word is refused, not taken as true.
        ({"rust_engine": "maybe"}, "Invalid choice for 'rust_engine'"),
        ({"rust_engine": "1"}, "rust_engine must be true or false"),
        ({"python_version": "3.9"}, "Invalid choice for 'python_version'"),
        ({"package_manager": "npm"}, "Invalid choice for 'package_manager'"),
        ({"branching_model": "yolo"}, "Invalid choice for 'branching_model'"),
        ({"database": "mysql"}, "Invalid choice for 'database'"),
    ],
)
def test_invalid_answers_are_refused(tmp_path: Path, answers: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        render(tmp_path / "project", **answers)

    assert not (tmp_path / "project").exists()


def test_credentials_in_the_index_url_point_at_the_credential_variables(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="must not carry credentials") as refused:
        render(tmp_path / "p", package_index="https://user:token@pypi.example.com/simple/")

    for variable in (
        "UV_INDEX_MIRROR_USERNAME",
        "UV_INDEX_MIRROR_PASSWORD",
        "POETRY_HTTP_BASIC_MIRROR_USERNAME",
        "POETRY_HTTP_BASIC_MIRROR_PASSWORD",
    ):
        assert variable in str(refused.value)
    assert "token" not in str(refused.value)


@pytest.mark.parametrize(("word", "value"), [("yes", True), ("no", False), ("true", True)])
def test_rust_engine_takes_boolean_words(copier: CopierFixture, word: str, value: bool) -> None:
    assert copier.context(rust_engine=word)["rust_engine"] is value


def test_cli_refuses_bad_data_with_the_reason(tmp_path: Path) -> None:
    """What a CI pipeline sees: a non-zero exit whose last line says what is allowed."""
    result = subprocess.run(
        [
            *(sys.executable, "-m", "copier", "copy", "--trust", "--vcs-ref", "HEAD"),
            *("--defaults", "--data", "project_slug=Bad Slug!", str(ROOT), str(tmp_path / "p")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "use lowercase letters, digits and dashes" in result.stderr.strip().splitlines()[-1]
    assert not (tmp_path / "p").exists()


def test_every_question_has_a_default() -> None:
    """`copier update --defaults` must never stop to ask about a question added later."""
    questions = load_questions()

    assert [name for name, spec in questions.items() if "default" not in spec] == []
