"""The items domain: an example resource with CRUD and paging."""

from .models import Item
from .router import router

__all__ = ["Item", "router"]
