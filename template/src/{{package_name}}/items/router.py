"""HTTP routes of the items domain: parse, call the service, return a schema."""

from http import HTTPStatus
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from ..features import require_feature
from .dependencies import ItemServiceDep
from .schemas import ItemCreate, ItemPage, ItemPublic, ItemUpdate

router = APIRouter(prefix="/items", tags=["items"])

# The export reads a page of items per query, so no single query grows with the table.
EXPORT_PAGE_SIZE = 100


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


# Declared before /{item_id}, which would otherwise take "export" for an id.
@router.get("/export", dependencies=[require_feature("items_export")])
async def export_items(service: ItemServiceDep) -> list[ItemPublic]:
    """Every item, newest first (feature flag `items_export`)."""
    exported: list[ItemPublic] = []
    while True:
        items, total = await service.page(limit=EXPORT_PAGE_SIZE, offset=len(exported))
        exported += [ItemPublic.model_validate(item) for item in items]
        if not items or len(exported) >= total:
            return exported


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
