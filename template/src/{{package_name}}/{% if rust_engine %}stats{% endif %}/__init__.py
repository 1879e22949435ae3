"""The stats domain: summary statistics over a submitted batch of numbers, in Rust."""

from .router import router

__all__ = ["router"]
