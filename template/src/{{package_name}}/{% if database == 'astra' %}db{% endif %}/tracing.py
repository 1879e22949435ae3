"""Client spans for every Cassandra request, once tracing is on."""


def trace_requests() -> None:
    """Record a span per request the driver sends, if the process records spans."""
    # Imported here, not at the top: observability imports the settings, which import
    # this package: importing the settings module first would be circular.
    from ..observability import current_tracer_provider

    provider = current_tracer_provider()
    if provider is None:
        return
    from opentelemetry.instrumentation.cassandra import CassandraInstrumentor

    # Patches the driver once per process; later calls change nothing.
    instrumentor = CassandraInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(tracer_provider=provider, include_db_statement=True)
