"""The answer combinations the matrix covers, read from copier.yml so they never drift from it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

ROOT = Path(__file__).resolve().parents[2]
COPIER_YML = ROOT / "copier.yml"
AXES = ("package_manager", "branching_model", "database", "rust_engine")


@dataclass(frozen=True)
class Option:
    """One value a question offers, with the validator that may disable it."""

    value: Any
    validator: str = ""


@dataclass(frozen=True)
class Combo:
    """One set of answers to the matrix axes; `refusal` is why copier rejects it, if it does."""

    answers: dict[str, Any] = field(hash=False)
    refusal: str = ""

    @property
    def id(self) -> str:
        """The combo's name, e.g. `uv-trunk-none-norust`."""
        answers = self.answers
        engine = "rust" if answers["rust_engine"] else "norust"
        return (
            f"{answers['package_manager']}-{answers['branching_model']}-"
            f"{answers['database']}-{engine}"
        )

    @property
    def refused(self) -> bool:
        """Whether copier.yml declares this combo unavailable."""
        return bool(self.refusal)


class UnknownComboError(ValueError):
    """A combo id that copier.yml does not produce."""


def load_questions(copier_yml: Path = COPIER_YML) -> dict[str, Any]:
    """Read copier.yml's questions (keys not starting with `_`)."""
    data = yaml.safe_load(copier_yml.read_text(encoding="utf-8"))
    return {name: spec for name, spec in data.items() if not str(name).startswith("_")}


def tool_pin(name: str, copier_yml: Path = COPIER_YML) -> str:
    """A tool's pinned version, from copier.yml's tool pins section (e.g. `poetry` → 2.5.1)."""
    return str(load_questions(copier_yml)[f"{name}_version"]["default"])


def options(name: str, question: Mapping[str, Any]) -> list[Option]:
    """The values one question offers, in copier.yml's order."""
    choices = question.get("choices")
    if choices is None and question.get("type") == "bool":
        return [Option(False), Option(True)]
    if isinstance(choices, list):
        return [Option(choice) for choice in choices]
    if isinstance(choices, dict):
        return [_dict_option(name, spec) for spec in choices.values()]
    raise ValueError(f"copier.yml question {name!r} has no choice list the matrix can read")


def _dict_option(name: str, spec: Any) -> Option:
    """Read a `label: value` or `label: {value, validator}` choice."""
    if not isinstance(spec, dict):
        return Option(spec)
    if "value" not in spec:
        raise ValueError(f"copier.yml question {name!r} has a choice without `value`")
    return Option(spec["value"], spec.get("validator", ""))


def all_combos(copier_yml: Path = COPIER_YML) -> list[Combo]:
    """Every combination of the axes' values, refused ones included."""
    questions = load_questions(copier_yml)
    missing = [axis for axis in AXES if axis not in questions]
    if missing:
        raise ValueError(f"copier.yml lacks the matrix questions: {', '.join(missing)}")
    axes = [options(axis, questions[axis]) for axis in AXES]
    combos = []
    for chosen in itertools.product(*axes):
        answers = {axis: option.value for axis, option in zip(AXES, chosen, strict=True)}
        combos.append(Combo(answers, _refusal(questions, dict(zip(AXES, chosen, strict=True)))))
    return combos


def _refusal(questions: Mapping[str, Any], chosen: Mapping[str, Option]) -> str:
    """The first validator text the chosen values trigger, or empty if copier accepts them."""
    # Copier renders validators with its own environment; a plain one is enough for the
    # literal or answer-only validators the axes use, and unknown names render empty.
    environment = jinja2.Environment(undefined=jinja2.ChainableUndefined, autoescape=False)
    answers = {axis: option.value for axis, option in chosen.items()}
    # Copier asks in file order and stops at the first refusal: report that one.
    for axis in (name for name in questions if name in chosen):
        option = chosen[axis]
        for source in (option.validator, questions[axis].get("validator", "")):
            if not source:
                continue
            try:
                text = environment.from_string(source).render(answers).strip()
            except jinja2.TemplateError as error:
                raise ValueError(f"cannot render the validator of {axis!r}: {error}") from error
            if text:
                return text
    return ""


def available(combos: Iterable[Combo]) -> list[Combo]:
    """The combos copier accepts."""
    return [combo for combo in combos if not combo.refused]


def refused(combos: Iterable[Combo]) -> list[Combo]:
    """The combos copier.yml declares unavailable."""
    return [combo for combo in combos if combo.refused]


def select(ids: Iterable[str], combos: list[Combo]) -> list[Combo]:
    """The combos named by `ids`, in the order given; an unknown id lists the valid ones."""
    by_id = {combo.id: combo for combo in combos}
    unknown = [combo_id for combo_id in ids if combo_id not in by_id]
    if unknown:
        valid = "\n  ".join(by_id)
        raise UnknownComboError(f"unknown combo id(s): {', '.join(unknown)}\nvalid ids:\n  {valid}")
    return [by_id[combo_id] for combo_id in dict.fromkeys(ids)]
