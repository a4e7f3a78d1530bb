"""Triples as text records that sort in output order, so that large graphs are merged and
written as streams of lines, never as sets of rdflib terms.

A record is ``subject NUL flag predicate NUL object`` with the object in N-Triples form and
flag 0 for rdf:type (a subject's types come first), 1 otherwise. NUL sorts before every
character of an IRI, so records sort as (subject, flag, predicate, object) tuples do.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator

from rdflib import Literal
from rdflib.namespace import RDF

SEP = "\x00"
_TYPE = str(RDF.type)
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_object(o) -> str:
    if isinstance(o, Literal):
        text = '"' + str(o).translate(_NT_ESCAPES) + '"'
        if o.language:
            return f"{text}@{o.language}"
        return f"{text}^^<{o.datatype}>" if o.datatype else text
    return f"<{o}>"


def record(s, p, o) -> str:
    return record_text(str(s), str(p), nt_object(o))


def record_text(s: str, p: str, o: str) -> str:
    """The record of a subject IRI, predicate IRI and an object in N-Triples form."""
    return f"{s}{SEP}{'0' if p == _TYPE else '1'}{p}{SEP}{o}"


def records(triples: Iterable[tuple]) -> list[str]:
    """The records of triples, sorted, each once."""
    return sorted({record(*t) for t in triples})


def subject_of(rec: str) -> str:
    return rec[:rec.index(SEP)]


def nt_line(rec: str) -> str:
    s, p, o = rec.split(SEP, 2)
    return f"<{s}> <{p[1:]}> {o} ."


def nq_line(rec: str, graph: str) -> str:
    s, p, o = rec.split(SEP, 2)
    return f"<{s}> <{p[1:]}> {o} <{graph}> ."


def merged(streams: Iterable[Iterable[str]]) -> Iterator[str]:
    """Sorted streams of records as one sorted stream, each record once."""
    last = None
    for rec in heapq.merge(*streams):
        if rec != last:
            yield rec
            last = rec
