"""The answer combinations the matrix covers, read from copier.yml so they never drift from it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
COPIER_YML = ROOT / "copier.yml"
AXES = ("package_manager", "branching_model", "database", "rust_engine")


@dataclass(frozen=True)
class Combo:
    """One set of answers to the matrix axes."""

    answers: dict[str, Any] = field(hash=False)

    @property
    def id(self) -> str:
        """The combo's name, e.g. `uv-trunk-none-norust`."""
        answers = self.answers
        engine = "rust" if answers["rust_engine"] else "norust"
        return (
            f"{answers['package_manager']}-{answers['branching_model']}-"
            f"{answers['database']}-{engine}"
        )


class UnknownComboError(ValueError):
    """A combo id that copier.yml does not produce."""


def load_questions(copier_yml: Path = COPIER_YML) -> dict[str, Any]:
    """Read copier.yml's questions (keys not starting with `_`)."""
    data = yaml.safe_load(copier_yml.read_text(encoding="utf-8"))
    return {name: spec for name, spec in data.items() if not str(name).startswith("_")}


def tool_pin(name: str, copier_yml: Path = COPIER_YML) -> str:
    """A tool's pinned version, from copier.yml's tool pins section (e.g. `poetry` → 2.5.1)."""
    return str(load_questions(copier_yml)[f"{name}_version"]["default"])


def options(name: str, question: Mapping[str, Any]) -> list[Any]:
    """The values one question offers, in copier.yml's order."""
    choices = question.get("choices")
    if choices is None and question.get("type") == "bool":
        return [False, True]
    if isinstance(choices, list):
        return list(choices)
    if isinstance(choices, dict):
        return [spec["value"] if isinstance(spec, dict) else spec for spec in choices.values()]
    raise ValueError(f"copier.yml question {name!r} has no choice list the matrix can read")


def all_combos(copier_yml: Path = COPIER_YML) -> list[Combo]:
    """Every combination of the axes' values."""
    questions = load_questions(copier_yml)
    missing = [axis for axis in AXES if axis not in questions]
    if missing:
        raise ValueError(f"copier.yml lacks the matrix questions: {', '.join(missing)}")
    axes = [options(axis, questions[axis]) for axis in AXES]
    return [Combo(dict(zip(AXES, chosen, strict=True))) for chosen in itertools.product(*axes)]


def select(ids: Iterable[str], combos: list[Combo]) -> list[Combo]:
    """The combos named by `ids`, in the order given; an unknown id lists the valid ones."""
    by_id = {combo.id: combo for combo in combos}
    unknown = [combo_id for combo_id in ids if combo_id not in by_id]
    if unknown:
        valid = "\n  ".join(by_id)
        raise UnknownComboError(f"unknown combo id(s): {', '.join(unknown)}\nvalid ids:\n  {valid}")
    return [by_id[combo_id] for combo_id in dict.fromkeys(ids)]
