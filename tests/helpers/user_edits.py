"""The edits a team makes to its project in the first week, and the checks that an update kept them.

The update tests (test_update.py, test_published_template.py) make these edits before
`copier update` and assert afterwards that the merge was clean and nothing of them was lost.
"""

from __future__ import annotations

from pathlib import Path

from .commands import git, run, tool

# A dependency no other one pulls in, so the lockfile holds it only if the user's addition
# survives. It sorts last, after uvicorn, and Poetry appends: the template changes lines at the
# top and in the middle of the list between versions and answers, and an addition next to them
# would be a real conflict, which Copier rightly leaves to the user (a line-based 3-way merge).
DEPENDENCY = "xxhash>=3.5"
DEPENDENCY_NAME = "xxhash"
LOCKFILES = frozenset({"uv.lock", "poetry.lock", "Cargo.lock"})
CONFLICT_MARKERS = ("<<<<<<< ", ">>>>>>> ")
# Generated or installed, never merged: what the conflict scan skips.
_NOT_MERGED = frozenset({".git", ".venv", "target", "node_modules"})


def add_a_dependency(project: Path) -> None:
    """`uv add` / `poetry add`: the manifest and the lockfile both change, nothing installs."""
    if (project / "poetry.lock").exists():
        run(tool("poetry"), "add", "--lock", DEPENDENCY, cwd=project)
    else:
        run(tool("uv"), "add", "--no-sync", DEPENDENCY, cwd=project)


def add_a_domain(project: Path) -> Path:
    """A `pings` domain package beside the template's, with one route. Returns the package."""
    (package,) = (project / "src").iterdir()
    domain = package / "pings"
    domain.mkdir()
    (domain / "__init__.py").write_text('"""Liveness for humans."""\n', encoding="utf-8")
    (domain / "router.py").write_text(
        '"""A route the team added."""\n\n'
        "from fastapi import APIRouter\n\n"
        'router = APIRouter(prefix="/pings", tags=["pings"])\n\n\n'
        '@router.get("")\n'
        "async def ping() -> dict[str, str]:\n"
        '    """Answer pong."""\n'
        '    return {"ping": "pong"}\n',
        encoding="utf-8",
    )
    return package


def commit(project: Path, message: str) -> None:
    """Commit everything: `copier update` wants a clean tree."""
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", message)


def assert_merged_cleanly(project: Path) -> None:
    """Nothing unmerged, no conflict marker, no .rej; the domain and the dependency kept."""
    status = git(project, "status", "--porcelain")
    unmerged = [line for line in status.splitlines() if line[:2] in {"UU", "AA", "DU", "UD"}]
    assert not unmerged, unmerged
    for path in project.rglob("*"):
        if _NOT_MERGED & set(path.parts) or not path.is_file():
            continue
        assert path.suffix != ".rej", path
        if path.name not in LOCKFILES:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not any(marker in text for marker in CONFLICT_MARKERS), f"conflict in {path}"
    (package,) = (project / "src").iterdir()
    assert (package / "pings" / "router.py").is_file()
    assert DEPENDENCY_NAME in (project / "pyproject.toml").read_text(encoding="utf-8")
    lockfile = "poetry.lock" if (project / "poetry.lock").exists() else "uv.lock"
    locked = (project / lockfile).read_text(encoding="utf-8")
    assert f'name = "{DEPENDENCY_NAME}"' in locked, f"the lock lost {DEPENDENCY_NAME}"
