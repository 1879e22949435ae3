"""The items API's request and response bodies."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
Description = Annotated[str, Field(max_length=2000)]


class ItemCreate(BaseModel):
    """What a client sends to create an item."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description | None = None


class ItemUpdate(BaseModel):
    """A partial update: only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description | None = None

    @field_validator("name")
    @classmethod
    def name_is_not_null(cls, name: str | None) -> str:
        """A name may be changed, never removed."""
        if name is None:
            raise ValueError("name cannot be null")
        return name


class ItemPublic(BaseModel):
    """An item as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime


class ItemPage(BaseModel):
    """One page of items, newest first; `next_cursor` asks for the next page."""

    items: list[ItemPublic]
    limit: int
    # Opaque: pass it back unchanged as `cursor`. None on the last page.
    next_cursor: str | None
