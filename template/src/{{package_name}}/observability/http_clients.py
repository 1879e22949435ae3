"""Client spans for outgoing HTTP calls (httpx2, and httpx where installed)."""

import os
from importlib.util import find_spec
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider


def trace_http_calls(provider: "TracerProvider") -> None:
    """Record a span per request httpx2 or httpx sends, and pass the trace on to it."""
    # FastAPI's server spans carry the stable HTTP attribute names; without this the
    # client spans would carry the old ones (http.method, http.url). A value the
    # operator set (e.g. `http/dup`: both) is kept.
    os.environ.setdefault("OTEL_SEMCONV_STABILITY_OPT_IN", "http")
    from opentelemetry.instrumentation.httpx import (
        HTTPX2ClientInstrumentor,
        HTTPXClientInstrumentor,
    )

    # httpx2 is a dependency; httpx comes with some SDKs and is patched only then.
    for module, instrumentor in (
        ("httpx2", HTTPX2ClientInstrumentor()),
        ("httpx", HTTPXClientInstrumentor()),
    ):
        # Patches the module's transports once per process: every client, made
        # before or after, sends the `traceparent` header and records a span.
        installed = find_spec(module) is not None
        if installed and not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument(tracer_provider=provider)
