"""Issue 28, item 4: serving a folder while a build writes into it. The graph files are
written before the store; until the store matches them, the workers keep serving the last
complete build (they loaded the new graph files into memory, and answers alternated), a
worker that cannot start is tried again instead of leaving its slot empty, and the new
build is served by all workers together once it is complete."""

from __future__ import annotations

import shutil
import time

from helpers import ROOT, SEED
from test_endpoint import HEAVY, get
from test_query_limits import serve  # noqa: F401  (the fixture)

from kg.corpus.build import build_corpus

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(base) -> int:
    status, _, body = get(base, COUNT, "text/csv")
    assert status == 200, body
    return int(body.split()[1])


def test_one_generation_at_a_time(tmp_path, serve):  # noqa: F811
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    shutil.copy(SEED, small)
    shutil.copytree(small, large)
    for f in (ROOT / "tests" / "fixtures" / "families" / "chiba").glob("*.txt"):
        shutil.copy(f, large)
    other = tmp_path / "other"
    build_corpus([large], other)
    out = tmp_path / "out"
    build_corpus([small], out)
    base, _ = serve(out, "--workers", "2", "--timeout", "1")
    first = _count(base)
    # A build half done: the new graph files are in place, the store is still the old one.
    for name in ("graph.ttl", "graph.trig"):
        shutil.copy(other / name, out / name)
    time.sleep(3)  # the server looks every second
    for _ in range(3):  # workers stopped at the time limit are replaced while the store lags
        assert get(base, HEAVY, "text/csv")[0] == 503
    time.sleep(2)
    assert {_count(base) for _ in range(12)} == {first}
    build_corpus([large], out)  # the build completes: its store matches the graph files
    deadline = time.monotonic() + 60
    while _count(base) == first and time.monotonic() < deadline:
        time.sleep(0.3)
    counts = {_count(base) for _ in range(12)}
    assert len(counts) == 1 and counts != {first}
