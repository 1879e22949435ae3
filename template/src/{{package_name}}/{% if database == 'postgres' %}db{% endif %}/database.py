"""The engine and sessions: created in the app's lifespan, closed on shutdown."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from sqlalchemy import exc as sqlalchemy_errors
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from .settings import DatabaseSettings
from .tracing import trace_statements


class DatabaseUnavailableError(ConnectionError):
    """PostgreSQL could not serve a query: refused, dropped, shut down or overloaded."""


# Refused, dropped or timed-out connections (a failed query is a bug, and stays a 500).
STORE_OUTAGES: tuple[type[Exception], ...] = (
    DatabaseUnavailableError,
    sqlalchemy_errors.OperationalError,
    sqlalchemy_errors.InterfaceError,
    sqlalchemy_errors.TimeoutError,
    ConnectionError,
    TimeoutError,
)

# asyncpg's errors for a connection that failed, or was left mid-operation by one that
# did ("another operation is in progress"); SQLAlchemy wraps them as plain DBAPIError.
CONNECTION_FAILURES = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    OSError,
    TimeoutError,
)
# SQLSTATE classes of the server's own outages: 08 connection exception, 53 insufficient
# resources (too many connections), 57 operator intervention (shutdown, cancel).
OUTAGE_SQLSTATE_CLASSES = ("08", "53", "57")


def is_outage(error: sqlalchemy_errors.DBAPIError) -> bool:
    """Whether `error` says PostgreSQL is unreachable rather than the query is wrong."""
    if error.connection_invalidated or isinstance(
        error, sqlalchemy_errors.OperationalError | sqlalchemy_errors.InterfaceError
    ):
        return True
    # SQLAlchemy's adapter error is `orig`; asyncpg's own error is what caused it.
    cause = getattr(error.orig, "__cause__", None) or error.orig
    sqlstate = str(getattr(cause, "sqlstate", None) or "")
    return isinstance(cause, CONNECTION_FAILURES) or sqlstate.startswith(
        OUTAGE_SQLSTATE_CLASSES
    )


class Database:
    """One connection pool for the process, and sessions drawn from it.

    The pool connects lazily: the app starts (and reports not-ready) while the
    database is down, and recovers without a restart once it is back.
    """

    def __init__(self, settings: DatabaseSettings) -> None:
        self.engine = create_async_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            pool_timeout=settings.database_pool_timeout,
            # No ping before each checkout: it is a round trip on every request (a
            # quarter of an item read's). After a database restart, the first query
            # on a stale connection fails (a 503, Retry-After) and SQLAlchemy then
            # drops every pooled connection made before it, so the next get new ones.
            pool_pre_ping=False,
            connect_args={
                "timeout": settings.database_connect_timeout,
                "command_timeout": settings.database_statement_timeout,
            },
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        trace_statements()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session committed when the block succeeds, rolled back when it raises.

        A lost connection raises DatabaseUnavailableError, whichever statement (the
        rollback included) met it first; the pool replaces the connection.
        """
        try:
            async with self.sessions() as session:
                try:
                    yield session
                    await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
        except sqlalchemy_errors.DBAPIError as exc:
            if is_outage(exc):
                raise DatabaseUnavailableError(str(exc.orig)) from exc
            raise

    async def connect(self) -> None:
        """Open the pool's first connection, to learn now whether PostgreSQL answers."""
        await self.ping()

    async def ping(self) -> None:
        """Raise unless the database answers a trivial query."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    def pool_figures(self) -> dict[str, int]:
        """This process's pooled connections, by state, for the metrics."""
        pool = self.engine.pool
        return {
            "in_use": pool.checkedout(),  # type: ignore[attr-defined]
            "idle": pool.checkedin(),  # type: ignore[attr-defined]
            "overflow": max(pool.overflow(), 0),  # type: ignore[attr-defined]
        }

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
