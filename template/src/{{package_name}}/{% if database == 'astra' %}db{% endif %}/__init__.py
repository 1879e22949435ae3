"""Cassandra access: one cluster and session per process, awaited from asyncio."""

from .cluster import build_cluster, target_options
from .database import Database
from .dependencies import DatabaseDep

__all__ = ["Database", "DatabaseDep", "build_cluster", "target_options"]
