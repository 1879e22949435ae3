"""Command-line interface: `serve` runs the API, `version` prints it."""

from typing import Annotated

import typer
import uvicorn

from . import __version__
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
        # Our own logging setup (JSON, request ids) applies to uvicorn's loggers too.
        log_config=None,
    )


@app.command()
def version() -> None:
    """Print the service's version."""
    typer.echo(__version__)
