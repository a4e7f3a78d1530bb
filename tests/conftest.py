"""Shared fixtures: the real seed summary, and its graph built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
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


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed built through the real pipeline and written to graph.ttl, parsed back."""
    from kg.pipeline import build_graph, write_graph

    out = tmp_path_factory.mktemp("seed-build")
    result = build_graph([SEED])
    path = write_graph(result, out)
    return result, path


@pytest.fixture(scope="session")
def seed_graph(seed_build) -> Graph:
    _, path = seed_build
    return Graph().parse(path, format="turtle")
