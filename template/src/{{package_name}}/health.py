"""Liveness and readiness endpoints."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from . import __version__
from .errors import ServiceUnavailableError
from .settings import Environment, Settings

ReadinessCheck = Callable[[], Awaitable[None]]
"""Raises when the dependency it checks cannot serve requests."""

router = APIRouter(prefix="/health", tags=["health"])


class Health(BaseModel):
    """The process is up."""

    status: Literal["ok"] = "ok"
    version: str
    environment: Environment


class Readiness(BaseModel):
    """Every dependency answered."""

    status: Literal["ready"] = "ready"
    checks: dict[str, Literal["ok"]]


# Dependencies are `async def` although they never await: FastAPI runs a plain `def`
# in a worker thread, a hand-off that costs more than the whole endpoint.
async def get_app_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


async def get_readiness_checks(request: Request) -> dict[str, ReadinessCheck]:
    """The checks registered by the app's lifespan, by name."""
    checks: dict[str, ReadinessCheck] = request.app.state.readiness_checks
    return checks


@router.get("")
async def liveness(
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Health:
    """Answer as long as the process serves HTTP; never checks dependencies."""
    return Health(version=__version__, environment=settings.environment)


@router.get("/ready")
async def readiness(
    checks: Annotated[dict[str, ReadinessCheck], Depends(get_readiness_checks)],
) -> Readiness:
    """Answer 200 only while every dependency is reachable, 503 naming it otherwise."""
    for name, check in checks.items():
        try:
            await check()
        except Exception as exc:
            raise ServiceUnavailableError(f"{name} is unavailable: {exc}") from exc
    return Readiness(checks=dict.fromkeys(checks, "ok"))
