"""Business rules for items; knows nothing of HTTP."""

from uuid import UUID

from .exceptions import ItemNameTakenError, ItemNotFoundError
from .models import Item, utcnow
from .repository import ItemRepository
from .schemas import ItemCreate, ItemUpdate


class ItemService:
    """Create, read, update and delete items, keeping names unique."""

    def __init__(self, repository: ItemRepository) -> None:
        self._repository = repository

    async def create(self, data: ItemCreate) -> Item:
        """Create an item; its name must be free."""
        await self._ensure_name_free(data.name)
        item = Item(name=data.name, description=data.description)
        await self._repository.add(item)
        return item

    async def get(self, item_id: UUID) -> Item:
        """Return an item, or raise ItemNotFoundError."""
        item = await self._repository.get(item_id)
        if item is None:
            raise ItemNotFoundError(item_id)
        return item

    async def page(
        self, *, limit: int, cursor: str | None = None
    ) -> tuple[list[Item], str | None]:
        """Return a page of items and the cursor of the next one (None on the last)."""
        return await self._repository.page(limit=limit, cursor=cursor)

    async def update(self, item_id: UUID, data: ItemUpdate) -> Item:
        """Apply the fields that were sent; a new name must be free."""
        item = await self.get(item_id)
        changes = data.model_dump(exclude_unset=True)
        if "name" in changes and changes["name"] != item.name:
            await self._ensure_name_free(changes["name"])
        for field, value in changes.items():
            setattr(item, field, value)
        item.updated_at = utcnow()
        await self._repository.save(item)
        return item

    async def delete(self, item_id: UUID) -> None:
        """Delete an item, or raise ItemNotFoundError."""
        await self._repository.delete(await self.get(item_id))

    async def _ensure_name_free(self, name: str) -> None:
        if await self._repository.get_by_name(name) is not None:
            raise ItemNameTakenError(name)
