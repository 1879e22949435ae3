"""The Jinja filters and globals in extensions/."""

from pathlib import Path

import pytest

from extensions import filters


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Acme Orders", "acme-orders"),
        ("  Crème Brûlée API  ", "creme-brulee-api"),
        ("42 Things", "things"),
        ("!!!", "service"),
    ],
)
def test_slugify_gives_valid_slugs(text: str, slug: str) -> None:
    assert filters.slugify(text) == slug
    assert filters.slug_error(slug) == ""


@pytest.mark.parametrize("url", ["", "https://pypi.org/simple/", "http://10.0.0.1:8080/simple"])
def test_valid_index_urls(url: str) -> None:
    assert filters.index_url_error(url) == ""


def test_shell_quote_survives_quotes() -> None:
    assert filters.shell_quote("O'Brien") == "'O'\"'\"'Brien'"


def test_git_identity_reads_the_global_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "gitconfig"
    config.write_text('[user]\n\tname = Jane Doe\n\temail = "jane@example.com"\n')
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.delenv("GIT_AUTHOR_NAME", raising=False)
    monkeypatch.delenv("GIT_AUTHOR_EMAIL", raising=False)

    assert filters.git_identity() == ("Jane Doe", "jane@example.com")


def test_git_identity_is_empty_without_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "missing"))
    monkeypatch.delenv("GIT_AUTHOR_NAME", raising=False)
    monkeypatch.delenv("GIT_AUTHOR_EMAIL", raising=False)

    assert filters.git_identity() == ("", "")
