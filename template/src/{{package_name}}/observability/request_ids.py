"""Request ids (X-Request-ID): taken or made per request, echoed, in every log line.

The id lives in asgi-correlation-id's context variable, which its log filter
(logging.py), the problem responses and Sentry read. The middleware is our own: the
library's wraps the request and response headers in mutable copies on every request,
a cost that showed in the health check's benchmark.
"""

import logging
from secrets import token_hex
from uuid import UUID

from asgi_correlation_id import correlation_id
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"x-request-id"
logger = logging.getLogger(__name__)


def is_valid(request_id: str) -> bool:
    """Whether a client's id is a UUID (nginx's $request_id and trace ids are too)."""
    try:
        UUID(request_id)
    except ValueError:
        return False
    return True


class RequestIdMiddleware:
    """Take the client's X-Request-ID or make one; keep it for the request; echo it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = ""
        for name, value in scope["headers"]:
            if name == HEADER:
                given = value.decode("latin-1")
                break
        # A made id is 128 random bits in 32 hex digits, the form of uuid4().hex,
        # without building a UUID object on every request.
        request_id = given if given and is_valid(given) else token_hex(16)
        if given and request_id != given:
            # Logged so a caller's broken ids can be found; the request still goes on.
            logger.warning(
                "Generated request id %s: %r is not valid", request_id, given
            )
        correlation_id.set(request_id)
        echoed = (HEADER, request_id.encode("latin-1"))

        async def echo(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), echoed]
            await send(message)

        await self.app(scope, receive, echo)
