"""The in-memory store's settings group: it has nothing to configure."""

from pydantic import BaseModel


class DatabaseSettings(BaseModel):
    """No fields: memory needs no address (`Settings` includes every store's group)."""

    def store_risks(self) -> list[str]:
        """Store settings unfit for production: memory has none."""
        return []
