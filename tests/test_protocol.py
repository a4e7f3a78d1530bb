"""The query side of the W3C SPARQL 1.1 Protocol test suite (w3c/rdf-tests,
sparql/sparql11/protocol/manifest.ttl), each case written here from its description and sent
with httpx to a real `kg serve` on 127.0.0.1. The suite's dataset cases name graphs of its own
(data1.rdf …); here they name the endpoint's own graphs, found in graph.trig: a summary's graph,
the ontology's (with the theme scheme) and a graph of tallies. The update cases are refused (403), as a read-only
endpoint should."""

from __future__ import annotations

import shutil
import subprocess
import sys

import httpx
import pytest
from helpers import SEED, serve
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

KGO = "https://w3id.org/kaigi-kg/ontology#"
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seed as `kg build` writes it (the on-disk store without named graphs, as by default)."""
    tmp = tmp_path_factory.mktemp("protocol")
    (tmp / "in").mkdir()
    shutil.copy(SEED, tmp / "in" / "seed.txt")
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp / "in"), "-o", str(tmp / "out"), "-q"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return tmp / "out"


@pytest.fixture(scope="module")
def base(built, tmp_path_factory):
    with serve(built, tmp_path_factory.mktemp("log") / "serve.log") as url:
        yield url


@pytest.fixture(scope="module")
def graphs(built) -> dict[str, tuple[str, int]]:
    """The endpoint's own graphs by role: (IRI, triples), read from graph.trig with rdflib."""
    ds = Dataset()
    ds.parse(built / "graph.trig", format="trig")
    found: dict[str, tuple[str, int]] = {}
    for g in ds.graphs():
        if not isinstance(g.identifier, URIRef) or not len(g):
            continue
        if (None, RDF.type, URIRef(KGO + "Meeting")) in g:
            found["meeting"] = (str(g.identifier), len(g))
        elif (None, RDF.type, OWL.Ontology) in g and (None, RDF.type, SKOS.ConceptScheme) in g:
            found["ontology"] = (str(g.identifier), len(g))
        elif str(g.identifier).endswith("/tally/year-theme"):
            found["tally"] = (str(g.identifier), len(g))
    assert set(found) == {"meeting", "ontology", "tally"}
    assert len({iri for iri, _ in found.values()}) == 3  # three different graphs
    return found


def ask(response: httpx.Response) -> bool:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(RESULT_TYPES)
    return response.json()["boolean"]


def client() -> httpx.Client:
    return httpx.Client(headers={"Accept": "application/sparql-results+json"}, timeout=30)


MEETING_AND_SCHEME = ("ASK { ?m a <https://w3id.org/kaigi-kg/ontology#Meeting> . "
                      "?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }")
NAMED_MEETING_AND_SCHEME = ("ASK { GRAPH ?g1 { ?m a <https://w3id.org/kaigi-kg/ontology#Meeting> } "
                            "GRAPH ?g2 { ?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> } }")


# -- the suite's cases, in its order --------------------------------------------------------

def test_query_post_form(base, graphs):
    with client() as c:
        r = c.post(base + "/sparql", params={"default-graph-uri": graphs["meeting"][0]},
                   content=b"query=ASK%20%7B%7D", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert ask(r) is True


def test_query_dataset_default_graphs_get(base, graphs):
    both = [("default-graph-uri", graphs["meeting"][0]), ("default-graph-uri", graphs["ontology"][0])]
    with client() as c:
        assert ask(c.get(base + "/sparql", params=[("query", MEETING_AND_SCHEME), *both])) is True
        # the dataset is the one named: one graph alone does not hold both
        assert ask(c.get(base + "/sparql", params=[("query", MEETING_AND_SCHEME), both[0]])) is False


def test_query_dataset_default_graphs_post(base, graphs):
    both = [("default-graph-uri", graphs["meeting"][0]), ("default-graph-uri", graphs["ontology"][0])]
    with client() as c:
        r = c.post(base + "/sparql", params=both, content=MEETING_AND_SCHEME.encode(),
                   headers={"Content-Type": "application/sparql-query"})
        assert ask(r) is True
        r = c.post(base + "/sparql", params=both[1:], content=MEETING_AND_SCHEME.encode(),
                   headers={"Content-Type": "application/sparql-query"})
        assert ask(r) is False


def test_query_dataset_named_graphs_post(base, graphs):
    both = [("named-graph-uri", graphs["meeting"][0]), ("named-graph-uri", graphs["ontology"][0])]
    with client() as c:
        r = c.post(base + "/sparql", params=both, content=NAMED_MEETING_AND_SCHEME.encode(),
                   headers={"Content-Type": "application/sparql-query"})
        assert ask(r) is True
        r = c.post(base + "/sparql", params=both[:1], content=NAMED_MEETING_AND_SCHEME.encode(),
                   headers={"Content-Type": "application/sparql-query"})
        assert ask(r) is False


def test_query_dataset_named_graphs_get(base, graphs):
    both = [("named-graph-uri", graphs["meeting"][0]), ("named-graph-uri", graphs["ontology"][0])]
    with client() as c:
        assert ask(c.get(base + "/sparql", params=[("query", NAMED_MEETING_AND_SCHEME), *both])) is True
        # named graphs only: the default graph is empty
        r = c.get(base + "/sparql", params=[("query", MEETING_AND_SCHEME), *both])
        assert ask(r) is False


def test_query_dataset_full(base, graphs):
    query = ("ASK { ?o a <http://www.w3.org/2002/07/owl#Ontology> "
             "GRAPH ?g1 { ?m a <https://w3id.org/kaigi-kg/ontology#Meeting> } "
             "GRAPH ?g2 { ?t a <https://w3id.org/kaigi-kg/ontology#Tally> } }")
    params = [("default-graph-uri", graphs["ontology"][0]), ("named-graph-uri", graphs["meeting"][0]),
              ("named-graph-uri", graphs["tally"][0])]
    with client() as c:
        r = c.post(base + "/sparql", params=params, content=query.encode(),
                   headers={"Content-Type": "application/sparql-query"})
        assert ask(r) is True
        r = c.get(base + "/sparql", params=[("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"), *params])
        assert {b["g"]["value"] for b in r.json()["results"]["bindings"]} == {graphs["meeting"][0], graphs["tally"][0]}
        params[0] = ("default-graph-uri", graphs["tally"][0])  # no ontology in that one
        r = c.post(base + "/sparql", params=params, content=query.encode(),
                   headers={"Content-Type": "application/sparql-query"})
        assert ask(r) is False


def test_query_multiple_dataset(base, graphs):
    """A dataset in the request and another in the query: the request's wins."""
    query = f"ASK FROM <{graphs['meeting'][0]}> {{ ?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }}"
    with client() as c:
        r = c.post(base + "/sparql", params={"default-graph-uri": graphs["ontology"][0]}, content=query.encode(),
                   headers={"Content-Type": "application/sparql-query"})
        assert ask(r) is True
        r = c.post(base + "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
        assert ask(r) is False  # the query's own FROM: the summary's graph has no scheme


def test_query_get(base):
    with client() as c:
        assert ask(c.get(base + "/sparql", params={"query": "ASK {}"})) is True


def test_query_content_type_select(base):
    with client() as c:
        r = c.get(base + "/sparql", params={"query": "SELECT (1 AS ?value) {}"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(RESULT_TYPES)
    assert r.json()["results"]["bindings"][0]["value"]["value"] == "1"


def test_query_content_type_ask(base):
    with client() as c:
        r = c.get(base + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "*/*"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(RESULT_TYPES)
    assert "true" in r.text


def test_query_content_type_describe(base):
    with httpx.Client(timeout=30) as c:
        r = c.get(base + "/sparql", params={"query": "DESCRIBE <http://example.org/>"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(RDF_TYPES)


def test_query_content_type_construct(base):
    """Relative IRIs resolve against the endpoint's own address (no BASE in the query)."""
    with httpx.Client(timeout=30) as c:
        r = c.get(base + "/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
                  headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(RDF_TYPES), r.text
    g = Graph().parse(data=r.text, format="turtle")
    assert [(str(s), str(p), o.toPython()) for s, p, o in g] == [(base + "/s", base + "/p", 1)]
    with httpx.Client(timeout=30) as c:  # a BASE in the query still wins
        r = c.get(base + "/sparql", params={"query": "BASE <http://example.org/x/> CONSTRUCT { <s> <p> 1 } WHERE {}"},
                  headers={"Accept": "text/turtle"})
    assert {str(s) for s in Graph().parse(data=r.text, format="turtle").subjects()} == {"http://example.org/x/s"}


def test_query_post_direct(base):
    with client() as c:
        r = c.post(base + "/sparql", content=b"ASK {}", headers={"Content-Type": "application/sparql-query"})
    assert ask(r) is True


def test_bad_query_method(base):
    with client() as c:
        r = c.put(base + "/sparql", params={"query": "ASK {}"})
    assert 400 <= r.status_code < 500


def test_bad_multiple_queries(base):
    with client() as c:
        r = c.get(base + "/sparql", params=[("query", "ASK {}"), ("query", "SELECT * {}")])
        assert r.status_code == 400 and "2 query parameters" in r.text
        r = c.post(base + "/sparql", params={"query": "ASK {}"}, content=b"query=SELECT%20*%20%7B%7D",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 400


def test_bad_query_wrong_media_type(base):
    with client() as c:
        r = c.post(base + "/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and "text/plain" in r.text


@pytest.mark.parametrize("body", [b"query=ASK%20%7B%7D", b"ASK {}"], ids=["form", "direct"])
def test_bad_query_missing_type(base, body):
    """bad_query_missing_form_type and bad_query_missing_direct_type: no Content-Type."""
    with client() as c:
        r = c.post(base + "/sparql", content=body)
    assert "content-type" not in r.request.headers
    assert r.status_code == 400 and "Content-Type" in r.text


def test_bad_query_non_utf8(base):
    body = "ASK { <http://example/dé> ?p ?o }".encode("iso-8859-1")
    with client() as c:
        r = c.post(base + "/sparql", content=body,
                   headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"})
        assert r.status_code == 400 and "iso-8859-1" in r.text
        r = c.post(base + "/sparql", content=body, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 400 and "not UTF-8" in r.text


def test_bad_query_syntax(base):
    with client() as c:
        r = c.get(base + "/sparql", params={"query": 'ASK {""}'})
    assert r.status_code == 400


UPDATES = [  # the suite's update cases, each as the request it sends
    ("GET", {"update": "CLEAR ALL"}, None, None),
    ("POST", {}, b"update=CLEAR%20ALL", "application/x-www-form-urlencoded"),
    ("POST", {}, b"CLEAR ALL", "application/sparql-update"),
    ("POST", {"using-graph-uri": "http://example.org/g"}, b"CLEAR ALL", "application/sparql-update"),
    ("POST", {}, b"update=CLEAR%20ALL&update=CLEAR%20ALL", "application/x-www-form-urlencoded"),
    ("POST", {}, b"CLEAR ALL", "text/plain"),
    ("POST", {}, b"update=CLEAR%20ALL", None),
    ("POST", {}, "CLEAR GRAPH <http://example/dé>".encode("iso-8859-1"),
     "application/sparql-update; charset=ISO-8859-1"),
    ("POST", {}, b"CLEAR XYZ", "application/sparql-update"),
]


@pytest.mark.parametrize("method,params,body,ctype", UPDATES)
def test_update_cases_are_refused(base, method, params, body, ctype):
    with client() as c:
        r = c.request(method, base + "/sparql", params=params, content=body,
                      headers={"Content-Type": ctype} if ctype else {})
    assert 400 <= r.status_code < 500


# -- the dataset a query names gives exactly that graph ---------------------------------------

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(c: httpx.Client, url: str, query: str = COUNT, **params) -> int:
    r = c.get(url + "/sparql", params={"query": query, **params})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("role", ["meeting", "ontology", "tally"])
def test_from_and_default_graph_uri_count_that_graph(base, graphs, role):
    iri, triples = graphs[role]
    with client() as c:
        assert count(c, base, f"SELECT (COUNT(*) AS ?n) FROM <{iri}> WHERE {{ ?s ?p ?o }}") == triples
        assert count(c, base, **{"default-graph-uri": iri}) == triples
        assert count(c, base, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{iri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") \
            == triples
        assert count(c, base, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                     **{"named-graph-uri": iri}) == triples


def test_a_graph_the_endpoint_lacks_is_empty(base):
    with client() as c:
        whole = count(c, base)
        assert whole > 1000
        assert count(c, base, **{"default-graph-uri": "http://example.org/no-such-graph"}) == 0
        assert count(c, base, "SELECT (COUNT(*) AS ?n) FROM <http://example.org/no-such-graph> WHERE { ?s ?p ?o }") == 0
        r = c.get(base + "/sparql", params={"query": COUNT, "default-graph-uri": "not an iri"})
        assert r.status_code == 400 and "IRI" in r.text
