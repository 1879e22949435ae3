"""The process's Cassandra session: connected on first use, shut down with the app."""

import asyncio
import logging
import secrets
from collections.abc import Iterable, Sequence

from cassandra import OperationTimedOut, ReadTimeout, Unavailable, WriteTimeout
from cassandra.cluster import Cluster, NoHostAvailable, ResultSet, Session
from cassandra.connection import ConnectionException
from cassandra.query import BatchStatement, BatchType, PreparedStatement

from .cluster import build_cluster
from .futures import wait
from .paging import Cursors
from .settings import DatabaseSettings
from .tracing import trace_requests

Parameters = Sequence[object]

# No node reachable, a node or the client timing out, too few replicas alive: outages. A
# refused query (bad CQL, missing table) is a bug, and stays a 500.
STORE_OUTAGES: tuple[type[Exception], ...] = (
    NoHostAvailable,
    OperationTimedOut,
    Unavailable,
    ReadTimeout,
    WriteTimeout,
    ConnectionException,
    ConnectionError,
    TimeoutError,
)


class DriverPrepareFailureFilter(logging.Filter):
    """Drop the driver's record of a failed prepare, which it raises to us as well.

    The error handlers log what they answer (an outage's 503 once, a bug's 500 with its
    traceback); the driver's own ERROR would make every such request log twice.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != "Error preparing query:"


DRIVER_PREPARE_FAILURES = DriverPrepareFailureFilter()


class Database:
    """One Cluster and Session for the process, its prepared statements and cursors.

    Connecting waits for the first request (or `connect()`): the app starts, and reports
    not-ready, while Cassandra is down. Once connected, the driver keeps reconnecting to
    nodes that go away by itself.
    """

    def __init__(self, settings: DatabaseSettings) -> None:
        self._settings = settings
        self._cluster: Cluster | None = None
        self._session: Session | None = None
        self._connecting = asyncio.Lock()
        self._prepared: dict[str, PreparedStatement] = {}
        trace_requests()
        # The same filter object each time: adding it again changes nothing.
        logging.getLogger("cassandra.cluster").addFilter(DRIVER_PREPARE_FAILURES)
        key = settings.cursor_signing_key
        self.cursors = Cursors(
            key.get_secret_value().encode() if key else secrets.token_bytes(32)
        )

    async def connect(self) -> Session:
        """The session, connecting first if needed (off the event loop: it blocks)."""
        if self._session is not None:
            return self._session
        async with self._connecting:
            if self._session is None:
                self._session = await asyncio.to_thread(self._connect)
            return self._session

    def _connect(self) -> Session:
        cluster = build_cluster(self._settings)
        try:
            # Statements name tables without their keyspace: the session's is used.
            session = cluster.connect(self._settings.cassandra_keyspace)
        except BaseException:
            # A Cluster that failed to connect is spent; the next attempt builds anew.
            cluster.shutdown()
            raise
        # Session.prepare waits `default_timeout` (10 s), not the request timeout of the
        # execution profile, and the driver refuses that setting beside profiles: set
        # what it reads, so a prepare gives up on a silent node as soon as a query does.
        session._default_timeout = self._settings.cassandra_request_timeout
        self._cluster = cluster
        return session

    async def prepare(self, cql: str) -> PreparedStatement:
        """`cql`, prepared once per process: parsed once, routed by partition."""
        if cql not in self._prepared:
            session = await self.connect()
            self._prepared[cql] = await asyncio.to_thread(session.prepare, cql)
        return self._prepared[cql]

    async def execute(
        self,
        cql: str,
        parameters: Parameters = (),
        *,
        fetch_size: int | None = None,
        paging_state: bytes | None = None,
    ) -> ResultSet:
        """Run a statement; its ResultSet holds a page of at most `fetch_size` rows."""
        statement = (await self.prepare(cql)).bind(parameters)
        if fetch_size is not None:
            statement.fetch_size = fetch_size
        session = await self.connect()
        return await wait(session.execute_async(statement, paging_state=paging_state))

    async def execute_batch(self, statements: Iterable[tuple[str, Parameters]]) -> None:
        """Run statements as one logged batch: all of them are applied, or none."""
        batch = BatchStatement(batch_type=BatchType.LOGGED)
        for cql, parameters in statements:
            batch.add(await self.prepare(cql), parameters)
        session = await self.connect()
        await wait(session.execute_async(batch))

    async def ping(self) -> None:
        """Raise unless a node answers a trivial query."""
        session = await self.connect()
        query = "SELECT release_version FROM system.local"
        await wait(session.execute_async(query))

    def pool_figures(self) -> dict[str, int]:
        """This process's connections to the nodes and their requests, for metrics."""
        if self._session is None:
            return {}
        hosts = self._session.get_pool_state().values()
        return {
            "open": sum(host["open_count"] for host in hosts),
            "in_flight": sum(sum(host["in_flights"]) for host in hosts),
        }

    async def close(self) -> None:
        """Close every connection and stop the driver's threads."""
        if self._cluster is not None:
            await asyncio.to_thread(self._cluster.shutdown)
