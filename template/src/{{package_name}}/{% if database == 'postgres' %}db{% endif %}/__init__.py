"""PostgreSQL access: the declarative base, the engine and per-request sessions."""

from .base import Base
from .database import Database
from .dependencies import SessionDep

__all__ = ["Base", "Database", "SessionDep"]
