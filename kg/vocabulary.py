"""The IRIs of the data model as plain strings, with no RDF library behind them: commands that
only query (kg query, kg serve) read their prefixes and base from here, where importing rdflib
for them cost 140 ms of every run. kg/rdf/namespaces.py makes rdflib namespaces of the same IRIs."""

from __future__ import annotations

KGO = "https://w3id.org/kaigi-kg/ontology#"
SCHEMA = "https://schema.org/"  # the https form only (DESIGN.md)
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
THEME = "https://w3id.org/kaigi-kg/theme/"  # the bundled SKOS theme scheme
DEFAULT_BASE = "https://w3id.org/kaigi-kg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# The prefixes every output binds, in the order they are written.
PREFIXES = {
    "kgo": KGO, "schema": SCHEMA, "foaf": "http://xmlns.com/foaf/0.1/", "org": ORG,
    "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#", "oa": OA, "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#", "xsd": XSD, "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def compact_iri(iri: str) -> str:
    """``kgo:Meeting`` for an IRI under a known prefix (the local name holding no '/'); else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and "/" not in iri[len(ns):]:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def speaker_in_council(name: str, council: str) -> str:
    """How a speaker who is no one person is named wherever speakers are counted (the build's
    tallies and the named queries alike): 事務局（council）."""
    return f"{name}（{council}）"
