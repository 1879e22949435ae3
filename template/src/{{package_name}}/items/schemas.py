"""The items API's request and response bodies."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator
from pydantic.json_schema import SkipJsonSchema

# Surrounding whitespace is rejected, not stripped, so the schema says exactly which
# names are accepted (a stripped 201-character name would pass a 200-character limit).
# Whitespace is spelled out, since regex engines disagree on what `\s` matches; NUL is
# refused everywhere, as PostgreSQL cannot store it in text.
SPACE = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
Name = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=200, pattern=rf"^[^{SPACE}]([^\x00]*[^{SPACE}])?$"
    ),
]
Description = Annotated[str, StringConstraints(max_length=2000, pattern=r"^[^\x00]*$")]


class ItemCreate(BaseModel):
    """What a client sends to create an item."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description | None = None


class ItemUpdate(BaseModel):
    """A partial update: only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    # Optional but never null: the schema documents a string, and null is rejected.
    name: Name | SkipJsonSchema[None] = None
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
