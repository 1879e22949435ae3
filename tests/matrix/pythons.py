"""Find a local interpreter for a `python-version` the workflow asks for."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from .errors import ActionError

_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?$")


def find_python(version: str) -> Path:
    """An interpreter matching "3.12" or "3.12.1": pyenv first, then the system, then PATH."""
    wanted = version.strip()
    match = _VERSION.match(wanted)
    if not match:
        raise ActionError(f"python-version {version!r} is not of the form 3.12 or 3.12.1")
    minor = f"{match[1]}.{match[2]}"
    for candidate in _candidates(wanted, minor):
        if _runs_as(candidate, wanted):
            return candidate
    raise ActionError(f"no local Python {wanted} found (looked in pyenv, /usr/bin, /usr/local/bin)")


def _candidates(wanted: str, minor: str) -> list[Path]:
    """Paths that may hold the interpreter, best first."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = []
    if root.is_dir():
        # "3.1" must not pick 3.12, so match the exact version or a dotted extension of it.
        versions = [
            p for p in root.iterdir() if p.name == wanted or p.name.startswith(wanted + ".")
        ]
        for path in sorted(versions, key=lambda p: _sort_key(p.name), reverse=True):
            found.append(path / "bin" / f"python{minor}")
    found += [Path("/usr/bin") / f"python{minor}", Path("/usr/local/bin") / f"python{minor}"]
    if which := shutil.which(f"python{minor}"):
        found.append(Path(which))
    return found


def _sort_key(name: str) -> tuple[int, ...]:
    """Order pyenv directory names by version; odd names sort last."""
    return tuple(int(part) if part.isdigit() else -1 for part in name.split("."))


def _runs_as(candidate: Path, wanted: str) -> bool:
    """Whether `candidate` runs and reports a version starting with `wanted`."""
    if not candidate.is_file():
        return False
    code = "import sys; print('%d.%d.%d' % sys.version_info[:3])"
    try:
        done = subprocess.run(
            [str(candidate), "-c", code], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    reported = done.stdout.strip()
    return done.returncode == 0 and (reported == wanted or reported.startswith(wanted + "."))
