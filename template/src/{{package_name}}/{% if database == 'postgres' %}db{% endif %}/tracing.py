"""Client spans for every statement sent to PostgreSQL, once tracing is on."""


def trace_statements() -> None:
    """Record a span per asyncpg query, if the process records spans."""
    # Imported here, not at the top: observability imports the settings, which import
    # this package: importing the settings module first would be circular.
    from ..observability import current_tracer_provider

    provider = current_tracer_provider()
    if provider is None:
        return
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor

    # Patches the driver once per process; later calls change nothing.
    instrumentor = AsyncPGInstrumentor()  # type: ignore[no-untyped-call]
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(tracer_provider=provider)
