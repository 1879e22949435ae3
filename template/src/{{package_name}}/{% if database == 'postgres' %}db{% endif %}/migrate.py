"""Alembic, driven from code: how `migrate` and the tests apply the migrations."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationInfo
from alembic.util import CommandError

from .. import migrations
from ..errors import MigrationError
from .settings import DatabaseSettings

__all__ = ["MigrationError", "alembic_config", "migrate"]


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration for `database_url`, independent of alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    # ConfigParser interpolation would choke on a "%" in a password.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def migrate(settings: DatabaseSettings, revision: str = "head") -> list[str]:
    """Upgrade the database to `revision`; return the revisions applied, in order."""
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
