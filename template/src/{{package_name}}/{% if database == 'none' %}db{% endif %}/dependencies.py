"""The database dependency: the one the app's lifespan created."""

from typing import Annotated

from fastapi import Depends, Request

from .database import Database


async def get_database(request: Request) -> Database:
    """The Database the app's lifespan created."""
    database: Database = request.app.state.database
    return database


DatabaseDep = Annotated[Database, Depends(get_database)]
