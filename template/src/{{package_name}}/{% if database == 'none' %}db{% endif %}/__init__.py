"""The in-memory store, under the names every store exports.

`Database` (connect/ping/close), `STORE_OUTAGES`, `DatabaseSettings`, `migrate`,
`DatabaseDep` and `lifespan` are what the rest of the service uses. Data lives as long
as the process: a store for trying the service out, not for keeping anything.
"""

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
    "lifespan",
    "migrate",
]
