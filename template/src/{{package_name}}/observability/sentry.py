"""Sentry error tracking; imported only when SENTRY_DSN is set."""

import sentry_sdk
from asgi_correlation_id import correlation_id
from sentry_sdk.types import Event, Hint

from .. import DISTRIBUTION, __version__
from ..settings import Settings


def _attach_request_id(event: Event, hint: Hint) -> Event:
    """Tag the event with the request id the client and the logs also see."""
    if request_id := correlation_id.get():
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def start_sentry(settings: Settings) -> None:
    """Report unhandled errors to the project of `settings.sentry_dsn`."""
    assert settings.sentry_dsn is not None
    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        environment=settings.environment,
        release=f"{DISTRIBUTION}@{__version__}",
        # No IP addresses, cookies, headers or bodies unless a team decides otherwise.
        send_default_pii=False,
        before_send=_attach_request_id,
    )
