"""Plan a workflow's jobs: `needs:` order and `strategy.matrix` expansion."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from .errors import WorkflowError
from .expressions import equal, to_string


def needs_of(job: Mapping[str, Any]) -> list[str]:
    """A job's `needs:`, given as one name or a list."""
    needs = job.get("needs") or []
    return [needs] if isinstance(needs, str) else [str(name) for name in needs]


def job_order(jobs: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Job ids so that every job follows its needs; file order breaks ties."""
    for job_id, job in jobs.items():
        unknown = [name for name in needs_of(job) if name not in jobs]
        if unknown:
            raise WorkflowError(f"job {job_id} needs unknown job(s): {', '.join(unknown)}")
    ordered: list[str] = []
    pending = list(jobs)
    while pending:
        ready = next(
            (job_id for job_id in pending if set(needs_of(jobs[job_id])) <= set(ordered)), None
        )
        if ready is None:
            raise WorkflowError(f"jobs needing each other in a cycle: {', '.join(pending)}")
        ordered.append(ready)
        pending.remove(ready)
    return ordered


def expand_matrix(matrix: Any) -> list[dict[str, Any]]:
    """The job instances of a `strategy.matrix`: the axes' product, then `exclude`, `include`."""
    if matrix is None:
        return [{}]
    if not isinstance(matrix, Mapping):
        raise WorkflowError(f"strategy.matrix must be a mapping locally, got {matrix!r}")
    axes = {key: value for key, value in matrix.items() if key not in ("include", "exclude")}
    for key, values in axes.items():
        if not isinstance(values, list):
            raise WorkflowError(f"matrix axis {key!r} must be a list locally, got {values!r}")
    combos = (
        [dict(zip(axes, values, strict=True)) for values in itertools.product(*axes.values())]
        if axes
        else []
    )
    for rule in _rules(matrix, "exclude"):
        combos = [combo for combo in combos if not _agrees(combo, rule, require_all=True)]
    originals = [dict(combo) for combo in combos]
    for rule in _rules(matrix, "include"):
        # An include extends every combo whose original values it does not contradict, else
        # it becomes a combo of its own: GitHub's documented rule.
        fits = [i for i, original in enumerate(originals) if _agrees(original, rule)]
        for index in fits:
            combos[index].update(rule)
        if not fits:
            combos.append(dict(rule))
            originals.append(dict(rule))
    return combos or [{}]


def _rules(matrix: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    """The `include`/`exclude` entries, checked to be mappings."""
    rules = matrix.get(key) or []
    if not isinstance(rules, list) or not all(isinstance(rule, Mapping) for rule in rules):
        raise WorkflowError(f"matrix {key} must be a list of mappings")
    return [dict(rule) for rule in rules]


def _agrees(
    combo: Mapping[str, Any], rule: Mapping[str, Any], *, require_all: bool = False
) -> bool:
    """Whether `rule` matches `combo` on shared keys (on all of its keys if `require_all`)."""
    for key, value in rule.items():
        if key not in combo:
            if require_all:
                return False
            continue
        if not equal(to_string(combo[key]), to_string(value)):
            return False
    return True


def instance_name(job_id: str, job: Mapping[str, Any], matrix: Mapping[str, Any]) -> str:
    """GitHub's display name: `name:` if given, else `job (value, value)` for matrix jobs."""
    if job.get("name"):
        return str(job["name"])
    if not matrix:
        return job_id
    return f"{job_id} ({', '.join(to_string(value) for value in matrix.values())})"
