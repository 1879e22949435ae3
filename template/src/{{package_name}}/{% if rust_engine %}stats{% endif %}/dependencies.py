"""FastAPI dependencies of the stats domain."""

from typing import Annotated

from fastapi import Depends

from . import engine
from .service import StatsService


async def get_stats_service() -> StatsService:
    """A StatsService over the Rust engine."""
    return StatsService(engine.summarize)


StatsServiceDep = Annotated[StatsService, Depends(get_stats_service)]
