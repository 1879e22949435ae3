"""Errors of the items domain."""

from uuid import UUID

from ..errors import ConflictError, NotFoundError


class ItemNotFoundError(NotFoundError):
    """No item has this id."""

    def __init__(self, item_id: UUID) -> None:
        super().__init__(f"Item {item_id} does not exist.")


class ItemNameTakenError(ConflictError):
    """Another item already has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"An item named {name!r} already exists.")
