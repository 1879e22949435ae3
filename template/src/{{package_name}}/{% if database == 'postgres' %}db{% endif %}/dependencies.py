"""The per-request database session dependency."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from .database import Database


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session for one request: committed after the endpoint, rolled back on error."""
    database: Database = request.app.state.database
    async with database.session() as session:
        yield session


# scope="function" commits before the response is sent, so a failed commit is reported
# to the client instead of happening after a success response went out.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
