"""Traces, metrics and error tracking, each switched on by its settings."""

from .setup import instrument, start_observability
from .tracing import current_tracer_provider, enable_tracing

__all__ = [
    "current_tracer_provider",
    "enable_tracing",
    "instrument",
    "start_observability",
]
