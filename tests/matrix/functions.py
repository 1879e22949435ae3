"""The expression functions the rendered workflows call, and the status functions of `if:`."""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .values import equal, property_of, to_string

if TYPE_CHECKING:
    from .expressions import Scope


def _contains(_scope: Scope, search: Any, item: Any) -> bool:
    """`contains(search, item)`: an array element, or a substring ignoring case."""
    if isinstance(search, list):
        return any(equal(element, item) for element in search)
    return to_string(item).casefold() in to_string(search).casefold()


def _hash_files(scope: Scope, *patterns: Any) -> str:
    """sha256 over the sha256 of each matched file, as GitHub computes it; '' if none match."""
    workspace = Path(to_string(property_of(scope.contexts.get("github"), "workspace")) or ".")
    included: set[str] = set()
    for pattern in map(to_string, patterns):
        negate = pattern.startswith("!")
        matches = glob.glob(
            pattern.lstrip("!"), root_dir=workspace, recursive=True, include_hidden=True
        )
        files = {path for path in matches if (workspace / path).is_file()}
        included = included - files if negate else included | files
    if not included:
        return ""
    digest = hashlib.sha256()
    for path in sorted(included):
        digest.update(hashlib.sha256((workspace / path).read_bytes()).digest())
    return digest.hexdigest()


# The functions the rendered workflows call (contains, hashFiles), and the status functions every
# `if:` implies (success) or may name.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "contains": _contains,
    "hashfiles": _hash_files,
    "success": lambda scope: not scope.failed,
    "always": lambda _scope: True,
    "failure": lambda scope: scope.failed,
    "cancelled": lambda _scope: False,
}
