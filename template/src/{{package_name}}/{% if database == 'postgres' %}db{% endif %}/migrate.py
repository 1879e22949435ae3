"""Alembic, driven from code: how `migrate` and the tests apply the migrations.

Alembic is imported when a migration runs, not with the package: the service and
its other commands start without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import migrations
from ..errors import MigrationError
from .settings import DatabaseSettings

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.runtime.migration import MigrationInfo

__all__ = ["MigrationError", "alembic_config", "migrate"]


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration for `database_url`, independent of alembic.ini."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    # ConfigParser interpolation would choke on a "%" in a password.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def migrate(settings: DatabaseSettings, revision: str = "head") -> list[str]:
    """Upgrade the database to `revision`; return the revisions applied, in order."""
    from alembic import command
    from alembic.util import CommandError

    config = alembic_config(settings.database_url)
    applied: list[str] = []

    def record(*, step: MigrationInfo, **_: object) -> None:
        applied.append(step.up_revision_id or "")

    # migrations/env.py hands this to Alembic, which calls it after each revision.
    config.attributes["on_version_apply"] = record
    try:
        command.upgrade(config, revision)
    except CommandError as error:
        raise MigrationError(str(error)) from error
    return applied
