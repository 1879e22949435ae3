"""Decide whether a workflow's `on:` runs for an event and ref, with GitHub's filter globs."""

from __future__ import annotations

import re
from typing import Any

from .errors import TriggerError

EVENTS = ("push", "pull_request")


def full_ref(ref: str) -> str:
    """`main` → `refs/heads/main`; refs given in full are kept."""
    return ref if ref.startswith("refs/") else f"refs/heads/{ref}"


def glob_regex(pattern: str) -> re.Pattern[str]:
    """GitHub's filter glob: `*` stops at `/`, `**` does not, `?`/`+` repeat the previous char."""
    parts, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            parts.append(".*")
            index += 2
            continue
        if char == "*":
            parts.append("[^/]*")
        elif char in "?+":
            parts.append(char if parts else re.escape(char))
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end < 0:
                raise TriggerError(f"unclosed '[' in filter pattern {pattern!r}")
            parts.append(pattern[index : end + 1])
            index = end
        else:
            parts.append(re.escape(char))
        index += 1
    return re.compile("".join(parts))


def matches(patterns: list[str], name: str) -> bool:
    """Whether `name` passes a filter list: the last matching pattern wins, `!` negates."""
    result = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        if glob_regex(pattern[1:] if negated else pattern).fullmatch(name):
            result = not negated
    return result


def check_trigger(on: Any, event: str, ref: str) -> None:
    """Raise TriggerError unless `on:` runs for `event` on `ref` (for pull_request: the base)."""
    events = _events(on)
    if event not in events:
        raise TriggerError(f"the workflow does not run on {event} (on: {', '.join(events)})")
    config = events[event] or {}
    ref = full_ref(ref)
    if ref.startswith("refs/tags/"):
        kind, name = "tags", ref.removeprefix("refs/tags/")
        if event != "push":
            raise TriggerError(f"{event} cannot run on a tag ({ref})")
    else:
        kind, name = "branches", ref.removeprefix("refs/heads/")
    other = "tags" if kind == "branches" else "branches"
    has_own = kind in config or f"{kind}-ignore" in config
    has_other = other in config or f"{other}-ignore" in config
    if event == "push" and has_other and not has_own:
        raise TriggerError(f"the workflow runs on {event} to {other} only, not to {ref}")
    if kind in config and not matches(_patterns(config[kind]), name):
        raise TriggerError(f"{ref} is not in {event}.{kind} {_patterns(config[kind])}")
    ignored = config.get(f"{kind}-ignore")
    if ignored and matches(_patterns(ignored), name):
        raise TriggerError(f"{ref} is in {event}.{kind}-ignore {_patterns(ignored)}")


def _events(on: Any) -> dict[str, Any]:
    """`on:` as a mapping event → filters, whatever form it was written in."""
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    if isinstance(on, dict):
        return dict(on)
    raise TriggerError(f"cannot read the workflow's `on:` ({on!r})")


def _patterns(value: Any) -> list[str]:
    """A filter given as one string or a list."""
    return [str(item) for item in (value if isinstance(value, list) else [value])]
