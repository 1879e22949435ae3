"""GitHub Actions expression values: truthiness, string forms, loose equality, property access."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any


class Blank(dict[str, Any]):
    """A context whose every property is the empty string, like `secrets` locally."""


def truthy(value: Any) -> bool:
    """GitHub's truthiness: false, 0, NaN, '' and null are false."""
    if isinstance(value, float) and math.isnan(value):
        return False
    return value not in (None, False, 0, "")


def to_string(value: Any) -> str:
    """GitHub's string form of a value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, indent=2)
    return str(value)


def to_number(value: Any) -> float:
    """GitHub's coercion to a number for loose equality."""
    if value is None:
        return 0.0
    if isinstance(value, bool | int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0.0
        try:
            return float(int(text, 16)) if text.lower().startswith("0x") else float(text)
        except ValueError:
            return math.nan
    return math.nan


def equal(left: Any, right: Any) -> bool:
    """GitHub's `==`: strings compare case-insensitively, mixed types as numbers."""
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    if isinstance(left, dict | list) or isinstance(right, dict | list):
        return left is right
    return to_number(left) == to_number(right)


def property_of(value: Any, name: str) -> Any:
    """`value.name`: missing properties are null, as on GitHub."""
    if isinstance(value, Blank):
        return ""
    if not isinstance(value, Mapping):
        return None
    if name in value:
        return value[name]
    folded = {str(key).casefold(): item for key, item in value.items()}
    return folded.get(name.casefold())


def index_of(value: Any, key: Any) -> Any:
    """`value[key]` for objects and arrays."""
    if isinstance(value, list):
        number = to_number(key)
        return value[int(number)] if number.is_integer() and 0 <= number < len(value) else None
    return property_of(value, to_string(key))
