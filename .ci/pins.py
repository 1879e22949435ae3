#!/usr/bin/env python3
"""Print the tool pins of copier.yml as `name=version` lines (e.g. `uv_version=<version>`).

copier.yml is the one place each tool is pinned: its computed questions (`when: false`) named
`<tool>_version`. The template repo's CI reads them through this script, before uv or any YAML
library is installed, so it reads them with the standard library: each pin is a top-level key
whose indented block holds `default:` and `when: false`.

    python3 .ci/pins.py >> "$GITHUB_OUTPUT"      # a workflow step's outputs
    eval "$(python3 .ci/pins.py)"                # shell variables (values are checked below)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

COPIER_YML = Path(__file__).resolve().parent.parent / "copier.yml"
_KEY = re.compile(r"^([a-z][a-z0-9_]*_version):\s*$")
_ENTRY = re.compile(r"^\s+(default|when):\s*(.*?)\s*$")
# A version and nothing else, so the output is safe for `eval` and for GITHUB_OUTPUT.
_VERSION = re.compile(r"^v?\d+(\.\d+)*([-+.][0-9A-Za-z.]+)?$")


def pins(text: str) -> dict[str, str]:
    """The computed `<tool>_version` questions of copier.yml and their defaults, in file order."""
    found: dict[str, str] = {}
    key, block = None, {}
    for line in [*text.splitlines(), "end:"]:
        if line and not line[0].isspace() and not line.startswith("#"):
            if key and block.get("when") == "false" and "default" in block:
                found[key] = block["default"].strip("'\"")
            match = _KEY.match(line)
            key, block = (match[1] if match else None), {}
        elif key and (entry := _ENTRY.match(line)):
            block[entry[1]] = entry[2]
    for name, version in found.items():
        if not _VERSION.match(version):
            raise ValueError(f"copier.yml: {name} is {version!r}, not a version")
    return found


def main() -> int:
    """Print every pin; fail when copier.yml has none."""
    found = pins(COPIER_YML.read_text(encoding="utf-8"))
    if not found:
        message = f"no tool pins (`<tool>_version` with `when: false`) in {COPIER_YML}"
        print(message, file=sys.stderr)
        return 1
    for name, version in found.items():
        print(f"{name}={version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
