"""The `license` answer renders LICENSE and the matching SPDX metadata in the built package."""

import email
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import ProjectFactory, run, tool

# The first line of each standard text (as the SPDX License List publishes it), and the
# License-Expression the wheel's metadata must carry.
LICENSES = {
    "MIT": ("MIT License", "MIT"),
    "Apache-2.0": ("Apache License", "Apache-2.0"),
    "BSD-3-Clause": ("Copyright (c)", "BSD-3-Clause"),
    "Proprietary": ("Copyright (c)", "LicenseRef-Proprietary"),
}


def wheel_metadata(project: Path, build: list[str]) -> email.message.Message:
    """Build the project's wheel with its own build command and read its METADATA."""
    run(*build, cwd=project)
    (wheel,) = (project / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        assert any(name.endswith(".dist-info/licenses/LICENSE") for name in archive.namelist())
        return email.message_from_bytes(archive.read(name))


@pytest.mark.parametrize("license_id", list(LICENSES))
def test_license_renders_text_and_metadata(own_project: ProjectFactory, license_id: str) -> None:
    project = own_project(license=license_id, author_name="Seán O'Brien", database="none")

    first_line, expression = LICENSES[license_id]
    text = (project / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith(first_line)
    if license_id != "Apache-2.0":
        # Apache-2.0's text is used verbatim: the notice goes in each file, not in LICENSE.
        assert f"Copyright (c) {datetime.now(UTC).year} Seán O'Brien" in text
    metadata = wheel_metadata(project, [tool("uv"), "build", "--wheel", "--quiet"])
    assert metadata["License-Expression"] == expression
    assert metadata["License-File"] == "LICENSE"
    private = "Private :: Do Not Upload" in (metadata.get_all("Classifier") or [])
    assert private == (license_id == "Proprietary")


def test_poetry_builds_the_same_metadata(own_project: ProjectFactory) -> None:
    project = own_project(license="Apache-2.0", package_manager="poetry", database="none")

    metadata = wheel_metadata(project, [tool("poetry"), "build", "--format", "wheel", "--quiet"])

    assert metadata["License-Expression"] == "Apache-2.0"


def test_the_default_is_mit(shared_project: ProjectFactory) -> None:
    project = shared_project(database="none")

    assert "license: MIT" in (project / ".copier-answers.yml").read_text().splitlines()
    assert (project / "LICENSE").read_text().startswith("MIT License")
