"""Job `services:` backed by local servers instead of containers.

A provider is registered under the image name without tag (`postgres`, `cassandra`). It receives
the job's service definition, starts or reuses a local server, and returns a `ServiceBinding`:
env overrides for the job, plus which local port answers for each port the job expects on
localhost. When the ports differ the runner forwards `localhost:<job port>` to the real server
for the job's duration, so the workflow runs unchanged.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import re
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from .combos import ROOT
from .errors import ServiceError


@dataclass(frozen=True)
class ServiceRequest:
    """One entry of a job's `services:`, with expressions already evaluated."""

    name: str
    image: str
    env: dict[str, str] = field(default_factory=dict)
    ports: list[str] = field(default_factory=list)
    options: str = ""

    def job_ports(self) -> list[int]:
        """The localhost ports the job expects ("5432:5432" or "5432" → 5432)."""
        return [int(str(port).split(":")[0]) for port in self.ports]


@dataclass
class ServiceBinding:
    """How the job reaches a provided service."""

    env: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"
    # job-visible localhost port → port on `host` that really serves it
    ports: dict[int, int] = field(default_factory=dict)
    stop: Callable[[], None] | None = None
    # What serves the job instead of the image, for progress lines and the final table.
    description: str = ""


Provider = Callable[[ServiceRequest], ServiceBinding]

# image name without tag → provider (registered at the end of this module).
PROVIDERS: dict[str, Provider] = {}

_scripts_lock = threading.Lock()
_scripts: Path | None = None


def image_name(image: str) -> str:
    """The provider key: `docker.io/library/postgres:16` → `postgres`; other registries stay."""
    name = image.strip().split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    if ":" in last:  # a tag, not a registry port, which sits before a slash
        name = name[: len(name) - len(last)] + last.split(":", 1)[0]
    return name.removeprefix("docker.io/").removeprefix("library/")


def template_scripts() -> Path:
    """template/scripts/ under the names a rendered project gives them, copied once per run.

    An option's scripts are chosen by name (`{% if database == 'astra' %}x.py{% endif %}`) and
    import their siblings by the rendered name (`x`), so they run from such a copy, never in place.
    """
    global _scripts
    with _scripts_lock:
        if _scripts is None:
            _scripts = Path(tempfile.mkdtemp(prefix="matrix-scripts-"))
            atexit.register(shutil.rmtree, _scripts, ignore_errors=True)
            for source in sorted((ROOT / "template" / "scripts").iterdir()):
                if source.is_file():
                    shutil.copy2(source, _scripts / re.sub(r"\{%.*?%\}", "", source.name))
        return _scripts


def load_template_script(name: str) -> ModuleType:
    """A script rendered projects ship (scripts/`name`.py), imported from the template."""
    path = template_scripts() / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ServiceError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module while building
    spec.loader.exec_module(module)
    return module


def provide(request: ServiceRequest) -> ServiceBinding:
    """Start or reuse the local server for `request` through its registered provider."""
    provider = PROVIDERS.get(image_name(request.image))
    if provider is None:
        raise ServiceError(
            f"service image {request.image} is not supported by the local runner "
            f"(providers: {', '.join(PROVIDERS) or 'none'}; see tests/matrix/services.py)"
        )
    return provider(request)


class Forwarder:
    """Forwards TCP from `127.0.0.1:<listen>` to `host:port` until closed."""

    def __init__(self, listen: int, host: str, port: int) -> None:
        self.target = (host, port)
        try:
            self.server = socket.create_server(("127.0.0.1", listen))
        except OSError as error:
            raise ServiceError(
                f"cannot listen on localhost:{listen} for a service: {error}"
            ) from error
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(source, sink), daemon=True).start()

    def close(self) -> None:
        """Stop accepting; open connections end with their peers."""
        # shutdown() wakes the thread blocked in accept(); close() alone leaves the
        # port listening until that thread returns.
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    """Copy bytes one way until either side closes."""
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


# Providers import this module's types, so they are registered once it is complete.
from .cassandra import provide_cassandra  # noqa: E402
from .postgres import provide_postgres  # noqa: E402

PROVIDERS["postgres"] = provide_postgres
PROVIDERS["cassandra"] = provide_cassandra
