"""Load test of `kg serve` on 127.0.0.1: named queries from 8 clients, with and without 2 more
clients sending hostile queries in turn: one that runs past the time limit, one nested 5,000
deep (it killed a worker before the query check bounded nesting) and one that doubles a
string until it passes the worker's memory cap (the worker ends and the spare takes its
place). Bounded: each light client sends a fixed number of requests, heavy clients stop when
the light ones are done.

    python benchmarks/load.py [--meetings 100] [--requests 200] [--workers 4] [--timeout 2]
                              [--outputs DIR]  # a folder `kg build` wrote, instead of building one

Prints, for each run, requests per second, median, p95 and p99 latency of the named queries,
how many failed, and the ratio of the two throughputs. Asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
# Selective named queries, as a researcher's page or notebook sends them.
NAMED = ["/queries/initiatives?speaker=事務局&format=json", "/queries/attendance?person=庄司&format=json",
         "/queries/search?q=ポータル&format=json", "/queries/evidence?target=スペースパトロール&format=json"]
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NESTED = "SELECT * WHERE " + "{" * 5_000 + " ?s ?p ?o " + "}" * 5_000
DOUBLING = ("SELECT (STRLEN(?x24) AS ?n) WHERE { BIND(\"" + "x" * 1000 + "\" AS ?x0) "
            + " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(24)) + " }")
HOSTILE = [HEAVY, NESTED, DOUBLING]


def start(graph: Path, workers: int, timeout: float, log: Path) -> tuple[subprocess.Popen, int]:
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(graph), "--port", "0",
                                 "--workers", str(workers), "--timeout", str(timeout)], stderr=err)
    deadline = time.time() + 120
    while time.time() < deadline:
        m = re.search(r"127\.0\.0\.1:(\d+)/sparql", log.read_text())
        if m:
            return proc, int(m.group(1))
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start:\n" + log.read_text())


def light_client(port: int, n: int, out: list, failures: list):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(n):
        t0 = time.perf_counter()
        conn.request("GET", urllib.parse.quote(NAMED[i % len(NAMED)], safe="/?=&"))
        resp = conn.getresponse()
        resp.read()
        out.append(time.perf_counter() - t0)
        if resp.status != 200:
            failures.append(resp.status)


def heavy_client(port: int, stop: threading.Event, counts: list):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    bodies = [urllib.parse.urlencode({"query": q}) for q in HOSTILE]
    n = 0
    while not stop.is_set():
        conn.request("POST", "/sparql", bodies[n % len(bodies)], {"Content-Type": "application/x-www-form-urlencoded"})
        n += 1
        resp = conn.getresponse()
        resp.read()
        counts.append(resp.status)


def run(port: int, clients: int, requests: int, heavy: int) -> dict:
    latencies, failures, heavy_status = [], [], []
    stop = threading.Event()
    hs = [threading.Thread(target=heavy_client, args=(port, stop, heavy_status)) for _ in range(heavy)]
    for h in hs:
        h.start()
    if heavy:
        time.sleep(0.5)  # the heavy queries are running when the light ones start
    ls = [threading.Thread(target=light_client, args=(port, requests, latencies, failures)) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in ls:
        t.start()
    for t in ls:
        t.join()
    elapsed = time.perf_counter() - t0
    stop.set()
    for h in hs:
        h.join()
    q = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / elapsed, "median": statistics.median(latencies), "p95": q[94], "p99": q[98],
            "failed": len(failures), "heavy": len(heavy_status),
            "heavy_status": dict(sorted(Counter(heavy_status).items()))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--meetings", type=int, default=20)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=6)
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--outputs", type=Path, help="Serve this build (of --meetings meetings) instead of making one.")
    args = ap.parse_args()
    from corpus import make_corpus
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = args.outputs or tmp / "out"
        if not args.outputs:
            (tmp / "in").mkdir()
            make_corpus(tmp / "in", args.meetings)
            subprocess.run([sys.executable, "-m", "kg", "build", str(tmp / "in"), "-o", str(out)],
                           check=True, capture_output=True)
        proc, port = start(out, args.workers, args.timeout, tmp / "serve.log")
        try:
            run(port, 2, 10, 0)  # warm up
            print(f"kg serve, {args.meetings} meetings, {args.workers} workers, time limit {args.timeout:g} s; "
                  f"{args.clients} clients x {args.requests} named queries")
            plain = run(port, args.clients, args.requests, 0)
            loaded = run(port, args.clients, args.requests, 2)
        finally:
            proc.terminate()
            proc.wait()
    for name, r in (("named queries alone", plain), ("with 2 clients of hostile queries", loaded)):
        print(f"  {name:<38} {r['rps']:7.1f} req/s  median {r['median'] * 1000:6.0f} ms  p95 {r['p95'] * 1000:6.0f} ms  "
              f"p99 {r['p99'] * 1000:6.0f} ms  failed {r['failed']}" + (f"  (heavy answered {r['heavy']}: {r['heavy_status']})" if r["heavy"] else ""))
    print(f"  throughput with heavy clients: {loaded['rps'] / plain['rps']:.0%} of the figure without them")


if __name__ == "__main__":
    main()
