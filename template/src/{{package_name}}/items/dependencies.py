"""FastAPI dependencies of the items domain."""

from typing import Annotated

from fastapi import Depends, Request

from .repository import ItemRepository
from .service import ItemService


def get_item_service(request: Request) -> ItemService:
    """An ItemService over the repository the app's lifespan created."""
    repository: ItemRepository = request.app.state.item_repository
    return ItemService(repository)


ItemServiceDep = Annotated[ItemService, Depends(get_item_service)]
