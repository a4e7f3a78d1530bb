"""How graph.ttl and graph.trig are laid out, so that a build can write them from pieces it
remembers instead of from one sorted set of every triple.

A document's *own* nodes are its meeting and everything under the meeting's IRI (turns,
statements, mentions …): no other document has them. Its other triples (people, bodies,
roles, initiatives, themes) are *shared*: several documents may state them. graph.ttl is the
records in sorted order, each once, where each document's own nodes are one block (they are
contiguous in sorted order anyway, but for a meeting key that prefixes another, 2025-03-24
and 2025-03-24-2); blocks are serialized once per document and kept. graph.trig is one
block per named graph, in IRI order.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.rdf.records import nt_line, subject_of
from kg.rdf.write import graph_from_turtle, prefix_header, serialize_lines, subject_blocks, trig_block, without_prefixes


@dataclass(frozen=True)
class DocumentParts:
    """What is written of one document: its sorted shared records and serialized pieces."""

    graph: str  # the named graph: the source document's IRI
    meeting: str | None  # the IRI under which its own nodes lie (a meeting's; a tally part's graph;
    # None: every node shared)
    shared: list[str]
    ttl: bytes  # Turtle of the own nodes, without @prefix lines
    trig: bytes  # the named graph in TriG, without @prefix lines
    counts: dict[str, int]  # own typed nodes and triples


def is_own(rec: str, meeting: str | None) -> bool:
    if meeting is None:
        return False
    s = subject_of(rec)
    return s == meeting or s.startswith(meeting + "/")


def document_parts(recs: list[str], graph: str, meeting: str | None, counted: dict[str, str]) -> DocumentParts:
    """Split a document's sorted records and serialize its pieces. ``counted``: N-Triples
    object of a class → the name it is counted under (Meeting → meetings)."""
    lines = [nt_line(r) for r in recs]
    mine = [is_own(r, meeting) for r in recs]
    own = [r for r, m in zip(recs, mine) if m]
    shared = [r for r, m in zip(recs, mine) if not m]
    counts = count_types(own)
    # Serialized once: the named graph is the whole Turtle indented, and the own nodes' Turtle
    # is their subjects' blocks of it (a subject serializes alike alone or among others).
    whole = without_prefixes(serialize_lines(lines, "ttl"))
    blocks = subject_blocks(whole)
    firsts = [i for i, r in enumerate(recs) if i == 0 or subject_of(r) != subject_of(recs[i - 1])]
    if len(blocks) == len(firsts):
        ttl = b"".join(block for block, i in zip(blocks, firsts) if mine[i])
        trig = graph_from_turtle(whole, graph)
    else:  # a layout the cut does not expect: serialize each piece on its own
        own_lines = [line for line, m in zip(lines, mine) if m]
        ttl, trig = without_prefixes(serialize_lines(own_lines, "ttl")), trig_block(recs, graph)
    return DocumentParts(graph, meeting, shared, ttl, trig,
                         {**{counted[k]: n for k, n in counts.items() if k in counted}, "triples": len(own)})


_TYPE_MARK = "\x000http://www.w3.org/1999/02/22-rdf-syntax-ns#type\x00"


def type_of(rec: str) -> str | None:
    """The class (N-Triples object) a record gives its subject with rdf:type, if it does."""
    return rec[rec.rindex("\x00") + 1:] if _TYPE_MARK in rec else None


def count_types(recs: Iterable[str]) -> dict[str, int]:
    """How many records say ``rdf:type`` each class (N-Triples object → count)."""
    out: dict[str, int] = {}
    for r in recs:
        if (o := type_of(r)) is not None:
            out[o] = out.get(o, 0) + 1
    return out


Block = bytes | Path  # a serialized piece, or the file that holds it


def _put(out: BinaryIO, block: Block) -> None:
    """Write a piece; a file is copied by the kernel (graph files run to gigabytes)."""
    if isinstance(block, bytes):
        out.write(block)
        return
    out.flush()
    with block.open("rb") as src:
        size, at = os.fstat(src.fileno()).st_size, 0
        try:
            while at < size:
                sent = os.sendfile(out.fileno(), src.fileno(), at, size - at)
                if sent == 0:
                    break
                at += sent
        except (AttributeError, OSError):  # no sendfile between files here (macOS, Windows)
            pass
        if at < size:
            src.seek(at)
            shutil.copyfileobj(src, out, 1 << 20)


def write_ttl(out: BinaryIO, blocks: Sequence[tuple[str, Block]], shared: Iterator[str]) -> None:
    """graph.ttl: ``blocks`` (meeting IRI, its Turtle) and the sorted, unique ``shared``
    records, interleaved in sorted order."""
    out.write(prefix_header("ttl"))
    pending: list[str] = []
    ordered = sorted(blocks)
    i = 0

    def flush():
        if pending:
            out.write(without_prefixes(serialize_lines(pending, "ttl")))
            pending.clear()
    last = None
    for rec in shared:
        while i < len(ordered) and ordered[i][0] < rec:
            flush()
            _put(out, ordered[i][1])
            i += 1
        subject = subject_of(rec)
        if len(pending) >= 20_000 and subject != last:
            flush()  # at a subject's end: a chunk serializes as it would in the whole
        pending.append(nt_line(rec))
        last = subject
    flush()
    for _, block in ordered[i:]:
        _put(out, block)


def write_trig(out: BinaryIO, blocks: list[tuple[str, Block]]) -> None:
    """graph.trig: named graph blocks in IRI order."""
    out.write(prefix_header("trig"))
    for _, block in sorted(blocks, key=lambda b: b[0]):
        _put(out, block)
