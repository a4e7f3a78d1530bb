"""SPARQL over a built graph, on Oxigraph (default, fast) or rdflib (reference).

Both stores give one ``Result`` made of pyoxigraph terms, so results compare and serialize the
same way whichever store ran the query, and a query from the shell never imports rdflib (140 ms);
``Result.rows`` gives rdflib terms to the library's callers that want them. Parameters are bound
as RDF terms (an inline VALUES row on Oxigraph, rdflib's initBindings), never spliced into the
query as raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError, KgError, QueryError
from kg.query import BACKENDS
from kg.query.named import PARAMETERS_HERE, inline_bindings, narrow_by_text
from kg.query.scope import Scope
from kg.query.sparql_errors import friendly
from kg.rdf.load import graph_file, named_graphs_beside, ox_format, rdf_format
from kg.store.folder import STORE, current_store, has_graphs, open_read_only, settled_store, texts_current
from kg.vocabulary import XSD

if TYPE_CHECKING:
    from rdflib import Graph

@dataclass
class Result:
    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    terms: list[tuple] = field(default_factory=list)  # pyoxigraph terms or None (unbound)
    boolean: bool | None = None
    triples: list[tuple] | None = None  # a graph result's (subject, predicate, object), pyoxigraph terms
    truncated: bool = False  # more rows than the limit asked for

    @cached_property
    def graph(self) -> Graph | None:
        """A graph result as an rdflib graph (for its serializers), None for other results."""
        if self.triples is None:
            return None
        from rdflib import Graph
        g = Graph()
        for t in self.triples:
            g.add(tuple(map(to_rdflib, t)))
        return g

    @cached_property
    def rows(self) -> list[tuple]:
        """The rows as rdflib terms (None when unbound), each distinct term converted once: rows
        repeat names, themes and counts (16,000 rows of person-theme-matrix hold 1,200 terms)."""
        seen: dict = {None: None}
        return [tuple(seen[t] if t in seen else seen.setdefault(t, to_rdflib(t)) for t in row) for row in self.terms]


# Oxigraph stores derived integer types as xsd:integer (it canonicalizes datatypes); the
# rdflib store mirrors that so both give identical results. Our data uses only
# xsd:nonNegativeInteger (oa:start, oa:end), as the Web Annotation vocabulary asks.
_INTEGER_TYPES = {XSD + t for t in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
                                    "unsignedByte")}


def to_rdflib(term):
    """A pyoxigraph term as rdflib's (xsd:string literals as simple literals, RDF 1.1's same thing)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == XSD + "string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt), normalize=False)
    raise TypeError(f"unexpected term {term!r}")


def to_oxigraph(term):
    """An rdflib term as pyoxigraph's; derived integer types become xsd:integer, as Oxigraph gives them."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        dt = str(term.datatype) if term.datatype else None
        if dt in _INTEGER_TYPES:
            dt = XSD + "integer"
        return ox.Literal(str(term), datatype=ox.NamedNode(dt) if dt else None)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


# -- Oxigraph ----------------------------------------------------------------------------

def uses_named_graphs(text: str) -> bool:
    """Does a query reach named graphs (GRAPH, FROM, FROM NAMED)? Only then are they loaded for
    a one-off `kg query`: parsing graph.trig as well costs seconds on a large build."""
    return bool(re.search(r"\bGRAPH\b|\bFROM\b", text, re.I))


def _dataset(scope: Scope | None) -> dict:
    """Oxigraph's arguments for the dataset a request names (none when it names none)."""
    import pyoxigraph as ox
    if scope is None or not scope.names_dataset:
        return {}
    return {"default_graph": [ox.NamedNode(g) for g in scope.default or ()],
            "named_graphs": [ox.NamedNode(g) for g in scope.named or ()]}


class OxigraphStore:
    name = "oxigraph"

    def __init__(self, store, union: bool = False, files: Path | None = None, texts: Path | None = None):
        """``store``: a pyoxigraph Store; ``union``: query its default graph as the union of its
        named graphs; ``files``: the graph.ttl a query that reaches named graphs is answered
        from, when the store holds none; ``texts``: the store folder whose text index narrows
        a search."""
        self.store, self.union, self.files, self.texts = store, union, files, texts
        self.from_files: OxigraphStore | None = None  # loaded from ``files`` on first use

    @classmethod
    def from_file(cls, path: Path, named_graphs: bool = True) -> OxigraphStore:
        """A graph file loaded in memory. A dataset file alone (one named graph per source) is
        queried as the union of its graphs; beside a build's graph.ttl, its named graphs are
        loaded as they are."""
        import pyoxigraph as ox
        union = rdf_format(path) in ("trig", "nquads")
        store = ox.Store()
        named = named_graphs_beside(path) if named_graphs else None
        for file in (path, *((named,) if named else ())):
            try:
                store.bulk_load(path=str(file), format=ox_format(file))
            except SyntaxError as exc:
                raise InputError(f"cannot parse: {exc}", path=file) from None
        return cls(store, union=union)

    @classmethod
    def on_disk(cls, folder: Path, graph: Path) -> OxigraphStore:
        """The persistent store a build keeps (opened read-only, in milliseconds; its default
        graph holds the union already). When it holds no named graphs, a query that reaches
        them (GRAPH, FROM NAMED) is answered from ``graph`` and the graph.trig beside it."""
        # A text index changed since the build (edited, cut short) would propose too few
        # statements: then searches read every text instead.
        return cls(open_read_only(folder), files=None if has_graphs(folder) else graph,
                   texts=folder if texts_current(folder) else None)

    # More subjects than this from the text index, and the query reads every text itself: the
    # rows are then so many that looking each statement up costs nearly what the scan does
    # (40,000 of 363,000: 5.6 s against 6.5 s at 10,000 meetings).
    TEXT_CANDIDATES = 50_000

    def _for(self, text: str, scope: Scope | None = None) -> OxigraphStore | None:
        """The store from the files, for a query the on-disk store cannot answer (see on_disk)."""
        if self.files is None or not (uses_named_graphs(text) or (scope is not None and scope.names_dataset)):
            return None
        if self.from_files is None:
            self.from_files = OxigraphStore.from_file(self.files, named_graphs=True)
        return self.from_files

    def query(self, text: str, bindings: dict | None = None, limit: int | None = None,
              scope: Scope | None = None) -> Result:
        if other := self._for(text, scope):
            return other.query(text, bindings, limit, scope)
        if (folder := self.texts) is not None:
            from kg.store.texts import containing
            text = narrow_by_text(text, bindings, lambda words: containing(folder, words, self.TEXT_CANDIDATES))
        try:
            answer = self.store.query(inline_bindings(text, bindings), base_iri=scope.base if scope else None,
                                      use_default_graph_as_union=self.union, **_dataset(scope))
        except SyntaxError as exc:
            raise QueryError(friendly(str(exc), text)) from None
        except ValueError as exc:  # a graph IRI the request named that is not an IRI
            raise QueryError(f"bad graph IRI: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise _failed(exc) from None
        # The answer is computed as it is read: the engine's errors (a SERVICE call refused, a
        # storage error) come from the loop below as well, and are the query's failure too.
        try:
            return _read(answer, limit)
        except (OSError, RuntimeError, ValueError) as exc:
            raise _failed(exc) from None

    def values(self, text: str) -> list[tuple]:
        """A SELECT's rows as plain values (IRIs and lexical forms as str, None when unbound):
        for code that reads many rows and needs no RDF terms (the report)."""
        if other := self._for(text):
            return other.values(text)
        try:
            answer = self.store.query(text, use_default_graph_as_union=self.union)
        except SyntaxError as exc:
            raise QueryError(friendly(str(exc), text)) from None
        names = [v.value for v in answer.variables]
        try:
            return [tuple(None if (t := row[n]) is None else t.value for n in names) for row in answer]
        except (OSError, RuntimeError, ValueError) as exc:
            raise _failed(exc) from None


def _failed(exc: Exception) -> QueryError:
    return QueryError(f"query failed: {' '.join(str(exc).split())[:300]}")


def _read(answer, limit: int | None) -> Result:
    """An Oxigraph answer as a Result: at most ``limit`` rows (or triples)."""
    import pyoxigraph as ox
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows: list[tuple] = []
        truncated = False
        for solution in answer:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append(tuple(solution[n] for n in names))
        return Result("select", variables=names, terms=rows, truncated=truncated)
    triples: list[tuple] = []
    for t in answer:
        if limit is not None and len(triples) >= limit:
            return Result("graph", triples=triples, truncated=True)
        triples.append((t.subject, t.predicate, t.object))
    return Result("graph", triples=triples)


# -- rdflib ------------------------------------------------------------------------------

class RdflibStore:
    name = "rdflib"

    def __init__(self, path: Path):
        from kg.rdf.load import load_graph
        self.graph = load_graph(path)

    def query(self, text: str, bindings: dict | None = None, limit: int | None = None,
              scope: Scope | None = None) -> Result:
        from pyparsing import ParseException
        if scope is not None and scope.names_dataset:
            raise QueryError("default-graph-uri and named-graph-uri are answered on the Oxigraph store only "
                             "(the default; this one runs on rdflib)")
        # several values, or a place the query names for them (inside a subquery): VALUES rows
        if bindings and (any(isinstance(v, tuple) for v in bindings.values()) or PARAMETERS_HERE in text):
            text, bindings = inline_bindings(text, bindings), None
        terms = {k: to_rdflib(v) for k, v in (bindings or {}).items()}
        try:
            answer = self.graph.query(text, initBindings=terms or None, base=scope.base if scope else None)
        except ParseException as exc:
            raise QueryError(f"malformed query: {exc}") from None
        except RecursionError:
            raise QueryError("the query nests too deep for the rdflib store") from None
        except Exception as exc:  # rdflib reports an unknown prefix as a bare Exception
            if "Unknown namespace prefix" in str(exc):
                raise QueryError(f"malformed query: {exc}") from None
            raise
        if answer.type == "ASK":
            return Result("ask", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            names = [str(v) for v in answer.vars]
            rows = [tuple(map(to_oxigraph, row)) for row in answer]
            truncated = limit is not None and len(rows) > limit
            return Result("select", variables=names, terms=rows[:limit] if truncated else rows, truncated=truncated)
        return Result("graph", triples=[tuple(map(to_oxigraph, t)) for t in answer])

    def values(self, text: str) -> list[tuple]:
        return [tuple(None if t is None else t.value for t in row) for row in self.query(text).terms]


def open_store(path: str | Path = "outputs", backend: str = "oxigraph", named_graphs: bool = True,
               store_only: bool = False):
    """The store over a graph file, or over what a folder `kg build` wrote: its persistent
    store when it matches graph.ttl and graph.trig; else graph.ttl as the default graph and,
    with ``named_graphs``, graph.trig's graph per source document, loaded in memory.
    ``store_only`` (the endpoint's workers): a folder's store is used as it stands even when a
    build has written new graph files and not yet the store (the last complete build keeps
    serving, never a graph loaded in memory); a store being changed is an error."""
    file = graph_file(path)
    if backend == "oxigraph":
        on_disk = current_store(file.parent) if file.name == "graph.ttl" else None
        if store_only and on_disk is None and (file.parent / STORE).is_dir():
            on_disk = settled_store(file.parent)
            if on_disk is None:
                raise KgError("the store is being changed by a build", path=file.parent / STORE)
        if on_disk is not None:
            try:
                return OxigraphStore.on_disk(on_disk, file)
            except (OSError, RuntimeError):
                pass  # unreadable (another program's lock, a disk error, damage): the files still answer
        return OxigraphStore.from_file(file, named_graphs)
    if backend == "rdflib":
        return RdflibStore(file)
    raise KgError(f"unknown store {backend!r}: use one of {', '.join(BACKENDS)}")
