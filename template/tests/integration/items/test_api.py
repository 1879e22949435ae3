from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration

PROBLEM_JSON = "application/problem+json"


def create(client: TestClient, name: str, **fields: str) -> dict[str, str]:
    response = client.post("/api/items", json={"name": name, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


def test_crud_round_trip(client: TestClient) -> None:
    item = create(client, "widget", description="blue")

    assert client.get(f"/api/items/{item['id']}").json()["name"] == "widget"

    patched = client.patch(f"/api/items/{item['id']}", json={"name": "gadget"})
    assert patched.status_code == 200
    assert patched.json()["description"] == "blue"

    assert client.delete(f"/api/items/{item['id']}").status_code == 204
    assert client.get(f"/api/items/{item['id']}").status_code == 404


def test_list_pages_newest_first(client: TestClient) -> None:
    for name in ("first", "second", "third"):
        create(client, name)

    page = client.get("/api/items", params={"limit": 2, "offset": 0}).json()

    assert page["total"] == 3
    assert [item["name"] for item in page["items"]] == ["third", "second"]


@pytest.mark.parametrize(
    "body",
    [{}, {"name": ""}, {"name": 42}, {"name": "x", "extra": 1}, {"name": "x" * 201}],
)
def test_invalid_bodies_are_422_problems(
    client: TestClient, body: dict[str, object]
) -> None:
    response = client.post("/api/items", json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["errors"]


def test_malformed_json_is_a_422_problem(client: TestClient) -> None:
    response = client.post(
        "/api/items",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}])
def test_invalid_paging_is_a_422_problem(
    client: TestClient, params: dict[str, int]
) -> None:
    assert client.get("/api/items", params=params).status_code == 422


def test_bad_id_is_a_422_problem(client: TestClient) -> None:
    assert client.get("/api/items/not-a-uuid").status_code == 422


def test_missing_item_is_a_404_problem(client: TestClient) -> None:
    response = client.get(f"/api/items/{uuid4()}")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON
    assert "does not exist" in response.json()["detail"]


def test_duplicate_name_is_a_409_problem(client: TestClient) -> None:
    create(client, "widget")

    response = client.post("/api/items", json={"name": "widget"})

    assert response.status_code == 409
    assert response.headers["content-type"] == PROBLEM_JSON
