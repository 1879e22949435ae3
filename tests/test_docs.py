"""docs/questions.md is generated from copier.yml, so the reference never drifts from the questions.

Regenerate it with `UPDATE_DOCS=1 uv run pytest tests/test_docs.py`.
"""

import os
from pathlib import Path
from typing import Any

import yaml
from pytest_copier.plugin import CopierFixture

from tests.helpers import IDENTITY, ROOT, clone_with_working_tree, git, run
from tests.matrix.combos import COPIER_YML, load_questions, options

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "questions.md"
HEADER = """# Question reference

Generated from `copier.yml` by `tests/test_docs.py`; do not edit by hand.
Pass any answer non-interactively with `--data NAME=VALUE`.

| question | help | values | default |
| --- | --- | --- | --- |
"""


def values(name: str, question: dict[str, Any]) -> str:
    """The allowed values."""
    if "choices" not in question and question.get("type") != "bool":
        return "free text, validated" if question.get("validator") else "free text"
    shown = [
        str(value).lower() if isinstance(value, bool) else value
        for value in options(name, question)
    ]
    return ", ".join(f"`{value}`" for value in shown)


COMPUTED_HEADER = """
## Computed values

Never asked (`when: false`): derived from the answers or pinned by the template, recomputed on every
`copier update`, and not recorded in `.copier-answers.yml`.

| value | is |
| --- | --- |
"""


def question_reference(defaults: dict[str, Any]) -> str:
    """The Markdown table of every question, then the computed values.

    `defaults` is Copier's context for the default answers: a default built from earlier answers
    is shown as what it gives for them.
    """
    rows = []
    computed = []
    for name, question in load_questions(COPIER_YML).items():
        if question.get("when") is False:
            shown = f"`{question['default']}`".replace("|", "\\|")
            computed.append(f"| `{name}` | {shown} |")
            continue
        default = question.get("default", "")
        default = str(default).lower() if isinstance(default, bool) else default
        derived = "{{" in str(default)
        default = defaults[name] if derived else default
        help_text = " ".join(str(question.get("help", "")).split()).replace("|", "\\|")
        shown_default = f"`{default}`".replace("|", "\\|") if default != "" else "empty"
        shown_default += " (derived)" if derived else ""
        rows.append(f"| `{name}` | {help_text} | {values(name, question)} | {shown_default} |")
    return HEADER + "\n".join(rows) + "\n" + COMPUTED_HEADER + "\n".join(computed) + "\n"


def test_question_reference_is_current(copier: CopierFixture) -> None:
    expected = question_reference(copier.context(project_name="My Service"))
    if os.environ.get("UPDATE_DOCS"):
        REFERENCE.write_text(expected, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == expected, (
        "docs/questions.md is stale: run UPDATE_DOCS=1 uv run pytest tests/test_docs.py"
    )


# What README.md tells to run in the rendered project to take the checkout's later commits.
UPDATE_COMMAND = "uvx copier update --trust --vcs-ref HEAD"


def readme_first_command() -> str:
    """The first command of README.md's first bash block, as a user would paste it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return block.splitlines()[0]


def test_the_readme_command_renders_a_project_copier_update_can_reach(tmp_path: Path) -> None:
    """README's first command as written, from a clone; then `copier update` in the project."""
    command = readme_first_command()
    assert command.startswith("uvx copier copy "), "README should show Copier installed alone"
    assert f"`{UPDATE_COMMAND}`" in (ROOT / "README.md").read_text(encoding="utf-8")
    checkout = clone_with_working_tree(ROOT, tmp_path / "checkout")
    run("bash", "-c", command, cwd=checkout)

    project = tmp_path / "acme-orders"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["_src_path"] == str(checkout)
    # A new template version in the checkout, which the update must bring in.
    contributing = checkout / "template" / "CONTRIBUTING.md.jinja"
    contributing.write_text(contributing.read_text() + "\nA line from the next version.\n")
    git(checkout, *IDENTITY, "commit", "--quiet", "--all", "--message", "docs: the next version")

    run(*UPDATE_COMMAND.split(), "--defaults", cwd=project)

    assert "A line from the next version." in (project / "CONTRIBUTING.md").read_text()
    git(project, "add", "--all")
    assert "<<<<<<<" not in git(project, "diff", "--cached")
