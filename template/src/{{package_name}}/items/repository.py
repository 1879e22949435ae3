"""Where items are stored: the interface the service needs.

Each store implements it in `store.py`, with `get_item_repository`, the dependency
that builds one for a request.
"""

from typing import Protocol
from uuid import UUID

from .models import Item


class ItemRepository(Protocol):
    """Storage of items; the service depends on this, never on a concrete store."""

    async def add(self, item: Item) -> None:
        """Store a new item; a name another item holds is an ItemNameTakenError."""

    async def get(self, item_id: UUID) -> Item | None:
        """Return the item with this id, if any."""

    async def get_by_name(self, name: str) -> Item | None:
        """Return the item with this name, if any."""

    async def page(
        self, *, limit: int, cursor: str | None
    ) -> tuple[list[Item], str | None]:
        """Return up to `limit` items, newest first, from `cursor` (None: the first).

        Also returns the cursor of the next page: None once there is none.
        """

    async def save(self, item: Item) -> None:
        """Persist changes to an existing item."""

    async def delete(self, item: Item) -> None:
        """Remove an item."""
