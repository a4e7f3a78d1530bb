"""Namespaces of the data model (DESIGN.md) and the prefixes every output binds."""

from __future__ import annotations

from rdflib import Literal, Namespace

from kg import vocabulary
from kg.vocabulary import compact_iri


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


KGO = Terms(vocabulary.KGO)
SCHEMA = Terms(vocabulary.SCHEMA)
ORG = Terms(vocabulary.ORG)
OA = Terms(vocabulary.OA)
THEME_NS = Namespace(vocabulary.THEME)

PREFIXES = {prefix: Namespace(iri) for prefix, iri in vocabulary.PREFIXES.items()}


def compact(term) -> str:
    """A readable name: literals as their text, IRIs with a known prefix where one fits."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    return compact_iri(str(term))


def bind_prefixes(graph) -> None:
    # replace=True so rdflib's own defaults (schema: in http form) never win.
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
