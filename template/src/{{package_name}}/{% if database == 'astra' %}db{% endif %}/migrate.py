"""The CQL migration runner: applies the files of the `migrations` package in order.

Each `NNNN_description.cql` file there holds statements ended by `;` (none inside a
string), applied in version order and recorded in the `schema_migrations` table once
they all succeeded. Every statement must be safe to run twice (`IF NOT EXISTS`, `IF
EXISTS`): a migration cut short is run again from its start. Run them from one place at
a time (a deploy step, or one instance migrating on startup): Cassandra does not
serialize schema changes made through different nodes.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

from cassandra.cluster import Session

from .. import migrations
from ..errors import MigrationError
from .cluster import build_cluster
from .settings import DatabaseSettings

__all__ = ["MigrationError", "MissingKeyspaceError", "apply", "load", "migrate"]

FILE_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>\w+)\.cql$")
# Local and test nodes only (CASSANDRA_CREATE_KEYSPACE): one replica, no datacenters.
LOCAL_REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}"
CREATE_LEDGER = (
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version int PRIMARY KEY, name text, applied_at timestamp)"
)


class MissingKeyspaceError(MigrationError):
    """The keyspace does not exist, and creating it is not allowed."""

    def __init__(self, keyspace: str) -> None:
        super().__init__(
            f"keyspace {keyspace!r} does not exist. On Astra DB, create it in the "
            "Astra UI; on a self-hosted cluster, with its operators' replication "
            "settings; on a local or test node, set CASSANDRA_CREATE_KEYSPACE=true to "
            "let `migrate` do it."
        )


@dataclass(frozen=True)
class Migration:
    """One migration file: its version, its name, and its statements."""

    version: int
    name: str
    statements: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.version:04d}_{self.name}"


def statements(cql: str) -> tuple[str, ...]:
    """The statements of a migration file, without its `--` comment lines."""
    lines = [line for line in cql.splitlines() if not line.strip().startswith("--")]
    return tuple(part.strip() for part in "\n".join(lines).split(";") if part.strip())


def load() -> list[Migration]:
    """Every migration shipped in the `migrations` package, oldest first."""
    found = []
    for entry in resources.files(migrations).iterdir():
        if match := FILE_NAME.match(entry.name):
            cql = entry.read_text(encoding="utf-8")
            found.append(
                Migration(int(match["version"]), match["name"], statements(cql))
            )
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if len(set(versions)) != len(versions):
        raise ValueError(f"two migrations share a version: {[str(m) for m in found]}")
    return found


def target_version(revision: str) -> int | None:
    """The last version `revision` asks for: None for "head", else its number."""
    if revision == "head":
        return None
    if not revision.isdigit():
        raise MigrationError(
            f"unknown revision {revision!r}: pass head, or a version such as 0001"
        )
    return int(revision)


def apply(
    session: Session,
    keyspace: str,
    *,
    create_keyspace: bool = False,
    up_to: int | None = None,
) -> list[Migration]:
    """Bring `keyspace` up to version `up_to` (None: the latest) through `session`.

    Returns the migrations applied, oldest first.
    """
    if create_keyspace:
        session.execute(
            f"CREATE KEYSPACE IF NOT EXISTS {keyspace} "
            f"WITH replication = {LOCAL_REPLICATION}"
        )
    elif keyspace not in session.cluster.metadata.keyspaces:
        raise MissingKeyspaceError(keyspace)
    session.set_keyspace(keyspace)
    session.execute(CREATE_LEDGER)
    applied = {
        row.version for row in session.execute("SELECT version FROM schema_migrations")
    }
    pending = [
        migration
        for migration in load()
        if migration.version not in applied
        and (up_to is None or migration.version <= up_to)
    ]
    for migration in pending:
        for statement in migration.statements:
            session.execute(statement)
        session.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) "
            "VALUES (%s, %s, %s)",
            (migration.version, migration.name, datetime.now(UTC)),
        )
    return pending


def migrate(settings: DatabaseSettings, revision: str = "head") -> list[str]:
    """Apply what is pending in the settings' keyspace, over a connection of its own.

    Returns the migrations applied, oldest first.
    """
    up_to = target_version(revision)
    cluster = build_cluster(settings)
    try:
        session = cluster.connect()
        applied = apply(
            session,
            settings.cassandra_keyspace,
            create_keyspace=settings.cassandra_create_keyspace,
            up_to=up_to,
        )
    finally:
        cluster.shutdown()
    return [str(migration) for migration in applied]
