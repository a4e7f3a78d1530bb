"""SERVICE cannot make the server connect anywhere (issue 28, item 1).

The query check reads SPARQL as the engine does (comments end at CR, ``\\#`` in prefixed names,
keywords without a word boundary, ``<`` as comparison or IRI), and behind it the server's query
workers cannot open a network socket at all. Every test has a real listener on 127.0.0.1 and
asserts that it received no connection."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest
from test_endpoint import get
from test_endpoint_hostile import serve  # noqa: F401  (the real server, as a fixture)

from kg.errors import QueryRefused
from kg.query.guard import check_service, service_targets


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it is offered."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.done.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.done.set()
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


# Each of these made Oxigraph POST to the address (checked against pyoxigraph 0.5), and the
# old check saw no SERVICE in any of them. PORT is the listener's.
BYPASSES = {
    "comment-ended-by-cr": "SELECT * WHERE { #\rSERVICE <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "escaped-hash-in-local-name": "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\#b ?o . "
                                  "SERVICE <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "keyword-glued-to-prefixed-name": "PREFIX : <http://127.0.0.1:PORT/> SELECT * WHERE { ?s ?p ?o SERVICE:x { ?s ?p ?o } }",
    "keyword-glued-to-prefix": "PREFIX ex: <http://127.0.0.1:PORT/> SELECT * WHERE { ?s ?p ?o SERVICEex:x { ?s ?p ?o } }",
    "keyword-glued-to-silent": "SELECT * WHERE { ?s ?p ?o SERVICESILENT<http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "comparison-read-as-iri-then-string": "SELECT * WHERE { ?s ?p ?a FILTER(?a<'x>') "
                                          "SERVICE <http://127.0.0.1:PORT/x> { ?s ?p ?o } #'\n}",
    "comparison-read-as-iri-then-long-string": "SELECT * WHERE { ?s ?p ?a FILTER(?a<?b)#x>\"\"\"\n"
                                               " SERVICE <http://127.0.0.1:PORT/x> { ?s ?p ?o }\n#\"\"\"\n}",
}
ORDINARY_SERVICE = {
    "plain": "SELECT * WHERE { SERVICE <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "silent": "select * { ?s ?p ?o . service silent <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "variable": "SELECT * WHERE { VALUES ?u { <http://127.0.0.1:PORT/x> } SERVICE ?u { ?s ?p ?o } }",
    "in-exists": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:PORT/x> { ?s ?p ?o } } }",
    "relative-to-base": "BASE <http://127.0.0.1:PORT/> SELECT * WHERE { ?s ?p ?o SERVICE <x> { ?s ?p ?o } }",
}
REFUSED = {**BYPASSES, **ORDINARY_SERVICE}

# '#' in IRIs, strings and comments, "service" in IRIs, strings, variables and comments,
# comparisons without spaces: none of them is a SERVICE clause.
ORDINARY = [
    "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 1",
    'SELECT ?s WHERE { ?s ?p ?o FILTER(?o != "a # b" && ?o != \'#\' && ?o != """SERVICE <http://x/> {}""") } LIMIT 1',
    "SELECT ?s WHERE { # SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n ?s ?p ?o } LIMIT 1",
    "SELECT ?service WHERE { ?service a <https://schema.org/Service> } LIMIT 1",
    "PREFIX ex: <http://example.org/service/> SELECT ?s WHERE { ?s ex:a\\#b ?o } LIMIT 1",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(?o<?p&&?s>?o) } LIMIT 1",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(?p = <http://example.org/SERVICE>) } LIMIT 1",
    "SELECT ?s WHERE { ?s ?p ?o }\r# a comment that ends at a carriage return\rLIMIT 1",
]


def _fill(query: str, port: int) -> str:
    return query.replace("PORT", str(port))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_every_spelling_of_service_is_found(name):
    query = _fill(REFUSED[name], 9999)
    assert service_targets(query), query
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_service(query)


@pytest.mark.parametrize("query", ORDINARY)
def test_ordinary_queries_have_no_service(query):
    assert service_targets(query) == []
    check_service(query)


def test_allow_list_names_only_plain_iris_of_allowed_hosts():
    allow = ("data.example.org",)
    check_service("SELECT * { SERVICE <https://data.example.org/sparql> { ?s ?p ?o } }", allow)
    check_service("SELECT * { SERVICE SILENT <http://data.example.org:80/sparql> { ?s ?p ?o } }",
                  ("data.example.org:80",))
    for query in [*(_fill(q, 9999) for q in REFUSED.values()),
                  "SELECT * { SERVICE <http://data.example.org@127.0.0.1/> { ?s ?p ?o } }",
                  "SELECT * { SERVICE <http://\\u0031\\u0032\\u0037.0.0.1/> { ?s ?p ?o } }",
                  "SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }"]:
        with pytest.raises(QueryRefused, match="not allowed"):
            check_service(query, allow)


def test_a_query_of_a_megabyte_is_checked_in_linear_time():
    import time
    for query in ["SELECT * WHERE { FILTER(" + "?a<?b(>" * 140_000 + ") }", '"' * 1_000_000,
                  "'''a" * 250_000, "(" * 1_000_000]:
        start = time.perf_counter()
        assert service_targets(query) == []
        assert time.perf_counter() - start < 10


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_endpoint_refuses_and_connects_nowhere(seed_build, serve, listener, name):  # noqa: F811
    base, _, _ = serve(seed_build[1])
    status, _, body = get(base, _fill(REFUSED[name], listener.port))
    assert status == 400 and "SERVICE" in body, body
    assert listener.connections == 0


def test_endpoint_answers_ordinary_queries(seed_build, serve):  # noqa: F811
    base, _, _ = serve(seed_build[1])
    for query in ORDINARY:
        status, _, body = get(base, query, accept="application/sparql-results+json")
        assert status == 200, (query, body)
    status, _, body = get(base, ORDINARY[0], accept="text/csv")
    assert status == 200 and "http" in body.splitlines()[1]


def test_cli_refuses_the_carriage_return_bypass(seed_build, listener):
    query = _fill(BYPASSES["comment-ended-by-cr"], listener.port)
    r = subprocess.run([sys.executable, "-m", "kg", "query", query, "--graph", str(seed_build[1])],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "SERVICE" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert listener.connections == 0


# -- behind the check: workers without network ----------------------------------------------

@pytest.mark.parametrize("sandbox", [True, False])
def test_sandboxed_workers_cannot_connect_even_past_the_check(seed_build, listener, sandbox):
    """The pool runs a SERVICE query the check never saw. With the sandbox the worker cannot
    open a socket (the query fails, the worker lives on); without it the listener is reached:
    proof that the test can see a connection."""
    from kg.errors import QueryError
    from kg.web.pool import QueryPool
    from kg.web.sandbox import deny_network

    if sandbox and not _sandbox_works(deny_network):
        pytest.skip("no seccomp on this platform")
    pool = QueryPool(seed_build[1], size=1, timeout=20, watch=0, sandbox=sandbox)
    try:
        query = _fill("SELECT * WHERE { SERVICE <http://127.0.0.1:PORT/x> { ?s ?p ?o } }", listener.port)
        with pytest.raises(QueryError) as err:
            pool.query(query)
        for _ in range(20):  # the listener thread counts within its accept timeout
            if listener.connections:
                break
            threading.Event().wait(0.1)
        if sandbox:
            assert listener.connections == 0
            assert "cannot reach the network" in str(err.value)
            assert pool.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].toPython() > 0
        else:
            assert listener.connections >= 1
    finally:
        pool.close()


def _sandbox_works(deny_network) -> bool:
    code = ("import socket, sys\nfrom kg.web.sandbox import deny_network\n"
            "ok = deny_network()\n"
            "try:\n    socket.socket(socket.AF_INET)\nexcept PermissionError:\n    sys.exit(0 if ok else 1)\n"
            "sys.exit(1)\n")
    return subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_allowed_hosts_are_reached_and_no_other(seed_build, serve):  # noqa: F811
    """With --allow-service the workers keep the network, and the check alone decides."""
    answer = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"remote"}}]}}'
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    requests = []

    def respond():
        sock.settimeout(30)
        try:
            conn, _ = sock.accept()
        except OSError:
            return
        with conn:
            requests.append(conn.recv(65536))
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                         b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(answer) + answer)

    thread = threading.Thread(target=respond, daemon=True)
    thread.start()
    other = Listener()
    try:
        base, _, _ = serve(seed_build[1], "--allow-service", f"127.0.0.1:{port}")
        for name in ("comment-ended-by-cr", "keyword-glued-to-prefixed-name"):
            status, _, body = get(base, _fill(REFUSED[name], other.port))
            assert status == 400 and "not allowed" in body, body
        status, _, body = get(base, f"SELECT ?x WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?x }} }}",
                              accept="application/sparql-results+json")
        assert status == 200 and "remote" in body, body
        assert len(requests) == 1 and requests[0].startswith(b"POST /sparql")
        assert other.connections == 0
    finally:
        thread.join(timeout=5)
        sock.close()
        other.close()
