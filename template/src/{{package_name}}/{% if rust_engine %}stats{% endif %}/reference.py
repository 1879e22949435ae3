"""The pure-Python reference of the engine's statistics (engine/src/stats.rs).

The same arithmetic in the same order (it sorts where the engine selects ranks, which
picks the same values). The service runs the engine; the tests check this agrees with
it on any input, and `make bench` measures both. Change the two together.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReferenceSummary:
    """Summary statistics of a batch, as the reference computes them."""

    count: int
    mean: float
    # The population standard deviation.
    stddev: float
    minimum: float
    maximum: float
    # The value at each requested percentile, in the order requested.
    percentiles: tuple[float, ...]


def summarize(
    values: Sequence[float], percentiles: Sequence[float]
) -> ReferenceSummary:
    """Summarise `values` as the engine does, raising ValueError where it does."""
    if not values:
        raise ValueError("there are no values")
    for index, value in enumerate(values):
        if not math.isfinite(value):
            raise ValueError(f"values[{index}] is not a finite number")
    for percentile in percentiles:
        if not 0 <= percentile <= 100:
            raise ValueError(f"percentile {percentile} is not between 0 and 100")
    count = len(values)
    # Plain loops, in the engine's order: sum() compensates rounding errors since
    # Python 3.12, which the engine does not.
    total = 0.0
    for value in values:
        total += value
    mean = total / count
    squares = 0.0
    for value in values:
        deviation = value - mean
        squares += deviation * deviation
    variance = squares / count
    if not (math.isfinite(mean) and math.isfinite(variance)):
        raise ValueError("the values are too large (their sum or spread overflows)")
    ordered = sorted(values)
    return ReferenceSummary(
        count=count,
        mean=mean,
        stddev=math.sqrt(variance),
        minimum=ordered[0],
        maximum=ordered[-1],
        percentiles=tuple(_percentile(ordered, p) for p in percentiles),
    )


def _percentile(ordered: Sequence[float], percentile: float) -> float:
    """Linear interpolation between the two closest ranks of a sorted batch."""
    rank = percentile / 100 * (len(ordered) - 1)
    lower = math.floor(rank)
    below, above = ordered[lower], ordered[math.ceil(rank)]
    return below + (above - below) * (rank - lower)
