"""What a workflow run produced, step by step, and how it is printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Status = Literal["passed", "failed", "skipped"]
_GLYPHS = {"passed": "✓", "failed": "✗", "skipped": "⊘"}
_ARROW = "\u203a"  # a right-pointing angle quote between job and step


@dataclass
class StepResult:
    """One step of one job instance; `reason` explains skips, failures and local notes."""

    job: str
    name: str
    status: Status
    reason: str = ""
    seconds: float = 0.0
    log: Path | None = None

    def line(self) -> str:
        """The live progress line: glyph, job, step, seconds, and any reason."""
        text = f"  {_GLYPHS[self.status]} {self.job} {_ARROW} {self.name}"
        if self.status == "skipped":
            return f"{text}  skipped: {self.reason}"
        text += f"  {self.seconds:.1f}s"
        return f"{text}  {self.reason}" if self.reason else text


@dataclass
class WorkflowResult:
    """All steps of one run plus errors that stopped it before or between steps."""

    project: Path
    event: str
    ref: str
    log_dir: Path
    steps: list[StepResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """Failed if any step failed or the run hit an error."""
        return bool(self.errors) or any(step.status == "failed" for step in self.steps)

    @property
    def result(self) -> str:
        """`passed` or `failed`; skipped steps never fail a run."""
        return "failed" if self.failed else "passed"

    def with_status(self, status: Status) -> list[StepResult]:
        """The steps that ended with `status`."""
        return [step for step in self.steps if step.status == status]

    def summary(self) -> str:
        """A multi-line summary: counts, then every non-passed step, then errors."""
        passed, failed = self.with_status("passed"), self.with_status("failed")
        skipped = self.with_status("skipped")
        lines = [
            f"{self.result}: {len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped"
            f"  ({self.seconds:.1f}s, logs in {self.log_dir})"
        ]
        lines += [step.line() for step in failed + skipped]
        lines += [f"  error: {error}" for error in self.errors]
        return "\n".join(lines)
