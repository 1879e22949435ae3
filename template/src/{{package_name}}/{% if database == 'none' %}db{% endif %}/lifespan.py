"""The in-memory store's part of the app's lifespan: empty tables for each run."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .database import Database


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[Database]:
    """The app's Database (`app.state.database`), from startup to shutdown."""
    database = Database(app.state.settings)
    app.state.database = database
    try:
        yield database
    finally:
        await database.close()
