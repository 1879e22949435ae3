"""The `postgres` service for workflow jobs: one local server, a database per job.

The server comes from the script rendered projects ship for their developers
(template/scripts/local_postgres.py), so the runner starts PostgreSQL exactly as a
developer without Docker would. It is started on first use, shared by every combo of the
run, and stopped when the runner exits.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from .errors import ServiceError
from .services import ServiceBinding, ServiceRequest, load_template_script

_lock = threading.Lock()
_server: Any = None
_numbers = itertools.count(1)


def _script() -> ModuleType:
    """The rendered projects' local_postgres script, loaded from the template."""
    return load_template_script("local_postgres")


def _shared_server() -> Any:
    """Start the run's server on first use; stop and delete it at exit."""
    global _server
    with _lock:
        if _server is None:
            script = _script()
            data_dir = Path(tempfile.mkdtemp(prefix="matrix-postgres-"))
            try:
                _server = script.start(data_dir)
            except script.MissingPostgresError as error:
                raise ServiceError(f"the postgres service needs local binaries: {error}") from error
            atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
            atexit.register(script.stop, data_dir)
        return _server


def _psql(server: Any, statement: str) -> None:
    """Run one statement as the server's superuser, over its Unix socket."""
    script = _script()
    bin_dir = script.find_bin_dir()
    command = [
        *(str(bin_dir / "psql"), f"--host={server.data_dir}", f"--port={server.port}"),
        *("--username=postgres", "--dbname=postgres", "--quiet", f"--command={statement}"),
    ]
    subprocess.run(script.as_owner(command), check=True, capture_output=True)


def _version(server: Any) -> str:
    """The server's major version, from its data directory."""
    return (Path(server.data_dir) / "PG_VERSION").read_text(encoding="utf-8").strip()


def provide_postgres(request: ServiceRequest) -> ServiceBinding:
    """A fresh database on the shared server; DATABASE_URL points the job at it."""
    del request  # image version, credentials and ports are the container's concern
    server = _shared_server()
    name = f"ci_{next(_numbers)}"
    _psql(server, f'CREATE DATABASE "{name}"')
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{server.port}/{name}"
    return ServiceBinding(
        # DATABASE_URL is the variable rendered projects read; the PG* ones serve psql.
        env={"DATABASE_URL": url, "PGHOST": "127.0.0.1", "PGPORT": str(server.port)},
        stop=lambda: _psql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'),
        description=f"local PostgreSQL {_version(server)} (database {name})",
    )
