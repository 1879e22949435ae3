"""HTTP routes of the items domain: parse, call the service, return a schema."""

from http import HTTPStatus
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from .dependencies import ItemServiceDep
from .schemas import ItemCreate, ItemPage, ItemPublic, ItemUpdate

router = APIRouter(prefix="/items", tags=["items"])


@router.post("", status_code=HTTPStatus.CREATED)
async def create_item(data: ItemCreate, service: ItemServiceDep) -> ItemPublic:
    """Create an item."""
    return ItemPublic.model_validate(await service.create(data))


@router.get("")
async def list_items(
    service: ItemServiceDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ItemPage:
    """List items, newest first."""
    items, total = await service.page(limit=limit, offset=offset)
    return ItemPage(
        items=[ItemPublic.model_validate(item) for item in items],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get("/{item_id}")
async def get_item(item_id: UUID, service: ItemServiceDep) -> ItemPublic:
    """Return one item."""
    return ItemPublic.model_validate(await service.get(item_id))


@router.patch("/{item_id}")
async def update_item(
    item_id: UUID, data: ItemUpdate, service: ItemServiceDep
) -> ItemPublic:
    """Change some fields of an item."""
    return ItemPublic.model_validate(await service.update(item_id, data))


@router.delete("/{item_id}", status_code=HTTPStatus.NO_CONTENT)
async def delete_item(item_id: UUID, service: ItemServiceDep) -> None:
    """Delete an item."""
    await service.delete(item_id)
