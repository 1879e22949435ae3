"""Command line: list the combos, run one project's CI, or run the whole matrix."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .combo_runs import run_matrix, table
from .combos import UnknownComboError, all_combos, select
from .render import render

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Run the generated project's GitHub Actions CI locally, over copier.yml's combos.",
)


@app.command("list")
def list_combos(
    as_json: Annotated[
        bool, typer.Option("--json", help="Only the accepted ids, as a JSON array.")
    ] = False,
) -> None:
    """Print every combo id."""
    if as_json:
        typer.echo(json.dumps([combo.id for combo in all_combos()]))
        return
    for combo in all_combos():
        typer.echo(combo.id)


@app.command()
def ci(
    path: Annotated[Path, typer.Argument(help="The rendered project (a git repository).")],
    event: Annotated[str, typer.Option(help="push or pull_request.")] = "push",
    ref: Annotated[
        str | None,
        typer.Option(help="Branch or refs/tags/...; for pull_request the base branch."),
    ] = None,
) -> None:
    """Run PATH's .github/workflows/ci.yml locally; exit 1 if anything failed."""
    from .workflow import run_workflow

    result = run_workflow(path, event, ref)
    typer.echo(result.summary())
    raise typer.Exit(1 if result.failed else 0)


@app.command()
def run(
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Combo ids to run (default: all).")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Combos at a time (default: CPUs).")
    ] = None,
    keep: Annotated[bool, typer.Option(help="Keep every rendered project and log.")] = False,
) -> None:
    """Render each combo and run its CI; exit 0 only if all passed."""
    try:
        results = run_matrix(only, jobs, keep=keep)
    except UnknownComboError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from error
    typer.echo(table(results))
    raise typer.Exit(0 if all(result.ok for result in results) else 1)


@app.command("fetch-cassandra")
def fetch_cassandra() -> None:
    """Download the Cassandra the astra combos start, as scripts/local_cassandra.py fetch does."""
    from .cassandra import fetch

    raise typer.Exit(fetch())


@app.command("render", hidden=True)
def render_one(combo_id: str, dst: Path) -> None:
    """Render one combo (run in a subprocess by `run`: copier is not thread-safe)."""
    (combo,) = select([combo_id], all_combos())
    typer.echo(f"rendered {combo.id} in {render(combo, dst):.1f}s")


def spread_only(argv: list[str]) -> list[str]:
    """Turn `--only a b` into `--only a --only b`, which is what click understands."""
    spread: list[str] = []
    taking = False
    for argument in argv:
        if argument == "--only":
            taking = True
            spread.append(argument)
        elif taking and not argument.startswith("-"):
            if spread[-1] != "--only":
                spread.append("--only")
            spread.append(argument)
        else:
            # A bare `--only` stays bare, so click reports the missing value.
            taking = False
            spread.append(argument)
    return spread


def main(argv: list[str] | None = None) -> None:
    """Entry point for `python -m tests.matrix`."""
    arguments = spread_only(sys.argv[1:] if argv is None else argv)
    app(args=arguments, prog_name="python -m tests.matrix")
