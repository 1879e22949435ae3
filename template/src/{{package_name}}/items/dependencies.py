"""FastAPI dependencies of the items domain."""

from typing import Annotated

from fastapi import Depends

from .repository import ItemRepository
from .service import ItemService
from .store import get_item_repository


async def get_item_service(
    repository: Annotated[ItemRepository, Depends(get_item_repository)],
) -> ItemService:
    """An ItemService over the store's repository for this request."""
    return ItemService(repository)


ItemServiceDep = Annotated[ItemService, Depends(get_item_service)]
