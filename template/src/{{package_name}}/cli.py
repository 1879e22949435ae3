"""Command-line interface: `serve` the API, `migrate` the store, `version`."""

from typing import Annotated

import typer
import uvicorn

from . import __version__, db
from .errors import MigrationError
from .settings import get_settings

app = typer.Typer(help=__doc__, no_args_is_help=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address [env: HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="Port [env: PORT]")] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes")] = False,
) -> None:
    """Serve the API with uvicorn."""
    settings = get_settings()
    uvicorn.run(
        f"{__package__}.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        reload=reload,
        # On SIGTERM, requests in flight get this long to finish before the exit.
        timeout_graceful_shutdown=settings.shutdown_timeout,
        # Our own logging setup (JSON, request ids) applies to uvicorn's loggers too.
        log_config=None,
    )


@app.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
) -> None:
    """Apply the store's migrations up to REVISION (default: the latest)."""
    try:
        applied = db.migrate(get_settings(), revision)
    except MigrationError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    for migration in applied:
        typer.echo(f"applied {migration}")
    if not applied:
        typer.echo("up to date")


@app.command()
def version() -> None:
    """Print the service's version."""
    typer.echo(__version__)
