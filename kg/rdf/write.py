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


_TYPE = RDF.type  # looked up once: rdflib namespace attributes cost a call each


def _key(triple) -> tuple:
    s, p, o = triple
    return (str(s), p != _TYPE, str(p), o.n3())


def sorted_triples(graph) -> list:
    return sorted(graph, key=_key)


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_object(o) -> str:
    if isinstance(o, Literal):
        text = '"' + str(o).translate(_NT_ESCAPES) + '"'
        if o.language:
            return f"{text}@{o.language}"
        return f"{text}^^<{o.datatype}>" if o.datatype else text
    return f"<{o}>"


def keyed(triples) -> list[tuple[tuple, str]]:
    """(sort key, N-Triples line) of each triple, in output order."""
    items = sorted(((_key(t), t) for t in triples), key=lambda kt: kt[0])
    return [(k, f"<{k[0]}> <{k[2]}> {_nt_object(t[2])} .") for k, t in items]


def _serialize_lines(lines: list[str], in_format, out_format) -> bytes:
    """Oxigraph parses the lines (in C, keeping their order) and writes them with prefixes,
    a subject's triples grouped: much faster than building Oxigraph terms one by one."""
    import pyoxigraph as ox
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return ox.serialize(ox.parse(data, format=in_format), format=out_format, prefixes=_ox_prefixes())


def graph_and_dataset(documents: list[tuple[URIRef, object]], extra, named_extra: tuple[URIRef, object]
                      ) -> tuple[bytes, bytes]:
    """graph.ttl (the union of the documents and ``extra``) and graph.trig (each document as
    a named graph, plus ``named_extra``), sorting each triple once."""
    import heapq

    import pyoxigraph as ox
    graphs = sorted([*documents, named_extra], key=lambda ng: str(ng[0]))
    items = {name: keyed(g) for name, g in graphs}
    quads = [line[:-1] + f"<{name}> ." for name, _ in graphs for _, line in items[name]]
    merged, last = [], None
    for k, line in heapq.merge(*(items[name] for name, _ in documents), keyed(extra), key=lambda kl: kl[0]):
        if k != last:  # a node shared by documents (council, person, unit) is written once
            merged.append(line)
            last = k
    return (_serialize_lines(merged, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE),
            _serialize_lines(quads, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG))


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
    lines = [line for _, line in keyed(graph)]
    if fmt == "nt":
        return _serialize_lines(lines, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_TRIPLES)
    return _serialize_lines(lines, ox.RdfFormat.N_TRIPLES, kinds[fmt])


def dataset_bytes(graphs: list[tuple[URIRef | None, object]], fmt: str = "trig") -> bytes:
    """Named graphs (None: the default graph) as TriG or N-Quads, graphs in IRI order."""
    import pyoxigraph as ox
    quads = []
    for name, g in sorted(graphs, key=lambda ng: str(ng[0] or "")):
        quads += [line if name is None else line[:-1] + f"<{name}> ." for _, line in keyed(g)]
    kind = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
    return _serialize_lines(quads, ox.RdfFormat.N_QUADS, kind)


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
