"""The engine call is a span of its own, under the request's."""

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import SpanKind

pytestmark = pytest.mark.integration


def test_the_engine_call_is_a_child_span_of_the_request(
    spans: InMemorySpanExporter, client: TestClient
) -> None:
    response = client.post(
        "/api/stats/summary", json={"values": [1, 2, 3], "percentiles": [50]}
    )

    assert response.status_code == 200
    finished = {span.name: span for span in spans.get_finished_spans()}
    server = finished["POST /api/stats/summary"]
    engine = finished["engine summarize"]
    assert server.kind == SpanKind.SERVER
    assert engine.parent is not None
    assert engine.parent.span_id == server.context.span_id
    assert engine.attributes == {"engine.values": 3}
