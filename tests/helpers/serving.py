"""A served project: `make run` on a free port, and requests to it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .commands import clean_environ

STARTUP_SECONDS = 60
# A served project stops in well under a second; SHUTDOWN_TIMEOUT (10 s by default) bounds
# requests in flight. The rest is room for a machine busy with other tests.
STOP_SECONDS = 60


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def request(
    url: str, body: dict[str, str] | None = None, *, timeout: float = 5
) -> tuple[int, dict[str, Any]]:
    """GET `url`, or POST `body` as JSON; the status and the JSON reply, errors included."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"content-type": "application/json"} if body is not None else {}
    request_ = urllib.request.Request(url, data, headers)
    try:
        with urllib.request.urlopen(request_, timeout=timeout) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _wait_for_health(base: str, server: subprocess.Popen[bytes]) -> dict[str, Any]:
    """Poll /api/health until the server answers; fail if it dies or takes too long."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            status, health = request(f"{base}/health")
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, "make run exited before serving"
            assert time.monotonic() < deadline, "no answer on /api/health"
            time.sleep(0.3)
            continue
        assert status == 200
        return health


@contextlib.contextmanager
def make_run(project: Path, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """`make run` on a free port; yields the API's base URL, stops the server after.

    The server's output goes to a log beside the project, quoted if it fails to stop.
    """
    port = free_port()
    log = project.parent / f"make-run-{port}.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            ["make", "run"],
            cwd=project,
            env={**clean_environ(), **(env or {}), "PORT": str(port)},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}/api"
        try:
            health = _wait_for_health(base, server)
            assert (health["status"], health["version"]) == ("ok", "0.1.0")
            yield base
        finally:
            stop(server, log)


def stop(server: subprocess.Popen[bytes], log: Path) -> None:
    """SIGTERM `server`'s process group; fail, quoting its log, if it outlives STOP_SECONDS."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise AssertionError(
            f"make run did not stop within {STOP_SECONDS} s of SIGTERM; its log ends:\n{tail}"
        ) from None


def eventually(condition: Callable[[], bool], seconds: float) -> bool:
    """Whether `condition()` holds within `seconds`, asked every tenth of a second."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@dataclass
class Writes:
    """What concurrent writers were answered: (status, reply) in order, a failure as 0."""

    answers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def statuses(self, since: int = 0) -> Counter[int]:
        """How many answers had each status, from answer number `since` on."""
        return Counter(status for status, _ in self.answers[since:])

    def created_ids(self) -> set[str]:
        """The ids of the items whose creation was acknowledged (201)."""
        return {reply["id"] for status, reply in self.answers if status == 201}


@contextlib.contextmanager
def concurrent_writers(base: str, writers: int = 4) -> Iterator[Writes]:
    """`writers` clients creating items at `base` one after another until the block ends.

    A request answered with no HTTP status (refused, reset, timed out) counts as 0.
    """
    writes = Writes()
    done = threading.Event()
    lock = threading.Lock()

    def write(writer: int) -> None:
        sent = 0
        while not done.is_set():
            sent += 1
            body = {"name": f"writer-{writer}-{sent}"}
            try:
                # Longer than any store timeout: a slow answer is still an answer.
                answer = request(f"{base}/items", body, timeout=60)
            except (OSError, ValueError) as error:
                answer = (0, {"error": repr(error)})
            with lock:
                writes.answers.append(answer)

    threads = [threading.Thread(target=write, args=(n,), daemon=True) for n in range(writers)]
    for thread in threads:
        thread.start()
    try:
        yield writes
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=90)


def assert_writes_survive_a_restart(
    base: str, stop: Callable[[], object], start: Callable[[], object], seconds: float
) -> None:
    """Concurrent writers through `stop()` and `start()` of the store the API at `base` uses.

    Readiness says 503 while the store is down and 200 again without a restart of the
    service; writes are acknowledged before, refused during and acknowledged after (20 of
    each, within `seconds`); nothing but 201 or 503 is answered, and every 201 is kept.
    """
    enough = 20
    with concurrent_writers(base) as writes:
        assert eventually(lambda: writes.statuses()[201] >= enough, seconds)
        stop()
        assert request(f"{base}/health/ready")[0] == 503
        assert request(f"{base}/items")[0] == 503
        assert eventually(lambda: writes.statuses()[503] >= enough, seconds)

        start()
        ready = eventually(lambda: request(f"{base}/health/ready")[0] == 200, seconds)
        assert ready, "not ready after the store came back"
        restarted = len(writes.answers)
        assert eventually(lambda: writes.statuses(restarted)[201] >= enough, seconds), (
            f"writes after the restart: {writes.statuses(restarted)}"
        )

    assert set(writes.statuses()) == {201, 503}, writes.statuses()
    assert writes.created_ids() <= stored_item_ids(base)


def stored_item_ids(base: str) -> set[str]:
    """Every item id the API lists, following its cursors."""
    ids: set[str] = set()
    url = f"{base}/items?limit=100"
    while True:
        status, page = request(url)
        assert status == 200, page
        ids |= {item["id"] for item in page["items"]}
        if page["next_cursor"] is None:
            return ids
        url = f"{base}/items?limit=100&cursor={page['next_cursor']}"
