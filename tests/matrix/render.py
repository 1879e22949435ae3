"""Render one combo with copier."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from tests.helpers import BASE_ANSWERS, ROOT
from tests.helpers import render as render_template

from .combos import Combo


def probe_name(combo: Combo) -> str:
    """`Probe utnr` for uv-trunk-none-rust: the initials of its answers.

    One name per combo, since a matrix run shares one cargo target directory (combo_runs.py),
    where two engine crates of the same name would overwrite each other's library; and short,
    since a long package name pushes the rendered import lines past ruff's line length.
    """
    return "Probe " + "".join(answer[0] for answer in combo.id.split("-"))


def answers_for(combo: Combo) -> dict[str, Any]:
    """The data passed to copier: the combo's answers plus a probe identity named after it."""
    return {
        **combo.answers,
        "project_name": probe_name(combo),
        "package_index": os.environ.get("MATRIX_PACKAGE_INDEX", BASE_ANSWERS["package_index"]),
    }


def render(combo: Combo, dst: Path, *, template: Path = ROOT) -> float:
    """Render `combo` into `dst` from the template's working tree; return the seconds taken."""
    start = time.monotonic()
    render_template(dst, template=template, **answers_for(combo))
    return time.monotonic() - start
