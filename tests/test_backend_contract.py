"""Every store is a sibling with one contract, so shared files never ask which store it is.

Read from the template's sources, without rendering: each store's `db/` package exports the
same names, each items store the same dependency, and the shared modules name no store.
"""

import ast
import re
from pathlib import Path

import pytest

from tests.matrix.combos import ROOT

PACKAGE = ROOT / "template" / "src" / "{{package_name}}"
STORES = ("postgres", "astra", "none")
# What main.py, cli.py, errors.py and the items domain use of a store.
CONTRACT = {
    "Database",
    "DatabaseDep",
    "DatabaseSettings",
    "MigrationError",
    "STORE_OUTAGES",
    "lifespan",
    "migrate",
}
DATABASE_METHODS = {"connect", "ping", "close"}
SHARED = ("main.py", "cli.py", "errors.py", "settings.py.jinja")


def store_file(folder: str, name: str, store: str) -> Path:
    """A file of `folder`'s variant for `store`, chosen by its name."""
    return PACKAGE / f"{{% if database == '{store}' %}}{folder}{{% endif %}}" / name


def exported(init: Path) -> set[str]:
    """The names in `__all__` of a package's __init__.py."""
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            return {ast.literal_eval(element) for element in node.value.elts}
    raise AssertionError(f"{init} has no __all__")


def methods(module: Path, class_name: str) -> set[str]:
    """The (async) methods `class_name` defines in `module`."""
    for node in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return {
                item.name
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            }
    raise AssertionError(f"{module} has no class {class_name}")


@pytest.mark.parametrize("store", STORES)
def test_every_store_exports_the_contract(store: str) -> None:
    assert exported(store_file("db", "__init__.py", store)) >= CONTRACT
    assert methods(store_file("db", "database.py", store), "Database") >= DATABASE_METHODS


@pytest.mark.parametrize("store", STORES)
def test_every_items_store_gives_the_repository_dependency(store: str) -> None:
    source = PACKAGE / "items" / f"{{% if database == '{store}' %}}store.py{{% endif %}}"
    assert "def get_item_repository(" in source.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SHARED)
def test_shared_modules_never_ask_which_store(name: str) -> None:
    assert not re.search(r"\bdatabase\s*[=!]=", (PACKAGE / name).read_text(encoding="utf-8"))


def test_only_file_names_choose_a_store_in_the_sources() -> None:
    branching = [
        path.relative_to(PACKAGE)
        for path in PACKAGE.rglob("*")
        if path.is_file() and "database ==" in path.read_text(encoding="utf-8", errors="ignore")
    ]
    assert branching == []
