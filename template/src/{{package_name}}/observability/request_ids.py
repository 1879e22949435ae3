"""Request ids (X-Request-ID): taken or made per request, echoed, in every log line."""

from dataclasses import dataclass

from asgi_correlation_id import CorrelationIdMiddleware


def _leave_sentry_alone(request_id: str) -> None:
    """Sentry, when on, reads the request id itself (sentry.py)."""


@dataclass
class RequestIdMiddleware(CorrelationIdMiddleware):
    """asgi-correlation-id's middleware, without its own Sentry extension.

    That extension imports Sentry whenever it is installed and tags its scope on every
    request; here a service without SENTRY_DSN never loads Sentry at all.
    """

    def __post_init__(self) -> None:
        self.sentry_extension = _leave_sentry_alone
