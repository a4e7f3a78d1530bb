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


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_object(o) -> str:
    if isinstance(o, Literal):
        text = '"' + str(o).translate(_NT_ESCAPES) + '"'
        if o.language:
            return f"{text}@{o.language}"
        return f"{text}^^<{o.datatype}>" if o.datatype else text
    return f"<{o}>"


def _lines(triples) -> list[str]:
    """N-Triples lines of triples, in output order."""
    return [f"<{s}> <{p}> {_nt_object(o)} ." for s, p, o in sorted(triples, key=_key)]


CHUNK = 20_000  # lines parsed at a time: the whole graph never sits in memory as one text


def _serialize_chunks(chunks, in_format, out_format) -> bytes:
    """Oxigraph parses the lines chunk by chunk (in C, keeping their order) and writes them with
    prefixes, a subject's triples grouped: faster than building its terms one by one."""
    import pyoxigraph as ox

    def statements():
        for lines in chunks:
            if lines:
                yield from ox.parse(("\n".join(lines) + "\n").encode("utf-8"), format=in_format)
    prefixes = None if out_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS) else _ox_prefixes()
    return ox.serialize(statements(), format=out_format, prefixes=prefixes)


def _triple_chunks(triples):
    ordered = sorted(triples, key=_key)
    for i in range(0, len(ordered), CHUNK):
        yield [f"<{s}> <{p}> {_nt_object(o)} ." for s, p, o in ordered[i:i + CHUNK]]


def _quad_chunks(graphs):
    for name, g in sorted(graphs, key=lambda ng: str(ng[0] or "")):
        tail = " ." if name is None else f" <{name}> ."
        yield [line[:-2] + tail for line in _lines(g)]


def graph_and_dataset(union, graphs: list[tuple[URIRef, object]]) -> tuple[bytes, bytes]:
    """graph.ttl (``union``: every triple once) and graph.trig (each of ``graphs`` named)."""
    import pyoxigraph as ox
    return (_serialize_chunks(_triple_chunks(union), ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE),
            _serialize_chunks(_quad_chunks(graphs), ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG))


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
    return _serialize_chunks(_triple_chunks(graph), ox.RdfFormat.N_TRIPLES, kinds[fmt])


def dataset_bytes(graphs: list[tuple[URIRef | None, object]], fmt: str = "trig") -> bytes:
    """Named graphs (None: the default graph) as TriG or N-Quads, graphs in IRI order."""
    import pyoxigraph as ox
    kind = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
    return _serialize_chunks(_quad_chunks(graphs), ox.RdfFormat.N_QUADS, kind)


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
