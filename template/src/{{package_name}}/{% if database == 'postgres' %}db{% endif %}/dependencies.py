"""The database dependencies: the app's Database, and a session per request."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from .database import Database


async def get_database(request: Request) -> Database:
    """The Database the app's lifespan created."""
    database: Database = request.app.state.database
    return database


DatabaseDep = Annotated[Database, Depends(get_database)]


async def get_session(database: DatabaseDep) -> AsyncIterator[AsyncSession]:
    """A session for one request: committed after the endpoint, rolled back on error."""
    async with database.session() as session:
        yield session


# scope="function" commits before the response is sent, so a failed commit is reported
# to the client instead of happening after a success response went out.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
