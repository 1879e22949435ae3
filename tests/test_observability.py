"""A served project's metrics and traces reach a real Prometheus and a real Jaeger.

One project per store: `make run` with OTEL_EXPORTER_OTLP_ENDPOINT pointing at Jaeger
all-in-one, Prometheus (Debian's package) scraping its /metrics; both are asked, through
their HTTP APIs, for what the requests the test made left there.
"""

import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.helpers import (
    SERVICE_IMAGES,
    ProjectFactory,
    free_port,
    make,
    make_run,
    migrated_store,
    tool,
)

WAIT_SECONDS = 60
ITEM_ROUTE = "/api/items/{item_id}"
Found = TypeVar("Found")


def get_json(url: str, body: dict[str, str] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"content-type": "application/json"} if body is not None else {}
    with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=5) as reply:
        return json.loads(reply.read())


def eventually(probe: Callable[[], Found | None], what: str) -> Found:
    """The first truthy answer of `probe` within WAIT_SECONDS; fail naming `what`."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with contextlib.suppress(urllib.error.URLError, ConnectionError, KeyError):
            if found := probe():
                return found
        assert time.monotonic() < deadline, f"no {what} within {WAIT_SECONDS}s"
        time.sleep(0.5)


@contextlib.contextmanager
def background(command: list[str], cwd: Path, env: dict[str, str]) -> Iterator[None]:
    """Run `command` (and its children) until the block ends."""
    log = (cwd / f"{Path(command[0]).name}.log").open("wb")
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=log, stderr=log, start_new_session=True
    )
    try:
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


@dataclass(frozen=True)
class Jaeger:
    otlp_http: str
    query: str


@pytest.fixture(scope="module")
def jaeger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Jaeger]:
    """Jaeger all-in-one on loopback ports, spans kept in memory."""
    names = ("otlp", "grpc", "query", "query-grpc", "admin", "http", "collector-grpc")
    ports = {name: free_port() for name in names}
    command = [
        tool("jaeger-all-in-one"),
        f"--collector.otlp.http.host-port=127.0.0.1:{ports['otlp']}",
        f"--collector.otlp.grpc.host-port=127.0.0.1:{ports['grpc']}",
        f"--collector.http-server.host-port=127.0.0.1:{ports['http']}",
        f"--collector.grpc-server.host-port=127.0.0.1:{ports['collector-grpc']}",
        f"--query.http-server.host-port=127.0.0.1:{ports['query']}",
        f"--query.grpc-server.host-port=127.0.0.1:{ports['query-grpc']}",
        f"--admin.http.host-port=127.0.0.1:{ports['admin']}",
    ]
    directory = tmp_path_factory.mktemp("jaeger")
    # Jaeger traces itself by default, to an OTLP port of the machine's: not here.
    with background(command, directory, {**os.environ, "OTEL_TRACES_EXPORTER": "none"}):
        query = f"http://127.0.0.1:{ports['query']}"
        eventually(lambda: get_json(f"{query}/api/services") is not None, "Jaeger")
        yield Jaeger(f"http://127.0.0.1:{ports['otlp']}", query)


@contextlib.contextmanager
def prometheus(target: str, directory: Path) -> Iterator[str]:
    """Prometheus scraping `target` every second; yields its base URL."""
    config = directory / "prometheus.yml"
    config.write_text(
        "global:\n  scrape_interval: 1s\n"
        "scrape_configs:\n  - job_name: service\n    static_configs:\n"
        f"      - targets: ['{target}']\n"
    )
    port = free_port()
    command = [
        tool("prometheus"),
        f"--config.file={config}",
        f"--storage.tsdb.path={directory / 'data'}",
        f"--web.listen-address=127.0.0.1:{port}",
    ]
    with background(command, directory, dict(os.environ)):
        yield f"http://127.0.0.1:{port}"


def trace_with_store_span(jaeger: Jaeger, service: str, database: str) -> dict[str, Any] | None:
    """The trace of GET /api/items/{item_id}, once it holds the store's span."""
    query = urllib.parse.urlencode({"service": service, "operation": f"GET {ITEM_ROUTE}"})
    for trace in get_json(f"{jaeger.query}/api/traces?{query}")["data"]:
        tags = [{tag["key"]: tag["value"] for tag in span["tags"]} for span in trace["spans"]]
        if database not in SERVICE_IMAGES or any(
            "db.system" in each or "db.system.name" in each for each in tags
        ):
            return dict(trace)
    return None


@pytest.mark.parametrize("database", ["postgres", "astra", "none"])
def test_prometheus_and_jaeger_receive_the_services_metrics_and_traces(
    own_project: ProjectFactory, tmp_path: Path, jaeger: Jaeger, database: str
) -> None:
    project = own_project(database=database)
    make(project, "install")
    service = f"acme-orders-{database}"
    with (
        migrated_store(database, project) as store,
        make_run(
            project,
            {
                **store,
                "OTEL_EXPORTER_OTLP_ENDPOINT": jaeger.otlp_http,
                "OTEL_SERVICE_NAME": service,
                # Export within 0.1 s of each span's end rather than every 5 s.
                "OTEL_BSP_SCHEDULE_DELAY": "100",
            },
        ) as base,
    ):
        item = get_json(f"{base}/items", {"name": "widget"})
        get_json(f"{base}/items/{item['id']}")

        target = urllib.parse.urlsplit(base).netloc
        with prometheus(target, tmp_path) as prom:
            query = urllib.parse.urlencode(
                {"query": f'http_requests_total{{route="{ITEM_ROUTE}",status="200"}}'}
            )
            result = eventually(
                lambda: get_json(f"{prom}/api/v1/query?{query}")["data"]["result"],
                "request counter in Prometheus",
            )
        trace = eventually(
            lambda: trace_with_store_span(jaeger, service, database), "trace in Jaeger"
        )

    assert result[0]["metric"]["method"] == "GET"
    assert result[0]["value"][1] == "1"
    names = {span["operationName"] for span in trace["spans"]}
    assert f"GET {ITEM_ROUTE}" in names
