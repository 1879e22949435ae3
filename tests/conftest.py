"""Fixtures for rendering the template with pytest-copier."""

from typing import Any

import pytest

# Answers every rendering in the tests starts from; each test overrides what it checks.
BASE_ANSWERS = {
    "project_name": "Acme Orders",
    "author_name": "Test Author",
    "author_email": "test@example.com",
    # This machine reaches PyPI only through its simple index (see DEVELOPERS.md).
    "package_index": "https://pypi.org/simple/",
}


@pytest.fixture(scope="session")
def copier_template_paths() -> list[str]:
    """Copy only what copier reads, not the repo's virtualenv or caches."""
    return ["copier.yml", "template"]


@pytest.fixture
def copier_defaults() -> dict[str, Any]:
    return dict(BASE_ANSWERS)
