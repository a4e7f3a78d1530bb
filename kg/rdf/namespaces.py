"""Namespaces of the data model (DESIGN.md) and the prefixes every output binds."""

from __future__ import annotations

from rdflib import Literal, Namespace
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


class Terms(Namespace):
    """A namespace whose terms are made once: rdflib makes a new URIRef at every ``NS.term``,
    which was a fifth of the time of building a document's triples."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # pickling and copy probe dunder names
            raise AttributeError(name)
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


class Cached:
    """The same for rdflib's own namespaces (DCTERMS.format, SKOS.prefLabel …), as a proxy:
    ``Cached(DCTERMS).title`` is made once, then read like any attribute."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name: str):
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str):
        return self._ns[name]


KGO = Terms("https://w3id.org/kaigi-kg/ontology#")
SCHEMA = Terms("https://schema.org/")  # the https form only (DESIGN.md)
ORG = Terms("http://www.w3.org/ns/org#")
OA = Terms("http://www.w3.org/ns/oa#")
THEME_NS = Namespace("https://w3id.org/kaigi-kg/theme/")  # the bundled SKOS theme scheme
DEFAULT_BASE = "https://w3id.org/kaigi-kg/id/"

PREFIXES = {
    "kgo": KGO, "schema": SCHEMA, "foaf": FOAF, "org": ORG, "skos": SKOS, "dcterms": DCTERMS,
    "prov": PROV, "oa": OA, "dcat": DCAT, "void": VOID, "xsd": XSD, "rdfs": RDFS, "owl": OWL,
    "rdf": RDF, "sh": SH,
}


def compact(term) -> str:
    """A readable name: literals as their text, IRIs with a known prefix where one fits."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and "/" not in text[len(str(ns)):]:
            return f"{prefix}:{text[len(str(ns)):]}"
    return text


def bind_prefixes(graph) -> None:
    # replace=True so rdflib's own defaults (schema: in http form) never win.
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
