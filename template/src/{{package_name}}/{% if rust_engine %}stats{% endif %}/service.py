"""Business rules for statistics; knows nothing of HTTP."""

from collections.abc import Sequence

from opentelemetry import trace

from .engine import Summarizer, Summary
from .exceptions import UnsummarisableBatchError

# The engine call's own span: how much of a request's time the Rust code takes.
tracer = trace.get_tracer(__name__)


class StatsService:
    """Summarise batches with the Rust engine (or, in tests, the reference)."""

    def __init__(self, summarize: Summarizer) -> None:
        self._summarize = summarize

    def summarize(
        self, values: Sequence[float], percentiles: Sequence[float]
    ) -> Summary:
        """Summarise a batch, or raise UnsummarisableBatchError saying why not."""
        try:
            with tracer.start_as_current_span(
                "engine summarize", attributes={"engine.values": len(values)}
            ):
                return self._summarize(values, percentiles)
        except ValueError as error:
            raise UnsummarisableBatchError(
                f"The batch cannot be summarised: {error}."
            ) from error
