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
        # What the integrations collect: no user identity (IP address), cookies,
        # request bodies or stack-frame variables (they hold what users sent);
        # headers and query parameters pass the SDK's denylist of secret-looking
        # keys. A team widens this on purpose, field by field.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "stack_frame_variables": False,
        },
        before_send=_attach_request_id,
    )
