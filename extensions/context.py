"""Values derived from the answers, computed once so templates never repeat the logic."""

from __future__ import annotations

from typing import Any

from copier_template_extensions import ContextHook

LOCK_COMMANDS = {"uv": "uv lock", "poetry": "poetry lock"}
RUN_PREFIXES = {"uv": "uv run", "poetry": "poetry run"}


class DerivedContext(ContextHook):
    """Add derived values to the rendering context."""

    def hook(self, context: dict[str, Any]) -> None:
        """Derive tool commands and version spellings from the answers given so far."""
        manager = context.get("package_manager")
        if manager in LOCK_COMMANDS:
            context["lock_command"] = LOCK_COMMANDS[manager]
            context["run"] = RUN_PREFIXES[manager]
            context["lock_later_hint"] = (
                f"warning: could not lock dependencies now (is the package index reachable?); "
                f"run '{LOCK_COMMANDS[manager]}' in the project later."
            )
        if (slug := context.get("project_slug")) and (package := context.get("package_name")):
            # The Rust engine's distribution and import names follow the service's.
            context["engine_distribution"] = f"{slug}-engine"
            context["engine_module"] = f"{package}_engine"
        if python_version := context.get("python_version"):
            # ruff and mypy spell versions differently: py312 and 3.12.
            context["python_tag"] = "py" + str(python_version).replace(".", "")
