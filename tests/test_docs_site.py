"""The template's docs site builds with `mkdocs build --strict`: every page in the nav, no broken
link or anchor, the generated question reference among its pages and the diagrams drawn by mermaid.
"""

from pathlib import Path

import pytest
import yaml

from tests.helpers import run, tool
from tests.matrix.combos import ROOT


def nav_pages(nav: list[object]) -> list[str]:
    """Every Markdown file the nav names, in order."""
    pages: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages.extend(nav_pages(value) if isinstance(value, list) else [str(value)])
    return pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built strictly into a temporary directory."""
    site_dir = tmp_path_factory.mktemp("site")
    run(tool("mkdocs"), "build", "--strict", "--site-dir", str(site_dir), cwd=ROOT, env=None)
    return site_dir


def test_every_docs_page_is_in_the_nav() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.Loader)
    pages = nav_pages(config["nav"])

    on_disk = sorted(str(path.relative_to(ROOT / "docs")) for path in (ROOT / "docs").rglob("*.md"))

    assert sorted(pages) == on_disk


def test_the_question_reference_is_a_page(site: Path) -> None:
    html = (site / "questions" / "index.html").read_text()

    for question in ("project_name", "license", "package_manager", "rust_engine"):
        assert f"<code>{question}</code>" in html


@pytest.mark.parametrize(
    ("page", "diagrams"),
    [("options/branching-model", 2), ("architecture", 2), ("local-ci", 1)],
)
def test_diagrams_are_mermaid_blocks_the_theme_draws(site: Path, page: str, diagrams: int) -> None:
    html = (site / page / "index.html").read_text()

    assert html.count('<pre class="mermaid">') == diagrams
