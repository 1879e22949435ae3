import math

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.integration

PROBLEM_JSON = "application/problem+json"
URL = "/api/stats/summary"


def test_summarises_a_batch(client: TestClient) -> None:
    response = client.post(
        URL, json={"values": [4, 1, 3, 2], "percentiles": [0, 50, 100]}
    )

    assert response.status_code == 200, response.text
    assert response.json() == {
        "count": 4,
        "mean": 2.5,
        "stddev": math.sqrt(1.25),
        "minimum": 1.0,
        "maximum": 4.0,
        "percentiles": [
            {"percentile": 0.0, "value": 1.0},
            {"percentile": 50.0, "value": 2.5},
            {"percentile": 100.0, "value": 4.0},
        ],
    }


def test_reports_the_default_percentiles(client: TestClient) -> None:
    values = list(range(1, 101))

    body = client.post(URL, json={"values": values}).json()

    assert [entry["percentile"] for entry in body["percentiles"]] == [50, 90, 95, 99]
    assert body["percentiles"][0]["value"] == 50.5


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"values": []},
        {"values": [1, "x"]},
        {"values": [1], "percentiles": [101]},
        {"values": [1], "extra": True},
    ],
)
def test_invalid_batches_are_422_problems(
    client: TestClient, body: dict[str, object]
) -> None:
    response = client.post(URL, json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["errors"]


def test_nan_is_a_422_problem(client: TestClient) -> None:
    # Not JSON, but Python's parser accepts it.
    response = client.post(
        URL,
        content=b'{"values": [1.0, NaN]}',
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON


def test_values_beyond_the_documented_magnitude_are_a_422_problem(
    client: TestClient,
) -> None:
    # Such values would overflow the summary: the schema refuses them up front.
    response = client.post(URL, json={"values": [1e308, 1e308]})

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    assert [error["loc"] for error in response.json()["errors"]] == [
        ["body", "values", 0],
        ["body", "values", 1],
    ]


# The client is built once per test, not per example: requests share no state. No
# deadline: an HTTP round trip's time depends on the machine, not on the code.
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=50),
    st.lists(st.floats(min_value=-10, max_value=110), max_size=4),
)
def test_any_batch_gets_a_summary_or_a_problem_never_a_500(
    client: TestClient, values: list[float], percentiles: list[float]
) -> None:
    response = client.post(URL, json={"values": values, "percentiles": percentiles})

    if response.status_code == 200:
        assert response.json()["count"] == len(values)
    else:
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM_JSON
