"""Render one combo with copier, or check that copier refuses it."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from tests.helpers import ROOT
from tests.helpers import render as render_template

from .combos import Combo

DEFAULT_PACKAGE_INDEX = "https://pypi.org/simple/"


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
        "package_index": os.environ.get("MATRIX_PACKAGE_INDEX", DEFAULT_PACKAGE_INDEX),
    }


def render(combo: Combo, dst: Path, *, template: Path = ROOT) -> float:
    """Render `combo` into `dst` from the template's working tree; return the seconds taken."""
    start = time.monotonic()
    render_template(dst, template=template, **answers_for(combo))
    return time.monotonic() - start


def expect_refusal(combo: Combo, dst: Path, *, template: Path = ROOT) -> str:
    """Check copier refuses `combo` for its declared reason; return copier's message."""
    try:
        render(combo, dst, template=template)
    except Exception as error:  # copier raises plain ValueErrors for validation
        message = str(error)
    else:
        raise AssertionError(f"copier accepted {combo.id}, declared refused: {combo.refusal}")
    if combo.refusal not in message:
        raise AssertionError(
            f"copier refused {combo.id} for another reason than declared "
            f"({combo.refusal!r}): {message}"
        )
    return message
