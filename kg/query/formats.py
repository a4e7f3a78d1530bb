"""Serialize query results: SPARQL 1.1 JSON, XML, CSV and TSV, an aligned table, and
Turtle / N-Triples / JSON-LD for graph results. Used by `kg query` and the endpoint."""

from __future__ import annotations

import csv
import io
import json
import re

import pyoxigraph as ox

from kg.query.engines import Result
from kg.query.table import table
from kg.vocabulary import XSD, compact_iri

_STRING = ox.NamedNode(XSD + "string")

# Media types, as the endpoint negotiates them.
SELECT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",  # what SPARQLWrapper and rdflib's SPARQLStore ask for first
    "nquads": "application/n-quads",
    "trig": "application/trig",
}


def term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype != _STRING:  # a simple literal names no datatype
        out["datatype"] = term.datatype.value
    return out


def to_json(result: Result, params: dict | None = None) -> str:
    """SPARQL 1.1 Query Results JSON; a named query's parameters go in head.parameters."""
    head = {"parameters": params} if params else {}
    if result.kind == "ask":
        return json.dumps({"head": head, "boolean": result.boolean}, ensure_ascii=False) + "\n"
    bindings = [{v: term_json(t) for v, t in zip(result.variables, row) if t is not None}
                for row in result.terms]
    return json.dumps({"head": {"vars": result.variables, **head}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


def _term_xml(term) -> str:
    from xml.sax.saxutils import escape, quoteattr  # imports urllib.request: only for XML
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    attr = f" xml:lang={quoteattr(term.language)}" if term.language else \
        (f" datatype={quoteattr(term.datatype.value)}" if term.datatype != _STRING else "")
    return f"<literal{attr}>{escape(term.value)}</literal>"


def to_xml(result: Result) -> str:
    from xml.sax.saxutils import quoteattr
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.terms:
            out.append("<result>" + "".join(
                f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                for v, t in zip(result.variables, row) if t is not None) + "</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def to_csv(result: Result, cell=str) -> str:
    """SPARQL 1.1 CSV: plain values, CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
        return buf.getvalue()
    writer.writerow(result.variables)
    for row in result.terms:
        writer.writerow(["" if t is None else (str(t) if isinstance(t, ox.BlankNode) else cell(t.value)) for t in row])
    return buf.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _inert(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs: one starting like a formula
    (``=HYPERLINK(…)``, ``@SUM(…)``, ``+…``, ``-…``) gets a leading apostrophe; numbers stay."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_excel_csv(result: Result) -> str:
    """CSV for Excel, which reads UTF-8 only after a byte-order mark; a text that Excel would
    take for a formula (statement texts are quoted from pages anyone could write) is made
    inert with a leading apostrophe (OWASP's advice for CSV injection)."""
    return "\ufeff" + to_csv(result, _inert)


def to_plain_tsv(result: Result) -> str:
    """Tab-separated plain values (text, numbers, IRIs), as CSV has them: for spreadsheets."""
    if result.kind == "ask":
        return "boolean\n" + ("true" if result.boolean else "false") + "\n"
    from kg.query.table import delimited
    return delimited(result.variables, [["" if t is None else t.value for t in row] for row in result.terms], "\t")


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax (<iri>, "text"@ja)."""
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.terms:
        lines.append("\t".join("" if t is None else str(t) for t in row))
    return "\n".join(lines) + "\n"


def to_table(result: Result, max_width: int | None = None) -> str:
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    return table(result.variables, [[_readable(t) for t in row] for row in result.terms], max_width)


def _readable(term) -> str:
    """A table's cell: a literal's text, an IRI with a known prefix where one fits."""
    if term is None:
        return ""
    return compact_iri(term.value) if isinstance(term, ox.NamedNode) else term.value


def graph_text(result: Result, fmt: str = "turtle") -> str:
    from kg.rdf.namespaces import bind_prefixes
    g = result.graph
    assert g is not None, "a CONSTRUCT or DESCRIBE result holds a graph"
    bind_prefixes(g)
    if fmt == "nt":
        return "".join(sorted(g.serialize(format="nt").splitlines(keepends=True)))
    if fmt == "json-ld":
        return g.serialize(format="json-ld", auto_compact=True)
    if fmt == "rdfxml":
        return g.serialize(format="pretty-xml")
    if fmt in ("nquads", "trig"):  # a CONSTRUCT result is one (default) graph
        from rdflib import Dataset
        ds = Dataset()
        for t in g:
            ds.add(t)
        bind_prefixes(ds)
        text = ds.serialize(format="nquads" if fmt == "nquads" else "trig")
        return "".join(sorted(text.splitlines(keepends=True))) if fmt == "nquads" else text
    return g.serialize(format="turtle")


WRITERS = {"json": to_json, "xml": to_xml, "csv": to_csv, "excel-csv": to_excel_csv, "tsv": to_tsv,
           "plain-tsv": to_plain_tsv, "table": to_table}


def serialize(result: Result, fmt: str, *, max_width: int | None = None, params: dict | None = None) -> str:
    """Text of a result in ``fmt``; graph results are Turtle for any tabular format."""
    if result.kind == "graph":
        return graph_text(result, fmt if fmt in GRAPH_TYPES else "turtle")
    if fmt == "table":
        return to_table(result, max_width)
    if fmt == "json":
        return to_json(result, params)
    return WRITERS[fmt](result)
