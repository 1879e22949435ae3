"""The OpenAPI document tells the truth about errors: every one is a problem+json."""

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI

from .errors import PROBLEM_JSON, Problem

PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}
# Any operation may meet a bug (500) or a dependency it needs being down (503).
EVERY_OPERATION = (HTTPStatus.INTERNAL_SERVER_ERROR, HTTPStatus.SERVICE_UNAVAILABLE)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route that answers these statuses with a problem."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {
                PROBLEM_JSON: {"schema": PROBLEM_SCHEMA},
            },
        }
        for status in statuses
    }


def document_problems(app: FastAPI) -> None:
    """Declare the Problem schema, and the problems every operation may answer.

    FastAPI documents its 422 as `application/json` with its own error shape; this
    service answers every error, 422 included, with a Problem.
    """
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.update(problem.pop("$defs", {}))
        schemas["Problem"] = problem
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        always = problem_responses(*EVERY_OPERATION)
        invalid = problem_responses(HTTPStatus.UNPROCESSABLE_ENTITY)
        # A body that is not JSON at all is a 400, JSON of the wrong shape a 422, and
        # one over the size limit (security.py) a 413.
        with_body = problem_responses(
            HTTPStatus.BAD_REQUEST, HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        )
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                if "422" in responses:
                    responses["422"] = invalid[HTTPStatus.UNPROCESSABLE_ENTITY]
                if "requestBody" in operation:
                    for status, response in with_body.items():
                        responses.setdefault(str(status), response)
                for status, response in always.items():
                    responses.setdefault(str(status), response)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
