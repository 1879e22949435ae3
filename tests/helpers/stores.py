"""The databases rendered projects run against, served as the local CI runner serves the
rendered workflow's job services: a local server, a fresh database or keyspace each time."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from tests.matrix.services import ServiceRequest, provide

from .commands import make

# The job service image the rendered CI declares for each `database` that has one.
SERVICE_IMAGES = {"postgres": "postgres:17", "astra": "cassandra:5.0"}


@contextlib.contextmanager
def database_env(database: str) -> Iterator[dict[str, str]]:
    """The variables pointing a project at a database of `database` (none: no variables)."""
    image = SERVICE_IMAGES.get(database)
    if image is None:
        yield {}
        return
    binding = provide(ServiceRequest(name=database, image=image))
    try:
        yield binding.env
    finally:
        if binding.stop:
            binding.stop()


@contextlib.contextmanager
def migrated_store(database: str, project: Path) -> Iterator[dict[str, str]]:
    """database_env, with `make migrate` applied (the keyspace created, on astra)."""
    with database_env(database) as env:
        if env:
            env = {**env, "CASSANDRA_CREATE_KEYSPACE": "true"}
            make(project, "migrate", env=env)
        yield env
