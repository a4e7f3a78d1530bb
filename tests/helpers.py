"""What tests import: the checkout's paths, the seed, SPARQL on an rdflib graph, one summary
read as `kg build` reads it. (conftest.py holds the fixtures.)"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt"

PREFIXES = """
PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def sparql(graph: Graph, query: str, **bindings):
    """Rows of a SELECT on ``graph`` as tuples of Python values (str/int/…)."""
    rows = graph.query(PREFIXES + query, initBindings=bindings or None)
    return [tuple(v.toPython() if v is not None else None for v in row) for row in rows]


def read_one(path: Path, *named: Path):
    """One summary read, parsed and identified as `kg build` reads it, when the user named
    ``named`` (default: the file itself) on the command line."""
    from kg.corpus.steps import read_minutes, source_roots
    from kg.parse.councils import load_councils
    return read_minutes(path, load_councils(), source_roots(named or [path]))


def serve(graph, log: Path, *options: str, stdout=None):
    """`kg serve` on a free port of 127.0.0.1 for a ``with`` block: yields the base URL. Its
    standard error goes to ``log``, its standard output (the access log) to ``stdout``."""
    import contextlib
    import re
    import subprocess
    import sys
    import time

    @contextlib.contextmanager
    def running():
        with open(log, "w", encoding="utf-8") as err:
            proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0", "--graph", str(graph),
                                     *options], stderr=err, stdout=stdout or subprocess.DEVNULL)
        try:
            deadline = time.time() + 60
            while time.time() < deadline:
                if m := re.search(r"http://127\.0\.0\.1:(\d+)/sparql", log.read_text(encoding="utf-8")):
                    break
                if proc.poll() is not None:
                    raise RuntimeError(log.read_text(encoding="utf-8"))
                time.sleep(0.1)
            else:
                raise RuntimeError("kg serve did not start")
            yield f"http://127.0.0.1:{m.group(1)}"
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return running()
