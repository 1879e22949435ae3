"""Prometheus metrics: requests by route template, in-flight requests, the store's pool.

With PROMETHEUS_MULTIPROC_DIR set (several workers), every worker writes its figures
to files there and a scrape of any worker reads them all; the directory must be empty
when the service starts.
"""

import os
import platform
import time
from collections.abc import Iterator

from fastapi import FastAPI, Request, Response
from fastapi.routing import iter_route_contexts
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..settings import Settings

# Requests no route matched (404s, scanners) share one label: the raw paths would
# grow the series without bound.
UNMATCHED_ROUTE = "<unmatched>"


class HttpMetrics:
    """The request metrics, in a registry of their own (one per app)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        labels = ["method", "route", "status"]
        self.requests = Counter(
            "http_requests", "Requests answered.", labels, registry=registry
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "Time to answer a request.",
            labels,
            registry=registry,
        )
        self.in_flight = Gauge(
            "http_requests_in_flight",
            "Requests being answered.",
            ["method"],
            registry=registry,
            multiprocess_mode="livesum",
        )


class MetricsMiddleware:
    """Count and time every HTTP request (pure ASGI: no per-request task or copy)."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics, routes_of: FastAPI) -> None:
        self.app = app
        self.metrics = metrics
        self.routes_of = routes_of
        # Each route's full template (prefixes included), by the route's id.
        self.templates: dict[int, str] = {}
        # Each label set's series, found once: `labels()` takes a lock on every call.
        self.series: dict[tuple[str, str, str], tuple[Counter, Histogram]] = {}
        self.in_flight: dict[str, Gauge] = {}

    def template(self, scope: Scope) -> str:
        """The template of the route that answered, which the router left in scope."""
        route = scope.get("route")
        if route is None:
            return UNMATCHED_ROUTE
        if id(route) not in self.templates:
            # Routes can be added after start-up: look again when one is new.
            self.templates = {
                id(context.original_route): context.path_format or UNMATCHED_ROUTE
                for context in iter_route_contexts(self.routes_of.routes)
            }
        return self.templates.get(id(route), UNMATCHED_ROUTE)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        # An exception escaping the app becomes a 500 further out.
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        in_flight = self.in_flight.get(method)
        if in_flight is None:
            in_flight = self.in_flight[method] = self.metrics.in_flight.labels(method)
        in_flight.inc()
        start = time.perf_counter()
        try:
            await self.app(scope, receive, record_status)
        finally:
            elapsed = time.perf_counter() - start
            in_flight.dec()
            labels = (method, self.template(scope), str(status))
            series = self.series.get(labels)
            if series is None:
                series = self.series[labels] = (
                    self.metrics.requests.labels(*labels),
                    self.metrics.latency.labels(*labels),
                )
            series[0].inc()
            series[1].observe(elapsed)


class StoreCollector(Collector):
    """The store's connection figures, read from the app's database at each scrape."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def collect(self) -> Iterator[Metric]:
        # Set by the store's lifespan; absent before startup and after shutdown.
        database = getattr(self.app.state, "database", None)
        figures = database.pool_figures() if database is not None else {}
        if not figures:
            return
        connections = GaugeMetricFamily(
            "db_pool_connections",
            "Connections to the store, by state (this process).",
            labels=["state"],
        )
        for state, count in figures.items():
            connections.add_metric([state], count)
        yield connections


def instrument_app(app: FastAPI, settings: Settings) -> None:
    """Measure every request and serve the figures at `settings.metrics_path`."""
    registry = CollectorRegistry()
    app.add_middleware(MetricsMiddleware, metrics=HttpMetrics(registry), routes_of=app)
    build = Gauge(
        "service_build_info",
        "The running build: always 1, its version in the labels.",
        ["version", "python_version"],
        registry=registry,
        multiprocess_mode="max",
    )
    build.labels(__version__, platform.python_version()).set(1)
    store = StoreCollector(app)
    registry.register(store)

    async def metrics(request: Request) -> Response:
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
            # Every worker's figures from their files, and this worker's pool.
            scrape = CollectorRegistry()
            MultiProcessCollector(scrape)  # type: ignore[no-untyped-call]
            scrape.register(store)
            return Response(generate_latest(scrape), media_type=CONTENT_TYPE_LATEST)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    app.add_route(settings.metrics_path, metrics, include_in_schema=False)
