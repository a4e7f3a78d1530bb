"""Write RDF fast and byte-stable: triples sorted (rdf:type first within a subject), then
serialized by Oxigraph, which keeps the given order and groups a subject's triples.
JSON-LD goes through rdflib to be compacted with ``ontology/context.jsonld``."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.rdf.namespaces import PREFIXES
from kg.resources import ontology_file

CONTEXT = ontology_file("context.jsonld")
FORMATS = {  # name → (media type, file suffix)
    "ttl": ("text/turtle", ".ttl"),
    "nt": ("application/n-triples", ".nt"),
    "jsonld": ("application/ld+json", ".jsonld"),
    "rdfxml": ("application/rdf+xml", ".rdf"),
    "trig": ("application/trig", ".trig"),
    "nq": ("application/n-quads", ".nq"),
}
DATASET_FORMATS = ("trig", "nq")


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term."""
    import pyoxigraph as ox
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _key(triple) -> tuple:
    s, p, o = triple
    return (str(s), p != RDF.type, str(p), o.n3())


def sorted_triples(graph) -> list:
    return sorted(graph, key=_key)


def _ox_prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items() if k != "sh"}


def graph_bytes(graph, fmt: str = "ttl") -> bytes:
    """A graph (an rdflib Graph or any iterable of triples) in ``fmt``."""
    import pyoxigraph as ox
    if fmt == "jsonld":
        if not isinstance(graph, Graph):
            g = Graph()
            for t in graph:
                g.add(t)
            graph = g
        return jsonld_bytes(graph)
    kinds = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}
    triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in sorted_triples(graph)]
    prefixes = None if fmt == "nt" else _ox_prefixes()
    return ox.serialize(triples, format=kinds[fmt], prefixes=prefixes)


def dataset_bytes(graphs: list[tuple[URIRef | None, object]], fmt: str = "trig") -> bytes:
    """Named graphs (None: the default graph) as TriG or N-Quads, graphs in IRI order."""
    import pyoxigraph as ox
    quads = []
    for name, g in sorted(graphs, key=lambda ng: str(ng[0] or "")):
        graph_name = ox.NamedNode(str(name)) if name is not None else ox.DefaultGraph()
        quads += [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name) for s, p, o in sorted_triples(g)]
    kind = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
    return ox.serialize(quads, format=kind, prefixes=_ox_prefixes() if fmt == "trig" else None)


def jsonld_bytes(graph: Graph) -> bytes:
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    doc = json.loads(graph.serialize(format="json-ld", context=context))
    # rdflib's node and value order follows hashing: sort nodes by id and each property's
    # values (JSON-LD arrays are unordered unless @list, which we never use).
    nodes = doc.get("@graph", [doc])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                value.sort(key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    if "@graph" in doc:
        doc["@graph"].sort(key=lambda node: node.get("id", node.get("@id", "")))
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def union(graphs: list[tuple[URIRef | None, Graph]]) -> Graph:
    g = Graph()
    for _, part in graphs:
        g += part
    return g


def read_dataset(path: Path) -> list[tuple[URIRef | None, Graph]]:
    """The named graphs of a TriG/N-Quads file, or one unnamed graph for a triples file."""
    from kg.rdf.load import load_graph, rdf_format
    fmt = rdf_format(path)
    if fmt not in ("trig", "nquads"):
        return [(None, load_graph(path))]
    ds = Dataset()
    from kg.rdf.load import parse_or_fail
    parse_or_fail(lambda: ds.parse(path, format=fmt), path, fmt)
    out = []
    for g in ds.graphs():
        if len(g) == 0:
            continue
        name = None if g.identifier == ds.default_graph.identifier else URIRef(str(g.identifier))
        copy = Graph()
        copy += g
        out.append((name, copy))
    return out
