"""Jinja filters and globals for naming, validation and quoting.

Validator filters return an error message, or "" when the answer is valid, so copier.yml
can use them directly as `validator: "{{ answer | something_error }}"`.
"""

from __future__ import annotations

import configparser
import keyword
import os
import re
import shlex
import sys
import unicodedata
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from jinja2 import Environment
from jinja2.ext import Extension

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
# Deliberately simple: one "@", a dotted domain, no spaces. Deliverability is not ours to judge.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Names that would shadow the generated project's own dependencies or tools when imported.
RESERVED_PACKAGE_NAMES = frozenset(
    {"fastapi", "pydantic", "starlette", "uvicorn", "tests", "test", "cassandra"}
)
# Cassandra's unquoted identifiers: a letter, then letters, digits and underscores; 48 at most.
KEYSPACE_LENGTH = 48


class GitIdentity(NamedTuple):
    """The user's git identity, each part empty when unknown."""

    name: str
    email: str


def slugify(text: str) -> str:
    """Turn free text into a lowercase, dash-separated slug that starts with a letter."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = re.sub(r"^[0-9-]+", "", slug)
    return slug or "service"


def slug_error(slug: str) -> str:
    """Explain why a project slug is invalid."""
    if SLUG_PATTERN.fullmatch(slug):
        return ""
    return (
        f"{slug!r} is not a valid project_slug: use lowercase letters, digits and dashes, "
        "starting with a letter (e.g. acme-orders)."
    )


def package_name_error(name: str) -> str:
    """Explain why a Python package name is invalid."""
    if not name.isidentifier() or not name.isascii():
        return (
            f"{name!r} is not a valid package_name: "
            "use an ASCII Python identifier (e.g. acme_orders)."
        )
    if name != name.lower():
        return (
            f"{name!r} is not a valid package_name: use lowercase (PEP 8), e.g. {name.lower()!r}."
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"{name!r} is not a valid package_name: it is a Python keyword."
    if name in sys.stdlib_module_names:
        return f"{name!r} is not a valid package_name: it would shadow the standard library module."
    if name in RESERVED_PACKAGE_NAMES:
        return f"{name!r} is not a valid package_name: it would shadow a dependency of the service."
    return ""


def email_error(email: str) -> str:
    """Explain why an email address is invalid."""
    if EMAIL_PATTERN.fullmatch(email):
        return ""
    return f"{email!r} is not a valid author_email: expected name@domain (e.g. jane@example.com)."


def index_url_error(url: str) -> str:
    """Explain why a package index URL is invalid; empty means PyPI itself."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme in {"http", "https"} and parts.netloc and " " not in url:
        return ""
    return (
        f"{url!r} is not a valid package_index: give an http(s) URL of a simple index "
        "(e.g. https://pypi.example.com/simple/), or leave it empty for PyPI."
    )


def keyspace_name(package_name: str) -> str:
    """A Cassandra keyspace named after the package: `_acme_orders` → `acme_orders`."""
    return re.sub(r"^[^a-z]+", "", package_name)[:KEYSPACE_LENGTH] or "app"


def shell_quote(value: str) -> str:
    """Quote a value for a POSIX shell command."""
    return shlex.quote(str(value))


def git_identity() -> GitIdentity:
    """Read the user's git name and email from the environment or global git config files."""
    name = os.environ.get("GIT_AUTHOR_NAME", "")
    email = os.environ.get("GIT_AUTHOR_EMAIL", "")
    if name and email:
        return GitIdentity(name, email)
    home = Path.home()
    xdg = Path(os.environ.get("XDG_CONFIG_HOME", home / ".config"))
    candidates = [xdg / "git" / "config", home / ".gitconfig"]
    if global_config := os.environ.get("GIT_CONFIG_GLOBAL"):
        candidates = [Path(global_config)]
    # Later files win, as in git; reading files (not running git) keeps rendering side-effect free.
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    for path in candidates:
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue
    if parser.has_section("user"):
        name = name or parser.get("user", "name", fallback="").strip().strip('"')
        email = email or parser.get("user", "email", fallback="").strip().strip('"')
    return GitIdentity(name, email)


class NamingFilters(Extension):
    """Register the filters and globals above in copier's Jinja environment."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(
            slugify=slugify,
            slug_error=slug_error,
            package_name_error=package_name_error,
            email_error=email_error,
            index_url_error=index_url_error,
            keyspace_name=keyspace_name,
            shell_quote=shell_quote,
        )
        environment.globals["git_identity"] = git_identity()
