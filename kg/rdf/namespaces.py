"""Namespaces of the data model (DESIGN.md) and the prefixes every output binds."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    VOID,
    XSD,
)

KGO = Namespace("https://w3id.org/kaigi-kg/ontology#")
SCHEMA = Namespace("https://schema.org/")  # the https form only (DESIGN.md)
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
DEFAULT_BASE = "https://w3id.org/kaigi-kg/id/"

PREFIXES = {
    "kgo": KGO, "schema": SCHEMA, "foaf": FOAF, "org": ORG, "skos": SKOS, "dcterms": DCTERMS,
    "prov": PROV, "oa": OA, "dcat": DCAT, "void": VOID, "xsd": XSD, "rdfs": RDFS, "owl": OWL,
    "rdf": RDF, "sh": SH,
}


def bind_prefixes(graph) -> None:
    # replace=True so rdflib's own defaults (schema: in http form) never win.
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
