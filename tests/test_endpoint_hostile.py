"""The endpoint under hostile requests and load, on the real server (uvicorn) at 127.0.0.1:
SERVICE refused, broken HTTP answered, a bounded queue, one snapshot switched atomically."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
import urllib.parse

import pytest
from helpers import SEED
from test_endpoint import HEAVY, MEETINGS, call, get, start_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _wait_for(log, proc):
    deadline = time.time() + 60
    while time.time() < deadline:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", log.read_text(encoding="utf-8"))
        if m:
            return f"http://127.0.0.1:{m.group(1)}", int(m.group(1))
        assert proc.poll() is None, log.read_text(encoding="utf-8")
        time.sleep(0.1)
    pytest.fail("server did not start")


@pytest.fixture
def serve(tmp_path):
    procs = []

    def start(graph, *options):
        log = tmp_path / f"server{len(procs)}.log"
        proc = start_server(graph, log, *options)
        procs.append(proc)
        return (*_wait_for(log, proc), log)
    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


def raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_service_is_refused_and_not_advertised(seed_build, serve):
    base, _, _ = serve(seed_build[1])
    status, _, body = get(base, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert status == 400 and "SERVICE" in body
    assert "BasicFederatedQuery" not in call(base + "/sparql")[2]


def test_broken_http_gets_an_answer_not_a_dropped_connection(seed_build, serve):
    base, port, _ = serve(seed_build[1])
    for head in (b"Content-Length: -1", b"Content-Length: abc"):
        answer = raw(port, b"POST /sparql HTTP/1.1\r\nHost: x\r\n" + head + b"\r\n\r\nquery=ASK{}")
        assert answer.startswith(b"HTTP/1.1 400"), answer[:80]
    big = b"query=" + b"x" * 2_000_000
    answer = raw(port, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(big) + big)
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"HTTP/1.1 200" not in answer[20:]  # the unread body is not parsed as a next request
    assert get(base, MEETINGS, "text/csv")[0] == 200


def test_full_queue_is_503_with_retry_after_and_health_stays_up(seed_build, serve):
    base, _, _ = serve(seed_build[1], "--workers", "1", "--max-queue", "0", "--timeout", "3")
    slow = threading.Thread(target=get, args=(base, HEAVY))
    slow.start()
    deadline = time.monotonic() + 30
    while json.loads(call(base + "/health")[2])["idle_workers"] and time.monotonic() < deadline:
        time.sleep(0.01)  # until the heavy query holds the only worker
    status, headers, body = get(base, MEETINGS)
    assert status == 503 and headers["Retry-After"] and "busy" in body
    started = time.monotonic()
    assert call(base + "/health")[0] == 200 and time.monotonic() - started < 1  # no worker needed
    slow.join()
    # the worker stopped at the limit is replaced: a worker is idle again and answers (how soon
    # depends on the machine's load, so the test waits for it rather than timing it)
    deadline = time.monotonic() + 60
    while not json.loads(call(base + "/health")[2])["idle_workers"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert get(base, MEETINGS, "text/csv")[0] == 200


def test_a_new_build_is_served_by_all_workers_together(tmp_path, serve):
    from kg.pipeline import build_graph, write_graph

    out = tmp_path / "out"
    write_graph(build_graph([SEED]), out)
    base, _, log = serve(out, "--workers", "2")
    first = int(get(base, COUNT, "text/csv")[2].split()[1])
    families = tmp_path / "more"
    families.mkdir()
    shutil.copy(SEED, families / "seed.txt")
    for f in (SEED.parent.parent.parent / "tests" / "fixtures" / "families" / "chiba").glob("*.txt"):
        shutil.copy(f, families / f.name)
    write_graph(build_graph([families]), out)
    deadline = time.time() + 30
    while time.time() < deadline and int(get(base, COUNT, "text/csv")[2].split()[1]) == first:
        time.sleep(0.2)
    counts = {int(get(base, COUNT, "text/csv")[2].split()[1]) for _ in range(20)}
    assert len(counts) == 1 and counts != {first}  # every worker on the new snapshot
    (out / "graph.trig").write_text("this is not TriG {", encoding="utf-8")
    time.sleep(3)
    assert {int(get(base, COUNT, "text/csv")[2].split()[1]) for _ in range(10)} == counts  # old one serves
    assert "cannot be served" in log.read_text(encoding="utf-8")


def test_options_out_of_range_are_one_line_errors(seed_build):
    import subprocess
    import sys
    for option in (["--port", "99999"], ["--workers", "0"], ["--timeout", "0"], ["--max-rows", "0"]):
        r = subprocess.run([sys.executable, "-m", "kg", "serve", "--graph", str(seed_build[1]), *option],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 2 and "Traceback" not in r.stderr and option[0] in r.stderr


def test_named_graphs_are_reachable(seed_build, serve):
    base, _, _ = serve(seed_build[1].parent)  # the folder: its graph.trig
    status, _, body = get(base, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?m a <https://w3id.org/kaigi-kg/ontology#Meeting> } }",
                          "text/csv")
    assert status == 200 and body.split()[1].endswith("/source")
    g = body.split()[1]
    q = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{g}> WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
    assert int(get(base, q, "text/csv")[2].split()[1]) > 1000


def test_curl_with_raw_utf8_and_percent_encoding(seed_build, serve):
    import subprocess
    base, _, _ = serve(seed_build[1])
    raw_url = base + "/queries/initiatives?speaker=今泉&format=csv"
    quoted = base + "/queries/initiatives?" + urllib.parse.urlencode({"speaker": "今泉", "format": "csv"})
    answers = [subprocess.run(["curl", "-s", "-g", url], capture_output=True, timeout=30).stdout.decode("utf-8")
               for url in (raw_url, quoted)]
    assert answers[0] == answers[1] and "スペースパトロール" in answers[0]


def test_default_clients_get_rdf_xml_for_graphs(seed_build, serve):
    """SPARQLWrapper and rdflib's SPARQLStore at their defaults ask for RDF/XML."""
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from SPARQLWrapper import SPARQLWrapper

    base, _, _ = serve(seed_build[1])
    construct = "CONSTRUCT { ?i a ?c } WHERE { ?i a <https://w3id.org/kaigi-kg/ontology#Initiative>, ?c }"
    sw = SPARQLWrapper(base + "/sparql")
    sw.setQuery(construct)
    g = sw.query().convert()
    assert isinstance(g, Graph) and len(g) > 10
    sw.setQuery("DESCRIBE <https://w3id.org/kaigi-kg/id/council/千葉県ICTアドバイザー会議>")
    assert len(sw.query().convert()) > 3
    sw.setQuery("ASK { ?s ?p ?o }")  # SPARQL XML results by default
    assert sw.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    sw.setQuery(MEETINGS)
    titles = [n.firstChild.data for n in sw.query().convert().getElementsByTagName("literal")]
    assert titles == ["令和6年度 千葉県ICTアドバイザー会議 開催結果（概要）"]
    store = SPARQLStore(base + "/sparql")
    rows = list(store.query(MEETINGS))
    assert len(rows) == 1 and "千葉県ICTアドバイザー会議" in str(rows[0][1])
    assert len(store.query(construct).graph) == len(g)
    assert store.query("ASK { ?s a <https://w3id.org/kaigi-kg/ontology#Meeting> }").askAnswer is True


def test_a_query_that_ran_to_the_time_limit_is_refused_at_once_when_repeated(seed_build, monkeypatch):
    """Issue 28, item 7/load: a client repeating a query that holds a worker to the time limit
    (or ends it) costs the pool a worker and a respawn once a cool-down, not each time."""
    from kg.errors import QueryCoolingDown, QueryTimeout
    from kg.web import pool as pools

    monkeypatch.setattr(pools, "COOL_DOWN", (3.0, 60.0))
    pool = pools.QueryPool(seed_build[1], size=1, timeout=1, watch=0)
    try:
        with pytest.raises(QueryTimeout) as first:
            pool.query(HEAVY)
        assert not isinstance(first.value, QueryCoolingDown)
        started = time.monotonic()
        with pytest.raises(QueryCoolingDown, match="not run again") as again:
            pool.query(HEAVY)
        assert time.monotonic() - started < 0.5 and 1 <= again.value.retry_after <= 3
        deadline = time.monotonic() + 60  # a spare takes the stopped worker's slot (how soon depends on the load)
        while not pool.idle.qsize() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.query(COUNT).rows[0][0].toPython() > 0  # other queries run
        assert pool.query(COUNT + " ").rows  # cooling is per query: a query like it is not refused
        time.sleep(3)
        with pytest.raises(QueryTimeout) as later:  # after the cool-down, it runs again
            pool.query(HEAVY)
        assert not isinstance(later.value, QueryCoolingDown)
        with pytest.raises(QueryCoolingDown) as twice:  # and, an offence again, is refused twice as long
            pool.query(HEAVY)
        assert 4 <= twice.value.retry_after <= 6
    finally:
        pool.close()


def test_a_cooling_query_gets_503_with_its_retry_after(seed_build, serve):
    base, _, _ = serve(seed_build[1], "--workers", "1", "--timeout", "1")
    assert get(base, HEAVY)[0] == 503
    status, headers, body = get(base, HEAVY)
    assert status == 503 and "not run again" in body and 1 <= int(headers["Retry-After"]) <= 10
