"""The process's in-memory tables."""

from collections import defaultdict
from typing import Any

from .settings import DatabaseSettings

# Memory never goes away while the process runs: no error means "store unavailable".
STORE_OUTAGES: tuple[type[Exception], ...] = ()


class Database:
    """Tables of rows by key, one dict each, for the life of the process."""

    def __init__(self, settings: DatabaseSettings) -> None:
        self._tables: defaultdict[str, dict[Any, Any]] = defaultdict(dict)

    def table(self, name: str) -> dict[Any, Any]:
        """The rows of table `name`, by key (an empty table at first)."""
        return self._tables[name]

    async def connect(self) -> None:
        """Nothing to connect to."""

    async def ping(self) -> None:
        """Memory always answers."""

    def pool_figures(self) -> dict[str, int]:
        """Connection figures for the metrics: memory has no connections."""
        return {}

    async def close(self) -> None:
        """Forget every table."""
        self._tables.clear()
