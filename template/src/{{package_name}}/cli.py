"""Command-line interface: `serve` the API, `migrate` the store, `version`."""

from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from pydantic import ValidationError

from . import __version__, db
from .errors import MigrationError
from .settings import ENV_FILE, Settings, get_settings

app = typer.Typer(help=__doc__, no_args_is_help=True)


def load_settings() -> Settings:
    """The settings, or exit 2 naming each variable that is wrong.

    A deployment's typo should read as one line per variable, not as a traceback
    through pydantic. The values are not echoed: some of them are secrets.
    """
    try:
        return get_settings()
    except ValidationError as error:
        for problem in error.errors(include_url=False):
            variable = "_".join(str(part) for part in problem["loc"]).upper()
            typer.echo(f"error: {variable}: {problem['msg']}", err=True)
        raise typer.Exit(2) from error


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address [env: HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="Port [env: PORT]")] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes")] = False,
) -> None:
    """Serve the API with uvicorn."""
    settings = load_settings()
    env_file = Path(ENV_FILE)
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
        # Settings read .env themselves; uvicorn also puts it in the process environment
        # (variables already set win), where the OpenTelemetry SDK reads OTEL_* and
        # prometheus_client reads PROMETHEUS_MULTIPROC_DIR.
        env_file=env_file if env_file.is_file() else None,
    )


@app.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
) -> None:
    """Apply the store's migrations up to REVISION (default: the latest)."""
    try:
        applied = db.migrate(load_settings(), revision)
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
