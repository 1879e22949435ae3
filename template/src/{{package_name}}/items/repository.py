"""Where items are stored: the interface the service needs, and an in-memory store."""

from typing import Protocol
from uuid import UUID

from .models import Item


class ItemRepository(Protocol):
    """Storage of items; the service depends on this, never on a concrete store."""

    async def add(self, item: Item) -> None:
        """Store a new item."""

    async def get(self, item_id: UUID) -> Item | None:
        """Return the item with this id, if any."""

    async def get_by_name(self, name: str) -> Item | None:
        """Return the item with this name, if any."""

    async def page(self, *, limit: int, offset: int) -> tuple[list[Item], int]:
        """Return up to `limit` items, newest first, after `offset`, and the total."""

    async def save(self, item: Item) -> None:
        """Persist changes to an existing item."""

    async def delete(self, item: Item) -> None:
        """Remove an item."""


class InMemoryItemRepository:
    """Keeps items in a dict: data lives as long as the process."""

    def __init__(self) -> None:
        self._items: dict[UUID, Item] = {}

    async def add(self, item: Item) -> None:
        """Store a new item."""
        self._items[item.id] = item

    async def get(self, item_id: UUID) -> Item | None:
        """Return the item with this id, if any."""
        return self._items.get(item_id)

    async def get_by_name(self, name: str) -> Item | None:
        """Return the item with this name, if any."""
        return next((item for item in self._items.values() if item.name == name), None)

    async def page(self, *, limit: int, offset: int) -> tuple[list[Item], int]:
        """Return up to `limit` items, newest first, after `offset`, and the total."""
        ordered = sorted(
            self._items.values(), key=lambda item: item.created_at, reverse=True
        )
        return ordered[offset : offset + limit], len(ordered)

    async def save(self, item: Item) -> None:
        """Persist changes to an existing item."""
        self._items[item.id] = item

    async def delete(self, item: Item) -> None:
        """Remove an item."""
        self._items.pop(item.id, None)
