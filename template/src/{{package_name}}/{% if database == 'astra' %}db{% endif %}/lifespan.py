"""Cassandra's part of the app's lifespan: migrate if asked, connect, shut down."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .database import STORE_OUTAGES, Database
from .migrate import migrate
from .settings import DatabaseSettings

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[Database]:
    """The app's Database (`app.state.database`), from startup to shutdown."""
    settings: DatabaseSettings = app.state.settings
    if settings.cassandra_migrate_on_startup:
        # Before serving, and fatal when it fails, as a failed deploy step would be.
        await asyncio.to_thread(migrate, settings)
    database = Database(settings)
    app.state.database = database
    try:
        # Connect now rather than on the first request. While Cassandra is down the app
        # starts anyway (not ready) and connects on a later request.
        await database.connect()
    except STORE_OUTAGES as exc:
        logger.warning("Cassandra is unreachable, starting without it: %s", exc)
    try:
        yield database
    finally:
        await database.close()
