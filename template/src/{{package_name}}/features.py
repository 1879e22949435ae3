"""Feature flags: routes of unfinished work, merged but answering 404 until switched on.

A flag is a field of `FeatureFlags` (settings.py), set per environment with
FEATURES__<NAME>=true, so staging can try what production does not serve yet.
"""

from typing import Any

from fastapi import Depends, Request

from .errors import NotFoundError
from .settings import FeatureFlags, Settings


class FeatureDisabledError(NotFoundError):
    """The route belongs to a feature that is switched off here."""

    def __init__(self) -> None:
        super().__init__("This feature is not enabled.")


def require_feature(flag: str) -> Any:
    """A route dependency answering 404 unless `flag` is on in the app's settings."""
    if flag not in FeatureFlags.model_fields:
        raise ValueError(f"unknown feature flag {flag!r}: declare it in FeatureFlags")

    async def check(request: Request) -> None:
        settings: Settings = request.app.state.settings
        if not getattr(settings.features, flag):
            raise FeatureDisabledError

    return Depends(check)
