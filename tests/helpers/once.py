"""Work done once per test run, by whichever pytest-xdist worker asks for it first.

The suite runs on several worker processes (`-n auto`). A project several tests read, or a
verdict several tests share, lives in a directory all the workers of the run share: the first
worker to ask builds it under a file lock, the others wait for it and then read it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock


@contextmanager
def once(path: Path) -> Iterator[bool]:
    """Hold `path`'s lock, yielding whether `path` still has to be built.

    `path` counts as built once a block that was told to build it ends without an error;
    after a failed build, the next worker to ask starts again from nothing.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    built = path.with_name(f"{path.name}.built")
    with FileLock(path.with_name(f"{path.name}.lock")):
        if built.exists():
            yield False
            return
        if path.is_dir():
            shutil.rmtree(path)
        yield True
        built.touch()
