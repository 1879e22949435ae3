"""HTTP routes of the items domain: parse, call the service, return a schema."""

from http import HTTPStatus
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from ..features import require_feature
from ..openapi import problem_responses
from .dependencies import ItemServiceDep
from .schemas import ItemCreate, ItemPage, ItemPublic, ItemUpdate

router = APIRouter(prefix="/items", tags=["items"])

NOT_FOUND = problem_responses(HTTPStatus.NOT_FOUND)
NAME_TAKEN = problem_responses(HTTPStatus.CONFLICT)

# The export reads a page of items per query, so no single query grows with the table.
EXPORT_PAGE_SIZE = 100


@router.post("", status_code=HTTPStatus.CREATED, responses=NAME_TAKEN)
async def create_item(data: ItemCreate, service: ItemServiceDep) -> ItemPublic:
    """Create an item."""
    return ItemPublic.model_validate(await service.create(data))


# Pages follow cursors, not offsets: a page starts where the previous one stopped, so
# items added meanwhile neither shift nor repeat it, and no store reads rows only to
# skip them (nor counts a table, which Cassandra cannot do without reading it all).
@router.get("")
async def list_items(
    service: ItemServiceDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[
        str | None,
        Query(max_length=1024, description="The `next_cursor` of the previous page."),
    ] = None,
) -> ItemPage:
    """List items, newest first, a page at a time: follow `next_cursor`."""
    items, next_cursor = await service.page(limit=limit, cursor=cursor)
    return ItemPage(
        items=[ItemPublic.model_validate(item) for item in items],
        limit=limit,
        next_cursor=next_cursor,
    )


@router.get(
    "/export", dependencies=[require_feature("items_export")], responses=NOT_FOUND
)
async def export_items(service: ItemServiceDep) -> list[ItemPublic]:
    """Every item, newest first (feature flag `items_export`)."""
    exported: list[ItemPublic] = []
    cursor: str | None = None
    while True:
        items, cursor = await service.page(limit=EXPORT_PAGE_SIZE, cursor=cursor)
        exported += [ItemPublic.model_validate(item) for item in items]
        if cursor is None:
            return exported


@router.get("/{item_id:uuid}", responses=NOT_FOUND)
async def get_item(item_id: UUID, service: ItemServiceDep) -> ItemPublic:
    """Return one item."""
    return ItemPublic.model_validate(await service.get(item_id))


@router.patch("/{item_id:uuid}", responses=NOT_FOUND | NAME_TAKEN)
async def update_item(
    item_id: UUID, data: ItemUpdate, service: ItemServiceDep
) -> ItemPublic:
    """Change some fields of an item."""
    return ItemPublic.model_validate(await service.update(item_id, data))


@router.delete(
    "/{item_id:uuid}", status_code=HTTPStatus.NO_CONTENT, responses=NOT_FOUND
)
async def delete_item(item_id: UUID, service: ItemServiceDep) -> None:
    """Delete an item."""
    await service.delete(item_id)
