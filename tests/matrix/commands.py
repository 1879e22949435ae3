"""Run one `run:` script as GitHub does, and read the files steps write back."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

from .errors import WorkflowError

# GitHub's commands for `shell:`; `{0}` is the script file.
SHELLS = {
    "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail", "{0}"],
    "sh": ["sh", "-e", "{0}"],
    "python": ["python", "{0}"],
}
TIMEOUT_EXIT = 124


def run_script(
    script: str,
    *,
    shell: str,
    cwd: Path,
    env: Mapping[str, str],
    script_path: Path,
    log_path: Path,
    timeout: float | None = None,
) -> int:
    """Run `script` with `shell` in `cwd`, appending its combined output to `log_path`."""
    if shell not in SHELLS:
        raise WorkflowError(f"shell {shell!r} is not supported locally ({', '.join(SHELLS)})")
    if not cwd.is_dir():
        raise WorkflowError(f"working-directory {cwd} does not exist")
    script_path.write_text(script, encoding="utf-8")
    command = [part.replace("{0}", str(script_path)) for part in SHELLS[shell]]
    with log_path.open("ab") as log:
        log.write(f"$ {shell} <<'SCRIPT'\n{script.rstrip()}\nSCRIPT\n".encode())
        log.flush()
        # A session of its own, so a timeout kills the whole process tree.
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            log.write(f"\nkilled after timeout-minutes ({timeout:.0f}s)\n".encode())
            return TIMEOUT_EXIT
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            raise


def read_key_values(path: Path) -> dict[str, str]:
    """Parse a GITHUB_ENV/GITHUB_OUTPUT file: `NAME=value` lines and `NAME<<DELIM` heredocs."""
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if not line.strip():
            continue
        equals, heredoc = line.find("="), line.find("<<")
        if heredoc > 0 and (equals < 0 or heredoc < equals):
            name, delimiter = line[:heredoc], line[heredoc + 2 :]
            body = []
            for body_line in lines:
                if body_line == delimiter:
                    break
                body.append(body_line)
            else:
                raise WorkflowError(f"{path.name}: heredoc {name} never ends with {delimiter}")
            values[name] = "\n".join(body)
        elif equals > 0:
            values[line[:equals]] = line[equals + 1 :]
        else:
            raise WorkflowError(f"{path.name}: cannot read line {line!r}")
    return values


def read_paths(path: Path) -> list[str]:
    """Directories a step added to GITHUB_PATH, latest first as GitHub prepends them."""
    if not path.is_file():
        return []
    entries = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [entry for entry in reversed(entries) if entry]
