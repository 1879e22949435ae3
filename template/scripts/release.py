"""Cut a release with commitizen; `make release` and `make release-dry-run` run this.

`cz bump` takes the version from the Conventional Commits since the last tag, writes
CHANGELOG.md, re-locks (`pre_bump_hooks` in pyproject.toml), commits and tags vX.Y.Z.
Around it, this script keeps the team's rules: releases are cut only on the branches
the Makefile allows and from a clean working tree, and a release/X.Y.Z or hotfix/X.Y.Z
branch releases X.Y.Z (its prereleases are X.Y.Z-rc0, X.Y.Z-rc1...).
"""

import argparse
import fnmatch
import re
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

# release/1.2.0, hotfix/v1.2.1: the branch names the version it releases.
VERSION_BRANCH = re.compile(r"(?:release|hotfix)/v?(?P<version>\d+\.\d+\.\d+)")


class ReleaseError(Exception):
    """Why no release is cut, said to the user as is."""


def git(*args: str) -> str:
    """A git query's output, '' when git has no answer (e.g. a detached HEAD)."""
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def check_branch(branch: str, allowed: Sequence[str]) -> None:
    """Refuse unless `branch` matches one of the `allowed` globs."""
    if branch and any(fnmatch.fnmatchcase(branch, pattern) for pattern in allowed):
        return
    where = f"'{branch}'" if branch else "a detached HEAD"
    raise ReleaseError(
        f"releases are cut on {' or '.join(allowed)}, not on {where} "
        "(see CONTRIBUTING.md)."
    )


def check_clean() -> None:
    """Refuse when tracked files have changes: the release commit would take them."""
    if git("status", "--porcelain", "--untracked-files=no"):
        raise ReleaseError(
            "commit or stash your changes first: the release commit takes every "
            "tracked file."
        )


def project_version() -> str:
    """The version in pyproject.toml, which commitizen reads and writes."""
    with Path("pyproject.toml").open("rb") as pyproject:
        return str(tomllib.load(pyproject)["project"]["version"])


def bump_arguments(
    *,
    branch: str,
    current: str,
    version: str | None,
    prerelease: str | None,
    increment: str | None,
) -> list[str]:
    """The `cz bump` arguments giving the version the branch or the options ask for."""
    if version and increment:
        raise ReleaseError("give VERSION or INCREMENT, not both.")
    if not version and not increment and (named := VERSION_BRANCH.fullmatch(branch)):
        version = named["version"]
    if not version:
        computed = [] if prerelease is None else ["--prerelease", prerelease]
        return computed + ([] if increment is None else ["--increment", increment])
    if prerelease is None:
        return [version]
    # The first prerelease of `version` is named outright; cz counts the next ones.
    if current.startswith(f"{version}-"):
        return ["--prerelease", prerelease]
    return [f"{version}-{prerelease}0"]


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line the Makefile builds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--allow",
        action="append",
        required=True,
        metavar="BRANCH",
        help="a branch, or a glob like 'hotfix/*', that releases may be cut on",
    )
    parser.add_argument("--prerelease", choices=["alpha", "beta", "rc"])
    parser.add_argument("--increment", choices=["PATCH", "MINOR", "MAJOR"])
    parser.add_argument("--version", help="the exact version, e.g. 1.2.0")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change, change nothing"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Check the rules, then run `cz bump`; return its exit status."""
    options = parse_arguments(argv)
    branch = git("symbolic-ref", "--quiet", "--short", "HEAD")
    try:
        # A dry run answers "what would the next release be?" from any branch.
        if not options.dry_run:
            check_branch(branch, options.allow)
            check_clean()
        arguments = bump_arguments(
            branch=branch,
            current=project_version(),
            version=options.version,
            prerelease=options.prerelease,
            increment=options.increment,
        )
    except ReleaseError as error:
        print(f"make release: {error}", file=sys.stderr)
        return 1
    command = ["cz", "bump", "--yes", *arguments]
    if options.dry_run:
        command.append("--dry-run")
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
