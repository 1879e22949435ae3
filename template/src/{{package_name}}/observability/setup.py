"""What `create_app` calls: only what the settings turn on is loaded and started."""

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig

from ..settings import Settings
from . import metrics, tracing
from .request_ids import RequestIdMiddleware


def start_observability(settings: Settings) -> TelemetryConfig:
    """Start error tracking and trace export as `settings` ask; FastAPI's telemetry."""
    if settings.sentry_dsn is not None:
        # Imported here: a service without a DSN never loads the Sentry SDK.
        from .sentry import start_sentry

        start_sentry(settings)
    if settings.otel_exporter_otlp_endpoint is not None:
        tracing.export_to_otlp(settings.otel_exporter_otlp_endpoint, settings)
    return tracing.telemetry_config(settings)


def instrument(app: FastAPI, settings: Settings) -> None:
    """Give requests an id, measure them and serve the metrics (unless turned off)."""
    app.add_middleware(RequestIdMiddleware, header_name="X-Request-ID")
    # Added last, so outermost: the time and status include every other middleware.
    if settings.metrics_enabled:
        metrics.instrument_app(app, settings)
