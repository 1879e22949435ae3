"""The baseline of `make bench-http`: /api/health from FastAPI with nothing of ours."""

from fastapi import FastAPI

HEALTH = {"status": "ok", "version": "0.0.0", "environment": "local"}


def create_app() -> FastAPI:
    """A FastAPI app answering what the service's /api/health answers."""
    app = FastAPI()

    @app.get("/api/health")
    async def health() -> dict[str, str]:
        return HEALTH

    return app
