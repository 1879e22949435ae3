"""The items domain: an example resource with CRUD and paging."""

from .repository import InMemoryItemRepository, ItemRepository
from .router import router

__all__ = ["InMemoryItemRepository", "ItemRepository", "router"]
