"""Client spans for every SQL statement, once tracing is on."""

from sqlalchemy.ext.asyncio import AsyncEngine

from ..observability import current_tracer_provider


def trace_engine(engine: AsyncEngine) -> None:
    """Record a span per statement on `engine`, if the process records spans."""
    provider = current_tracer_provider()
    if provider is None:
        return
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    SQLAlchemyInstrumentor().instrument(
        engine=engine.sync_engine, tracer_provider=provider
    )
