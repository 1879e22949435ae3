"""Migrations of the in-memory store: it has no schema, so there are none."""

from ..errors import MigrationError
from .settings import DatabaseSettings

__all__ = ["MigrationError", "migrate"]


def migrate(settings: DatabaseSettings, revision: str = "head") -> list[str]:
    """Nothing to apply: tables are dicts, made on first use. Returns no migrations."""
    return []
