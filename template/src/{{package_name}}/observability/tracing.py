"""OpenTelemetry traces: recorded only once a span processor is set for the process.

Until then (OTEL_EXPORTER_OTLP_ENDPOINT unset) nothing here runs: the SDK is not
loaded, no exporter or background thread exists, and spans the code starts go to the
API's no-op tracer.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi.telemetry import TelemetryConfig
from opentelemetry import trace
from starlette.types import Scope

from .. import DISTRIBUTION, __version__, health
from ..settings import Settings
from .http_clients import trace_http_calls

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import SpanProcessor, TracerProvider

# OpenTelemetry's global provider can be set once per process: this is it, once set.
_provider: "TracerProvider | None" = None


def current_tracer_provider() -> "TracerProvider | None":
    """The process's tracer provider once tracing is on, else None."""
    return _provider


def enable_tracing(processor: "SpanProcessor", settings: Settings) -> "TracerProvider":
    """Record this process's spans and hand them to `processor`."""
    from opentelemetry.sdk.resources import (
        DEPLOYMENT_ENVIRONMENT,
        SERVICE_NAME,
        SERVICE_VERSION,
        OTELResourceDetector,
        Resource,
    )
    from opentelemetry.sdk.trace import TracerProvider

    global _provider
    if _provider is None:
        defaults = Resource.create(
            {
                SERVICE_NAME: DISTRIBUTION,
                SERVICE_VERSION: __version__,
                DEPLOYMENT_ENVIRONMENT: settings.environment,
            }
        )
        # OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win.
        resource = defaults.merge(OTELResourceDetector().detect())
        _provider = TracerProvider(resource=resource)
        trace.set_tracer_provider(_provider)
        trace_http_calls(_provider)
    _provider.add_span_processor(processor)
    return _provider


def export_to_otlp(endpoint: str, settings: Settings) -> None:
    """Send spans in batches to the OTLP/HTTP collector at `endpoint`, once."""
    if _provider is not None:
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
        OTLPSpanExporter,
    )
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    # The variable names the collector's base URL; traces have their own path.
    exporter = OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces")
    enable_tracing(BatchSpanProcessor(exporter), settings)


def untraced(settings: Settings) -> Callable[[Scope], bool]:
    """Whether a request is a liveness probe or a scrape, which get no span.

    Load balancers, orchestrators and Prometheus call these every few seconds per
    instance: their spans would drown the traces worth reading, and cost each of
    those calls more than the rest of its answer. Readiness is traced: it reaches
    the store, whose spans need their request's span as parent.
    """
    liveness = f"{settings.api_prefix}{health.router.prefix}"
    paths = {liveness}
    if settings.metrics_enabled:
        paths.add(settings.metrics_path)
    return lambda scope: scope["path"] in paths


def telemetry_config(settings: Settings) -> TelemetryConfig:
    """FastAPI's own request spans: named by route template, on with tracing only."""
    return {
        "tracer_provider": _provider,
        "tracing": _provider is not None,
        # Prometheus serves the metrics, and logs go to stdout (logging.py).
        "metrics": False,
        "logs": False,
        # One span per request, not one more per dependency and serialisation.
        "operation_spans": False,
        "exclude": untraced(settings),
    }
