"""Every combination passes its own CI, run here step by step."""

from collections.abc import Callable

import pytest

from tests.matrix import combos, needs
from tests.matrix.combo_runs import MATRIX_TABLE, RenderedCombos, run_matrix, table

# The only reasons a step may be skipped in a passing run: what this machine lacks, said out loud,
# and the jobs a workflow keeps for pull requests (commit checks, Git Flow's quick suite), since the
# matrix runs a push.
MACHINE_SKIPS = {needs.SKIP_REASON, needs.VULNERABILITY_SKIP_REASON}
PULL_REQUEST_ONLY = "condition false: github.event_name == 'pull_request'"


@pytest.mark.matrix
def test_every_combination_passes_its_ci(
    combo_project: RenderedCombos,
    capsys: pytest.CaptureFixture[str],
    record_property: Callable[[str, object], None],
) -> None:
    every = combos.all_combos()
    # Rendered once for the run: test_render.py and test_commands.py read the same projects.
    rendered = combo_project.all(every)

    # The matrix runs combos in parallel itself and prints progress as it goes (unless a
    # pytest-xdist worker runs it: the table is also printed at the end of the run).
    with capsys.disabled():
        results = run_matrix([combo.id for combo in every], rendered=rendered)
        summary = table(results)
        print(summary)
    record_property(MATRIX_TABLE, summary)

    assert [result.combo.id for result in results] == [combo.id for combo in every]
    failed = [
        f"{result.combo.id}: {result.result} {result.message}"
        for result in results
        if not result.ok
    ]
    assert not failed, "\n".join(failed)
    for result in results:
        unexpected = [
            step
            for step in result.skipped
            if step.reason not in MACHINE_SKIPS and step.reason != PULL_REQUEST_ONLY
        ]
        assert not unexpected, (
            f"{result.combo.id} skipped {[(s.name, s.reason) for s in unexpected]}"
        )
