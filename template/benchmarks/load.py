"""A load test of the items API against the real store (`make load`).

Serves the service on loopback, then holds `--clients` concurrent clients for
`--seconds` of mixed reads and writes (create, read, list, update), and prints the
latency percentiles and the throughput. Any answer but the expected one, and any
failed connection, is an error: the run exits non-zero when there is one.
"""

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable
from dataclasses import dataclass, field

import httpx2
from servers import HOST, free_port, service, serving

# Every request gives up after this long: a stuck request is an error, not a hang.
REQUEST_TIMEOUT = 10.0


@dataclass
class Tally:
    """What every client saw: latencies of the good answers, and the errors."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


async def one(
    tally: Tally, expected: int, request: Awaitable[httpx2.Response]
) -> httpx2.Response | None:
    """Await `request`; record its latency, or an error when it is not `expected`."""
    started = time.perf_counter()
    try:
        response = await request
    except httpx2.HTTPError as error:
        tally.errors[type(error).__name__] += 1
        return None
    if response.status_code != expected:
        tally.errors[f"{response.request.method} {response.status_code}"] += 1
        return None
    tally.latencies.append(time.perf_counter() - started)
    return response


async def client(
    http: httpx2.AsyncClient, deadline: float, tally: Tally, seed: int
) -> None:
    """One user: creates items, reads them back, lists them and edits some."""
    rng = random.Random(seed)
    mine: list[str] = []
    while time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.2 or not mine:
            body = {"name": f"load-{uuid.uuid4()}", "description": "x" * 100}
            created = await one(tally, 201, http.post("/api/items", json=body))
            if created is not None:
                mine.append(created.json()["id"])
        elif roll < 0.7:
            await one(tally, 200, http.get(f"/api/items/{rng.choice(mine)}"))
        elif roll < 0.9:
            await one(tally, 200, http.get("/api/items", params={"limit": 20}))
        else:
            update = {"description": f"edited {rng.random()}"}
            edit = http.patch(f"/api/items/{rng.choice(mine)}", json=update)
            await one(tally, 200, edit)


async def run(port: int, clients: int, seconds: float) -> tuple[Tally, float]:
    """Every client at once for `seconds`; the tally and how long it took."""
    tally = Tally()
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx2.AsyncClient(
        base_url=f"http://{HOST}:{port}", limits=limits, timeout=REQUEST_TIMEOUT
    ) as http:
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(
            *(client(http, deadline, tally, seed) for seed in range(clients))
        )
        return tally, time.monotonic() - started


def main() -> None:
    """Serve, load, print the figures; exit 1 on any error."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    arguments = parser.parse_args()

    port = free_port()
    # Ready, not just live: the store must answer before the clients start.
    with serving(service(port), port, "/api/health/ready"):
        tally, elapsed = asyncio.run(run(port, arguments.clients, arguments.seconds))
    answered = len(tally.latencies)
    errors = sum(tally.errors.values())
    print(
        f"{arguments.clients} clients, {elapsed:.0f} s: {answered:,} requests, "
        f"{answered / elapsed:,.0f} req/s, {errors} errors"
    )
    if answered >= 2:
        percentiles = statistics.quantiles(tally.latencies, n=100)
        p50, p99 = percentiles[49] * 1e3, percentiles[98] * 1e3
        print(f"latency p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    if errors:
        sys.exit(f"load: errors: {dict(tally.errors)}")


if __name__ == "__main__":
    main()
