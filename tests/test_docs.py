"""docs/questions.md is generated from copier.yml, so the reference never drifts from the questions.

Regenerate it with `UPDATE_DOCS=1 uv run pytest tests/test_docs.py`.
"""

import os
from pathlib import Path
from typing import Any

import jinja2

from tests.matrix.combos import COPIER_YML, load_questions, options

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "questions.md"
HEADER = """# Question reference

Generated from `copier.yml` by `tests/test_docs.py`; do not edit by hand.
Pass any answer non-interactively with `--data NAME=VALUE`.

| question | help | values | default |
| --- | --- | --- | --- |
"""


def values(name: str, question: dict[str, Any]) -> str:
    """The allowed values, with those copier refuses for now marked."""
    if "choices" not in question and question.get("type") != "bool":
        return "free text, validated" if question.get("validator") else "free text"
    environment = jinja2.Environment(undefined=jinja2.ChainableUndefined, autoescape=False)
    validator = environment.from_string(question.get("validator", ""))
    shown = []
    for option in options(name, question):
        value = str(option.value).lower() if isinstance(option.value, bool) else option.value
        refused = option.validator or validator.render({name: option.value}).strip()
        shown.append(f"`{value}` (not available yet)" if refused else f"`{value}`")
    return ", ".join(shown)


COMPUTED_HEADER = """
## Computed values

Never asked (`when: false`): derived from the answers or pinned by the template, recomputed on every
`copier update`, and not recorded in `.copier-answers.yml`.

| value | is |
| --- | --- |
"""


def question_reference() -> str:
    """The Markdown table of every question, then the computed values."""
    rows = []
    computed = []
    for name, question in load_questions(COPIER_YML).items():
        if question.get("when") is False:
            shown = f"`{question['default']}`".replace("|", "\\|")
            computed.append(f"| `{name}` | {shown} |")
            continue
        default = question.get("default", "")
        default = str(default).lower() if isinstance(default, bool) else default
        help_text = " ".join(str(question.get("help", "")).split()).replace("|", "\\|")
        shown_default = f"`{default}`".replace("|", "\\|") if default != "" else "empty"
        rows.append(f"| `{name}` | {help_text} | {values(name, question)} | {shown_default} |")
    return HEADER + "\n".join(rows) + "\n" + COMPUTED_HEADER + "\n".join(computed) + "\n"


def test_question_reference_is_current() -> None:
    expected = question_reference()
    if os.environ.get("UPDATE_DOCS"):
        REFERENCE.write_text(expected, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == expected, (
        "docs/questions.md is stale: run UPDATE_DOCS=1 uv run pytest tests/test_docs.py"
    )
