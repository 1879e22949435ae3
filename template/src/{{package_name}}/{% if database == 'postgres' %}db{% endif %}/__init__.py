"""PostgreSQL: the store behind the service, under the names every store exports.

`Database` (connect/ping/close), `STORE_OUTAGES`, `DatabaseSettings`, `migrate`,
`DatabaseDep` and `lifespan` are what the rest of the service uses; `Base` and
`SessionDep` are PostgreSQL's own, for the table models and repositories.
"""

from .base import Base
from .database import STORE_OUTAGES, Database
from .dependencies import DatabaseDep, SessionDep
from .lifespan import lifespan
from .migrate import MigrationError, migrate
from .settings import DatabaseSettings

__all__ = [
    "STORE_OUTAGES",
    "Base",
    "Database",
    "DatabaseDep",
    "DatabaseSettings",
    "MigrationError",
    "SessionDep",
    "lifespan",
    "migrate",
]
