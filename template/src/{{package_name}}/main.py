"""Application factory: builds the FastAPI app; nothing connects at import time."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from . import __version__, db, health
from .errors import register_error_handlers
from .logging import configure_logging
from .observability import instrument, start_observability
from .openapi import document_problems
from .routing import domain_routers
from .security import protect
from .settings import InsecureSettingsError, Settings, get_settings


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Create the app's resources on startup and release them on shutdown."""
    async with db.lifespan(app) as database:
        app.state.readiness_checks = {"database": database.ping}
        yield


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app from `settings` (read from the environment when omitted)."""
    settings = settings or get_settings()
    configure_logging(settings)
    if settings.environment == "production" and (risks := settings.production_risks()):
        raise InsecureSettingsError(risks)
    app = FastAPI(
        title=settings.app_name,
        version=__version__,
        lifespan=lifespan,
        telemetry=start_observability(settings),
    )
    app.state.settings = settings
    protect(app, settings)
    instrument(app, settings)
    register_error_handlers(app, db.STORE_OUTAGES)
    document_problems(app)
    for router in (health.router, *domain_routers()):
        app.include_router(router, prefix=settings.api_prefix)
    return app
