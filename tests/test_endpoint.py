"""The SPARQL endpoint: the real server on 127.0.0.1, called with SPARQLWrapper and plain
HTTP for every content type, the update refusal, the time limit and malformed queries."""

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from helpers import serve

MEETINGS = "SELECT ?m ?title WHERE { ?m a <https://w3id.org/kaigi-kg/ontology#Meeting> ; <http://purl.org/dc/terms/title> ?title }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def start_server(graph, log, *options):
    """`kg serve` on a free port of 127.0.0.1; yields (process, base URL)."""
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0", "--graph", str(graph), *options],
                                stderr=err, stdout=subprocess.DEVNULL)
    return proc


@pytest.fixture(scope="module")
def server(seed_build, tmp_path_factory):
    _, graph = seed_build
    log = tmp_path_factory.mktemp("server") / "server.log"
    with serve(graph, log, "--timeout", "1.5", "--max-rows", "500") as base:
        yield base


def call(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def get(base, query, accept=None, **extra):
    qs = urllib.parse.urlencode({"query": query, **extra})
    return call(f"{base}/sparql?{qs}", headers={"Accept": accept} if accept else {})


def test_sparqlwrapper_select_and_construct(server):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(MEETINGS)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert [r["title"]["value"] for r in rows] == ["令和6年度 千葉県ICTアドバイザー会議 開催結果（概要）"]
    assert rows[0]["title"]["xml:lang"] == "ja"
    sw.setQuery("CONSTRUCT { ?i a ?c } WHERE { ?i a <https://w3id.org/kaigi-kg/ontology#Initiative>, ?c }")
    sw.setReturnFormat(TURTLE)
    ttl = sw.query().convert().decode("utf-8")
    assert "kgo:Initiative" in ttl and "スペースパトロール" in ttl


def test_sparqlwrapper_post(server):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    sw = SPARQLWrapper(server + "/sparql")
    sw.setMethod(POST)
    sw.setQuery("ASK { ?s a <https://w3id.org/kaigi-kg/ontology#Statement> }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True


@pytest.mark.parametrize("accept, ctype, check", [
    ("application/sparql-results+json", "application/sparql-results+json",
     lambda b: json.loads(b)["head"]["vars"] == ["m", "title"]),
    ("application/sparql-results+xml", "application/sparql-results+xml",
     lambda b: '<variable name="title"/>' in b and 'xml:lang="ja"' in b),
    ("text/csv", "text/csv", lambda b: b.startswith("m,title\r\n") and "開催結果" in b),
    ("text/tab-separated-values", "text/tab-separated-values",
     lambda b: b.startswith("?m\t?title\n") and '"令和6年度' in b),
    ("application/json", "application/sparql-results+json", lambda b: "bindings" in b),
    ("*/*", "application/sparql-results+json", lambda b: "bindings" in b),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json", lambda b: "bindings" in b),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml", lambda b: "<sparql" in b),
])
def test_select_content_negotiation(server, accept, ctype, check):
    status, headers, body = get(server, MEETINGS, accept)
    assert status == 200
    assert headers["Content-Type"].startswith(ctype)
    assert check(body)


@pytest.mark.parametrize("accept, ctype, marker", [
    ("text/turtle", "text/turtle", "@prefix"),
    ("application/n-triples", "application/n-triples", "> .\n"),
    ("application/ld+json", "application/ld+json", "@context"),
])
def test_graph_content_negotiation(server, accept, ctype, marker):
    status, headers, body = get(server, "DESCRIBE <https://w3id.org/kaigi-kg/id/initiative/スペースパトロール>", accept)
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    assert marker in body and "スペースパトロール" in body


def test_post_forms(server):
    form = urllib.parse.urlencode({"query": MEETINGS}).encode()
    status, _, body = call(server + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                      "Accept": "text/csv"})
    assert status == 200 and "開催結果" in body
    status, _, body = call(server + "/sparql", MEETINGS.encode(), {"Content-Type": "application/sparql-query",
                                                                   "Accept": "text/csv"})
    assert status == 200 and "開催結果" in body


def test_unsupported_type_is_406(server):
    status, _, body = get(server, MEETINGS, "image/png")
    assert status == 406 and "application/sparql-results+json" in body
    status, _, _ = get(server, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv")
    assert status == 406


def test_service_description(server):
    status, headers, body = call(server + "/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    from rdflib import Graph, URIRef
    g = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (URIRef(server + "/sparql"), URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g


@pytest.mark.parametrize("how", ["form", "content-type", "query-text"])
def test_update_is_refused(server, how):
    if how == "form":
        status, _, body = call(server + "/sparql", b"update=INSERT+DATA+%7B%3Ca%3E+%3Cb%3E+%3Cc%3E%7D",
                               {"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "content-type":
        status, _, body = call(server + "/sparql", b"INSERT DATA { <a> <b> <c> }",
                               {"Content-Type": "application/sparql-update"})
    else:
        status, _, body = get(server, "PREFIX x: <http://x/>\nDROP ALL")
    assert status == 403 and "read-only" in body
    assert get(server, "ASK { ?s ?p ?o }")[2].strip().endswith("true}")


def test_time_limit(server):
    started = time.time()
    status, _, body = get(server, HEAVY)
    assert status == 503 and "time limit of 1.5 s" in body
    assert time.time() - started < 15
    # the server still answers afterwards
    assert get(server, MEETINGS, "text/csv")[0] == 200


def test_result_size_limit(server):
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422 and "more than 500 rows" in body
    assert get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 10")[0] == 200


def test_malformed_query_is_400_with_the_parser_message(server):
    status, _, body = get(server, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and body.startswith("malformed query at line 1, column") and "\n" not in body.strip()
    status, _, body = get(server, "SELECT ?m WHERE { ?m a kgo:Meeting ; foo:bar ?x }")
    assert status == 400 and "unknown prefix foo:" in body  # kgo: is known without a PREFIX
    status, _, body = get(server, "SELEC * WHERE { ?s ?p ?o }")
    assert status == 400 and "starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not 'SELEC'" in body
    status, _, body = get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?m a kgo:Meeting }", "text/csv")
    assert status == 200 and body.split()[1] == "1"


def test_unknown_path_and_format(server):
    assert call(server + "/nope")[0] == 404
    assert get(server, MEETINGS, format="pdf")[0] == 400


def test_cors(server):
    status, headers, _ = call(server + "/sparql", method="OPTIONS",
                              headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
    assert status in (200, 204) and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    qs = urllib.parse.urlencode({"query": MEETINGS})
    assert call(f"{server}/sparql?{qs}", headers={"Origin": "http://example.org"})[1]["Access-Control-Allow-Origin"] == "*"


def test_named_queries_by_url(server):
    status, headers, body = call(server + "/queries/initiatives?speaker=" + urllib.parse.quote("今泉") + "&format=csv")
    assert status == 200
    assert body.splitlines()[1:] == ["ちばDXポータル,今泉,1,1", "スペースパトロール,今泉,1,1"]
    assert urllib.parse.parse_qs(headers["X-Query-Parameters"]) == {"speaker": ["今泉"]}  # the filter applied
    status, headers, body = call(server + "/queries/initiatives?format=json")
    assert "X-Query-Parameters" not in headers and "parameters" not in json.loads(body)["head"]
    status, _, listing = call(server + "/queries")
    assert status == 200 and len(json.loads(listing)) >= 12
    assert call(server + "/queries/nope")[0] == 404
    status, _, body = call(server + "/queries/search")
    assert status == 400 and "needs --param q" in body
    assert call(server + "/queries/search?q=x&colour=red")[0] == 400
    status, _, body = call(server + "/queries/search?q=govtech&format=csv")  # through the text index
    assert status == 200 and [line.split(",")[3] for line in body.splitlines()[1:]] == ["36"]


def test_page_is_offline_and_shows_licence(server):
    status, headers, html = call(server + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert 'lang="ja"' in html and "CC BY 4.0" in html and "を加工して作成" in html
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?https?:""", html), "no outside resources"
    assert "initiative-statements" in html


def test_query_page_in_chromium(server):
    """The page at / in headless Chromium: pick a named query, set its parameter, run it,
    see the table; nothing is fetched from any other host."""
    from browser import Page, browser
    with browser() as b:
        p = Page(b, allow_prefix=server)
        page = p.page
        page.goto(server + "/")
        assert "CC BY 4.0" in page.inner_text("#meta")
        page.select_option("#named", "initiatives")
        page.fill("#params input[name='speaker']", "今泉")
        page.click("#run")
        page.wait_for_selector("#results table")
        rows = page.eval_on_selector_all("#results tr", "rs => rs.map(r => [...r.cells].map(c => c.textContent))")
        assert rows[0] == ["initiative", "speaker", "statements", "meetings"]
        assert rows[1:] == [["ちばDXポータル", "今泉", "1", "1"], ["スペースパトロール", "今泉", "1", "1"]]
        assert "speaker=" in page.get_attribute("#csv", "href")
        # free text, and a malformed query shows the parser's message
        page.select_option("#named", "")
        page.fill("#query", "SELECT ?x WHERE { ?x ?y }")
        page.click("#run")
        page.wait_for_selector("#results .error")
        assert "malformed query" in page.inner_text("#results")
        # the usual prefixes are listed and work without PREFIX; graphs download as RDF/XML
        assert "kgo: schema: foaf:" in page.inner_text("#prefixes")
        page.fill("#query", "SELECT (COUNT(*) AS ?n) WHERE { ?m a kgo:Meeting }")
        page.click("#run")
        page.wait_for_selector("#results table")
        assert page.eval_on_selector_all("#results td", "tds => tds.map(t => t.textContent)") == ["1"]
        assert "format=rdfxml" in page.get_attribute("#rdfxml", "href")
        # an IRI that is no web address is shown as text, never a live link
        page.fill("#query", 'SELECT ?x ?y WHERE { BIND(IRI("javascript:alert(1)") AS ?x) BIND(IRI("https://example.org/") AS ?y) }')
        page.click("#run")
        page.wait_for_selector("#results table")
        assert page.eval_on_selector_all("#results a", "as => as.map(a => a.href)") == ["https://example.org/"]
        assert "javascript:alert(1)" in page.inner_text("#results")
        assert p.blocked == []
        assert all("400" in e for e in p.errors), p.errors  # only the refused query's status
        p.close()
