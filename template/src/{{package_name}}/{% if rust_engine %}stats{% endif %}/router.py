"""HTTP routes of the stats domain: parse, call the service, return a schema."""

from fastapi import APIRouter

from .dependencies import StatsServiceDep
from .schemas import PercentilePublic, SummaryPublic, SummaryRequest

router = APIRouter(prefix="/stats", tags=["stats"])


# A plain `def`: FastAPI runs it in a worker thread, and the engine releases the GIL
# while it computes, so a large batch never blocks the event loop.
@router.post("/summary")
def summarize(batch: SummaryRequest, service: StatsServiceDep) -> SummaryPublic:
    """Count, mean, standard deviation, extremes and percentiles of a batch."""
    summary = service.summarize(batch.values, batch.percentiles)
    return SummaryPublic(
        count=summary.count,
        mean=summary.mean,
        stddev=summary.stddev,
        minimum=summary.minimum,
        maximum=summary.maximum,
        percentiles=[
            PercentilePublic(percentile=percentile, value=value)
            for percentile, value in zip(
                batch.percentiles, summary.percentiles, strict=True
            )
        ],
    )
