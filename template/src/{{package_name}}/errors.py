"""The error tree, and the one place that maps errors to problem+json responses.

Every error response follows RFC 9457 (`application/problem+json`), so clients parse
one shape whatever went wrong.
"""

import logging
from http import HTTPStatus
from typing import Any

from asgi_correlation_id import correlation_id
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pydantic.json_schema import SkipJsonSchema
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

PROBLEM_JSON = "application/problem+json"
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# Sent with every 503: how long a client should wait before it retries.
RETRY_AFTER_SECONDS = 5

logger = logging.getLogger(__name__)


class FieldError(BaseModel):
    """One invalid part of a request: where it is, and what is wrong with it."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """The body of every error response (RFC 9457 `application/problem+json`)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    request_id: str | None
    # Only on 422: each invalid field.
    errors: list[FieldError] | SkipJsonSchema[None] = None


class AppError(Exception):
    """Base of every error the service raises on purpose."""

    status_code: int = HTTPStatus.INTERNAL_SERVER_ERROR

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(AppError):
    """The requested resource does not exist."""

    status_code = HTTPStatus.NOT_FOUND


class ConflictError(AppError):
    """The request conflicts with the current state (e.g. a duplicate name)."""

    status_code = HTTPStatus.CONFLICT


class ServiceUnavailableError(AppError):
    """A dependency the request needs is unavailable; retrying later may work."""

    status_code = HTTPStatus.SERVICE_UNAVAILABLE


class InvalidCursorError(AppError):
    """A paging cursor this service did not issue, or one it cannot read."""

    status_code = HTTPStatus.UNPROCESSABLE_ENTITY

    def __init__(self) -> None:
        super().__init__("The cursor is invalid: pass a page's next_cursor unchanged.")


class MigrationError(Exception):
    """The store's schema could not be migrated; the message says what to do."""


def problem(
    request: Request, status_code: int, detail: str, **extra: Any
) -> JSONResponse:
    """Build an RFC 9457 problem response for this request."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "instance": request.url.path,
        "request_id": correlation_id.get(),
        **extra,
    }
    response = JSONResponse(body, status_code=status_code, media_type=PROBLEM_JSON)
    if status_code == HTTPStatus.SERVICE_UNAVAILABLE:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return problem(request, exc.status_code, exc.detail)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Keep only the JSON-safe parts: `ctx` may hold exception objects.
    errors = [
        {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    return problem(
        request,
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "The request is invalid.",
        errors=errors,
    )


def allowed_methods(request: Request) -> str:
    """The methods some route of the app serves at the requested path."""
    methods = []
    for method in HTTP_METHODS:
        scope = {**request.scope, "method": method}
        routes = request.app.router.routes
        if any(route.matches(scope)[0] == Match.FULL for route in routes):
            methods.append(method)
    return ", ".join(methods)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    response = problem(request, exc.status_code, str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        # FastAPI has a route per method, and would list only the first one's.
        response.headers["Allow"] = allowed_methods(request)
    return response


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    # An outage, not a bug: 503 tells clients to retry later. Some say nothing but their
    # class (a bare TimeoutError), which then names the cause.
    logger.warning("database unavailable: %s", str(exc) or type(exc).__name__)
    return problem(
        request, HTTPStatus.SERVICE_UNAVAILABLE, "The database is unavailable."
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # Not logged here: Starlette re-raises the error after this answer, and the server
    # logs it once, with its traceback and the request id.
    return problem(
        request, HTTPStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred."
    )


def register_error_handlers(
    app: FastAPI, outages: tuple[type[Exception], ...] = ()
) -> None:
    """Answer every error with problem+json; `outages` (the store's) with a 503."""
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for outage in outages:
        app.add_exception_handler(outage, _database_unavailable)
    app.add_exception_handler(Exception, _unexpected_error)
