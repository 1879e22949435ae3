"""Domain discovery: each subpackage with a `router` module is served, unregistered."""

import importlib
import importlib.util
import pkgutil

from fastapi import APIRouter


def domain_routers() -> list[APIRouter]:
    """The `router` of every domain package (one with a router.py), by package name."""
    package = importlib.import_module(__package__ or __name__)
    routers = []
    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        name = f"{package.__name__}.{module.name}.router"
        if module.ispkg and importlib.util.find_spec(name) is not None:
            router = getattr(importlib.import_module(name), "router", None)
            if isinstance(router, APIRouter):
                routers.append(router)
    return routers
