"""The database's part of the app's lifespan: open on startup, closed on shutdown."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .database import STORE_OUTAGES, Database

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[Database]:
    """The app's Database (`app.state.database`), from startup to shutdown."""
    database = Database(app.state.settings)
    app.state.database = database
    try:
        await database.connect()
    except STORE_OUTAGES as exc:
        # Not ready, but serving: the pool reconnects once PostgreSQL is back.
        logger.warning("PostgreSQL is unreachable, starting without it: %s", exc)
    try:
        yield database
    finally:
        await database.close()
