"""Write RDF fast and byte-stable: triples sorted (rdf:type first within a subject), then
serialized by Oxigraph, which keeps the given order and groups a subject's triples.
JSON-LD goes through rdflib to be compacted with ``ontology/context.jsonld``."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import BinaryIO

from rdflib import Graph, URIRef

from kg.rdf.namespaces import PREFIXES
from kg.rdf.records import nq_line, nt_line, record_text, records, subject_of
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


CHUNK = 20_000  # records serialized at a time: the whole graph never sits in memory as one text


def _ox_prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items() if k != "sh"}


def _ox_format(fmt: str):
    import pyoxigraph as ox
    return {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
            "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}[fmt]


def serialize_lines(lines: list[str], fmt: str, quads: bool = False) -> bytes:
    """N-Triples (or N-Quads) lines in ``fmt``, in their order, a subject's triples grouped.
    Oxigraph parses them in C: faster than making terms one by one."""
    import pyoxigraph as ox
    if not lines:
        return b""
    parsed = ox.parse(("\n".join(lines) + "\n").encode("utf-8"),
                      format=ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES)
    prefixes = None if fmt in ("nt", "nq") else _ox_prefixes()
    return ox.serialize(parsed, format=_ox_format(fmt), prefixes=prefixes) or b""


def without_prefixes(data: bytes) -> bytes:
    """A serialization less its @prefix lines: chunks of one document are joined so."""
    at = 0
    while data.startswith(b"@prefix", at):
        at = data.index(b"\n", at) + 1
    return data[at:]


@lru_cache(maxsize=4)
def prefix_header(fmt: str) -> bytes:
    """The @prefix lines Oxigraph writes at the top of a Turtle or TriG document."""
    if fmt in ("nt", "nq", "rdfxml"):
        return b""
    line = '<urn:x:s> <urn:x:p> "o"' + (" <urn:x:g>" if fmt == "trig" else "") + " ."
    data = serialize_lines([line], fmt, quads=fmt == "trig")
    return data[:len(data) - len(without_prefixes(data))]


def _subject_chunks(recs: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    """N-Triples lines of sorted records, cut where a subject ends: each chunk serializes on
    its own to the same text it has inside the whole document."""
    chunk: list[str] = []
    subject = None
    for rec in recs:
        s = subject_of(rec)
        if len(chunk) >= size and s != subject:
            yield chunk
            chunk = []
        chunk.append(nt_line(rec))
        subject = s
    if chunk:
        yield chunk


def _turtle_chunk(lines: list[str]) -> bytes:
    return without_prefixes(serialize_lines(lines, "ttl"))


def write_turtle(recs: Iterable[str], out: BinaryIO, imap=map, also=None) -> None:
    """Sorted records as Turtle into ``out``; ``imap`` may serialize chunks in other processes;
    ``also(lines)`` receives each chunk's N-Triples lines too (a store being loaded)."""
    out.write(prefix_header("ttl"))

    def chunks():
        for chunk in _subject_chunks(recs):
            if also is not None:
                also(chunk)
            yield chunk
    for part in imap(_turtle_chunk, chunks()):
        out.write(part)


def trig_block(recs: list[str], graph: str) -> bytes:
    """One named graph of a TriG document (without the @prefix lines)."""
    return without_prefixes(serialize_lines([nq_line(r, graph) for r in recs], "trig", quads=True))


def subject_blocks(ttl: bytes) -> list[bytes]:
    """Turtle (without @prefix lines) cut into its subjects' blocks: Oxigraph begins each
    subject on a line of its own and indents the rest."""
    return re.split(rb"(?<=\n)(?=[^\t])", ttl) if ttl else []


def graph_from_turtle(ttl: bytes, graph: str) -> bytes:
    """The TriG block ``trig_block`` writes for a named graph whose triples' Turtle (without
    @prefix lines) is ``ttl``: Oxigraph's TriG is that Turtle, each line indented, between the
    graph's braces. A document is then serialized once, not twice."""
    if not ttl:
        return b""
    head = trig_block([record_text("urn:x:s", "urn:x:p", '"o"')], graph)
    return head[:head.index(b"\n") + 1] + b"\t" + ttl[:-1].replace(b"\n", b"\n\t") + b"\n}\n"


def graph_bytes(graph, fmt: str = "ttl") -> bytes:
    """A graph (an rdflib Graph or any iterable of triples) in ``fmt``."""
    if fmt == "jsonld" and isinstance(graph, Graph):
        return jsonld_bytes(graph)
    return records_bytes(records(graph), fmt)


def records_bytes(recs: Iterable[str], fmt: str) -> bytes:
    """Sorted records (``kg.rdf.records``) as a triple format: ttl, nt, rdfxml or jsonld."""
    if fmt == "ttl":
        out = io.BytesIO()
        write_turtle(recs, out)
        return out.getvalue()
    lines = [nt_line(r) for r in recs]
    if fmt == "nt":
        return b"".join(serialize_lines(lines[i:i + CHUNK], "nt") for i in range(0, len(lines), CHUNK))
    if fmt == "rdfxml":
        return serialize_lines(lines, "rdfxml")
    g = Graph()  # JSON-LD is compacted by rdflib with the published context
    g.parse(data="\n".join(lines), format="nt")
    return jsonld_bytes(g)


def dataset_bytes(graphs: Sequence[tuple[URIRef | None, Iterable[tuple]]], fmt: str = "trig") -> bytes:
    """Named graphs (None: the default graph) as TriG or N-Quads, graphs in IRI order."""
    return dataset_records_bytes([(str(name) if name is not None else None, records(g)) for name, g in graphs], fmt)


def dataset_records_bytes(graphs: list[tuple[str | None, list[str]]], fmt: str = "trig") -> bytes:
    """Graphs as (name or None for the default graph, sorted records), as TriG or N-Quads."""
    ordered = sorted(graphs, key=lambda ng: ng[0] or "")
    if fmt == "nq":
        lines = [nt_line(r)[:-2] + (f" <{name}> ." if name else " .") for name, recs in ordered for r in recs]
        return b"".join(serialize_lines(lines[i:i + CHUNK], "nq", quads=True) for i in range(0, len(lines), CHUNK))
    return prefix_header("trig") + b"".join(
        without_prefixes(serialize_lines([nt_line(r) for r in recs], "trig", quads=True)) if name is None
        else trig_block(recs, name) for name, recs in ordered)


def graph_and_dataset(union, graphs: Sequence[tuple[URIRef, Iterable[tuple]]]) -> tuple[bytes, bytes]:
    """graph.ttl (``union``: every triple once) and graph.trig (each of ``graphs`` named)."""
    return graph_bytes(union, "ttl"), dataset_bytes(graphs, "trig")


def jsonld_bytes(graph: Graph) -> bytes:
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    doc = json.loads(graph.serialize(format="json-ld", context=context))
    # rdflib's node and value order follows hashing: sort nodes by id and each property's
    # values (JSON-LD arrays are unordered unless @list, which we never use).
    nodes = doc.get("@graph", [doc])
    for node in nodes:
        for value in node.values():
            if isinstance(value, list):
                value.sort(key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    if "@graph" in doc:
        doc["@graph"].sort(key=lambda node: node.get("id", node.get("@id", "")))
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
