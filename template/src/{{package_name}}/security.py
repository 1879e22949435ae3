"""Protective defaults: CORS allow-list, security headers, a request body limit."""

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .settings import Settings

# For an API: no sniffing, no framing, no referrer leaks; HSTS once served over HTTPS.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"strict-transport-security", b"max-age=63072000; includeSubDomains"),
]


class SecurityHeadersMiddleware:
    """Add SECURITY_HEADERS to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, add_headers)


class BodySizeLimitMiddleware:
    """Refuse bodies over `limit` bytes with a 413 problem, reading no further.

    FastAPI's own `max_body_size` answers in plain text; raised from `receive`, the
    error reaches the app's handlers and is answered as problem+json like the rest.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared: bytes | None = None
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value
            elif name == b"transfer-encoding":
                chunked = True
        length = int(declared) if declared is not None and declared.isdigit() else None
        if not chunked and (
            declared is None or (length is not None and length <= self.limit)
        ):
            # No body, or one declared within the limit: the server reads no more than
            # the declared length, so there is nothing to count (most requests). A
            # malformed length is counted like a chunked body.
            await self.app(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            # A declared length over the limit is refused before any of it is read.
            if length is not None and length > self.limit:
                raise self.too_large()
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise self.too_large()
            return message

        await self.app(scope, limited_receive, send)

    def too_large(self) -> HTTPException:
        """The error the app's handlers answer as a 413 problem."""
        return HTTPException(413, f"The request body exceeds {self.limit} bytes.")


def protect(app: FastAPI, settings: Settings) -> None:
    """Install the protective middleware `settings` configure."""
    app.add_middleware(BodySizeLimitMiddleware, limit=settings.max_request_body_bytes)
    if settings.cors_allow_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_allow_origins,
            allow_credentials=settings.cors_allow_credentials,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Request-ID"],
        )
    app.add_middleware(SecurityHeadersMiddleware)
