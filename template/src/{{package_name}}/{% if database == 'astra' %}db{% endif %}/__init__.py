"""Cassandra: the store behind the service, under the names every store exports.

`Database` (connect/ping/close), `STORE_OUTAGES`, `DatabaseSettings`, `migrate`,
`DatabaseDep` and `lifespan` are what the rest of the service uses; `build_cluster`
and `target_options` are Cassandra's own.
"""

from .cluster import build_cluster, target_options
from .database import STORE_OUTAGES, Database
from .dependencies import DatabaseDep
from .lifespan import lifespan
from .migrate import MigrationError, migrate
from .settings import DatabaseSettings

__all__ = [
    "STORE_OUTAGES",
    "Database",
    "DatabaseDep",
    "DatabaseSettings",
    "MigrationError",
    "build_cluster",
    "lifespan",
    "migrate",
    "target_options",
]
