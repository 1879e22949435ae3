"""A project's CI, run by the local runner once per distinct tree in a test run.

Several update tests end on the same project: the same answers and the same user edits
reached by different routes (an update, a changed answer). Their CI reads nothing but the
committed tree and the machine, so one run answers for every test that ends on that tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.matrix.workflow import run_workflow

from .commands import git
from .once import once


@dataclass(frozen=True)
class CiRuns:
    """Verdicts by git tree id, in a directory every pytest-xdist worker of the run shares."""

    directory: Path

    def assert_passes(self, project: Path, run_dir: Path) -> None:
        """Run `project`'s committed CI here, unless its exact tree passed earlier in this run."""
        tree = git(project, "rev-parse", "HEAD^{tree}").strip()
        with once(self.directory / tree) as needed:
            if needed:
                result = run_workflow(project, run_dir=run_dir, echo=lambda _line: None)
                assert not result.failed, result.summary()
