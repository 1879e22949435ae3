"""The stats API's request and response bodies."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

# A request's size is bounded: the batch is summarised in memory, in one go.
MAX_VALUES = 100_000
MAX_PERCENTILES = 20
DEFAULT_PERCENTILES = (50.0, 90.0, 95.0, 99.0)

# The largest magnitude the API accepts: the squares of MAX_VALUES such values still sum
# within a 64-bit float, so every batch the schema accepts can be summarised.
MAX_MAGNITUDE = 1e150

# JSON has no NaN or infinity, but Python's parser accepts them: refuse them here.
# Strict: a number is a number; lax parsing would read `false` as 0.
Value = Annotated[
    float,
    Field(allow_inf_nan=False, strict=True, ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE),
]
Percentile = Annotated[float, Field(ge=0, le=100, strict=True)]


class SummaryRequest(BaseModel):
    """A batch of numbers to summarise, and the percentiles wanted."""

    model_config = ConfigDict(extra="forbid")

    values: list[Value] = Field(min_length=1, max_length=MAX_VALUES)
    percentiles: list[Percentile] = Field(
        default=list(DEFAULT_PERCENTILES), max_length=MAX_PERCENTILES
    )


class PercentilePublic(BaseModel):
    """The value at one percentile of the batch."""

    percentile: float
    value: float


class SummaryPublic(BaseModel):
    """Summary statistics of a batch."""

    count: int
    mean: float
    stddev: float = Field(description="The population standard deviation.")
    minimum: float
    maximum: float
    percentiles: list[PercentilePublic]
