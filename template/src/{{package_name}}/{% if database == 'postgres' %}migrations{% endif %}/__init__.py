"""Alembic migrations, shipped inside the package so the container can apply them."""

from pathlib import Path

from alembic import command
from alembic.config import Config

HERE = Path(__file__).parent


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration for `database_url`, independent of alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    # ConfigParser interpolation would choke on a "%" in a password.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision`."""
    command.upgrade(alembic_config(database_url), revision)
