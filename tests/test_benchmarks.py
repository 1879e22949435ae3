"""A rendered project's own measurements run against its real store: `benchmarks/api.py`
(`make bench-http`) prints every row with its ratios, and `benchmarks/load.py` (`make load`)
holds its clients through mixed reads and writes without an error.

The budgets are a fraction of a second per run: the figures are not judged here (a timed test
would flake), only that the scripts serve, load and report what their documentation says.
"""

import re

import pytest

from tests.helpers import ProjectFactory, make, migrated_store, run

# One configuration of the service beside the bare app: req/s, ratio, CPU per request, ratio.
ROW = re.compile(
    r"^  (observability off|metrics and traces on) +[\d,]+ +[\d,]+ +[\d.]+x"
    r" +[\d,]+ +[\d,]+ +[\d.]+x$"
)


@pytest.mark.parametrize("database", ["postgres", "astra"])
def test_the_http_benchmark_and_the_load_test_measure_the_real_store(
    own_project: ProjectFactory, database: str
) -> None:
    project = own_project(database=database)
    make(project, "install")
    bench = ["uv", "run", "python", "benchmarks/api.py", "--seconds", "0.3", "--rounds", "1"]
    load = ["uv", "run", "python", "benchmarks/load.py", "--clients", "10", "--seconds", "3"]
    with migrated_store(database, project) as env:
        measured = run(*bench, cwd=project, env=env)
        loaded = run(*load, cwd=project, env=env)

    lines = measured.splitlines()
    for endpoint in ("GET /api/health", "GET /api/items/{id}"):
        assert endpoint in lines, measured
        rows = lines[lines.index(endpoint) + 1 :][:2]
        assert [ROW.match(row) is not None for row in rows] == [True, True], measured
    assert re.search(r"^10 clients, \d+ s: [\d,]+ requests, [\d,]+ req/s, 0 errors$", loaded, re.M)
    assert re.search(r"^latency p50 [\d.]+ ms, p99 [\d.]+ ms$", loaded, re.M), loaded
