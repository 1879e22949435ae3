"""The `cassandra` service for workflow jobs: one local node, a keyspace name per job.

The node comes from the script rendered projects ship for their developers
(template/scripts/local_cassandra.py, run from services.template_scripts' copy): Apache
Cassandra from Maven Central on Java 17, so the runner starts Cassandra exactly as a
developer without Docker would. It is started on first
use, shared by every combo of the run, and stopped when the runner exits. Each job gets its
own CASSANDRA_KEYSPACE, which its `migrate` step creates; the node and everything in it go
with the run's temporary directory.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from .errors import ServiceError
from .services import ServiceBinding, ServiceRequest, load_template_script

_lock = threading.Lock()
_node: Any = None
_numbers = itertools.count(1)


def _script() -> ModuleType:
    """The rendered projects' local_cassandra script, loaded from the template."""
    return load_template_script("local_cassandra")


def fetch() -> int:
    """Download the jars the node runs from (CI caches them); the script's exit status."""
    status: int = _script().main(["fetch"])
    return status


def _shared_node() -> Any:
    """Start the run's node on first use; stop and delete it at exit."""
    global _node
    with _lock:
        if _node is None:
            script = _script()
            directory = Path(tempfile.mkdtemp(prefix="matrix-cassandra-"))
            # Registered first so they run last: the directory goes once the node is down.
            atexit.register(shutil.rmtree, directory, ignore_errors=True)
            atexit.register(script.stop, directory)
            try:
                _node = script.start(directory)
            except (script.MissingToolError, script.NodeError) as error:
                raise ServiceError(f"the cassandra service needs a local node: {error}") from error
        return _node


def provide_cassandra(request: ServiceRequest) -> ServiceBinding:
    """The shared node, under a keyspace name of the job's own."""
    del request  # image version, heap and ports are the container's concern
    node = _shared_node()
    keyspace = f"ci_{next(_numbers)}"
    return ServiceBinding(
        # The variables rendered projects read: the job's own values point at a container.
        env={
            "CASSANDRA_CONTACT_POINTS": node.host,
            "CASSANDRA_PORT": str(node.port),
            "CASSANDRA_LOCAL_DC": "datacenter1",
            "CASSANDRA_KEYSPACE": keyspace,
        },
        description=f"local Cassandra {_script().CASSANDRA_VERSION} (keyspace {keyspace})",
    )
