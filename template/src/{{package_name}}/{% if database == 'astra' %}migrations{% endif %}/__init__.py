"""Versioned CQL migrations, shipped inside the package so the container can apply them.

Each `NNNN_description.cql` file beside this one holds statements ended by `;` (none
inside a string), applied in version order and recorded in the `schema_migrations` table
once they all succeeded. Every statement must be safe to run twice (`IF NOT EXISTS`, `IF
EXISTS`): a migration cut short is run again from its start. Run them from one place at
a time (a deploy step, or one instance migrating on startup): Cassandra does not
serialize schema changes made through different nodes.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

from cassandra.cluster import Session

from ..db import build_cluster
from ..settings import Settings

FILE_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>\w+)\.cql$")
# Local and test nodes only (CASSANDRA_CREATE_KEYSPACE): one replica, no datacenters.
LOCAL_REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}"
CREATE_LEDGER = (
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version int PRIMARY KEY, name text, applied_at timestamp)"
)


class MissingKeyspaceError(RuntimeError):
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
    """Every migration shipped in this package, oldest first."""
    found = []
    for entry in resources.files(__package__).iterdir():
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


def apply(
    session: Session, keyspace: str, *, create_keyspace: bool = False
) -> list[Migration]:
    """Bring `keyspace` up to date through `session`; return the migrations applied."""
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
    pending = [migration for migration in load() if migration.version not in applied]
    for migration in pending:
        for statement in migration.statements:
            session.execute(statement)
        session.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) "
            "VALUES (%s, %s, %s)",
            (migration.version, migration.name, datetime.now(UTC)),
        )
    return pending


def migrate(settings: Settings) -> list[Migration]:
    """Apply what is pending in the settings' keyspace, over a connection of its own."""
    cluster = build_cluster(settings)
    try:
        session = cluster.connect()
        return apply(
            session,
            settings.cassandra_keyspace,
            create_keyspace=settings.cassandra_create_keyspace,
        )
    finally:
        cluster.shutdown()
