"""Named SPARQL queries: one ``.rq`` file each in ``kg/query/queries/``, with a header giving the
title, description and parameters::

    # title: Statements mentioning an initiative, with speaker and date
    # description: …
    # param: initiative ja = スペースパトロール — the initiative's Japanese name

A parameter is ``NAME TYPE [= DEFAULT] — description``; TYPE is ``ja`` (a Japanese-tagged
literal), ``string``, ``text`` (words to search for, put in search's form: NFKC, lower case),
``integer``, ``iri`` or ``theme`` (a theme key or Japanese label). A
parameter with no default is left unbound (matches anything), unless it is required
(``(required)`` in its description). Values are bound as RDF terms, written into the query
as one inline ``VALUES`` row in N-Triples syntax (``inline_bindings``; pyoxigraph's terms print so), never as raw text.
A line ``# text index: ?s contains ?q`` lets a store with a text index narrow ?s to the
subjects whose text holds ?q (``narrow_by_text``); elsewhere it stays a comment. A line
``# speaker in council: ?label from ?node ?name ?council`` is read as the SPARQL that names a
speaker as every count does (``kg.query.speakers.in_council_sparql``: 事務局（council）).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError, ParamError, QueryNotFound
from kg.query.speakers import in_council_sparql
from kg.read.normalize import search_form
from kg.vocabulary import XSD

if TYPE_CHECKING:
    from pyoxigraph import NamedNode

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
TYPES = ("ja", "name", "string", "text", "integer", "iri", "theme")
_PARAM_RE = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)(?:\s*=\s*(?P<default>.*?))?\s*(?:—\s*(?P<doc>.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        return self.default is None and "(required)" in self.description


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    def to_dict(self, text: bool = False) -> dict:
        """The query as JSON shows it (kg queries --format json, the endpoint's /queries and
        query page); with ``text``, its SPARQL too."""
        out = {"name": self.name, "title": self.title, "description": self.description,
               "params": [{"name": p.name, "type": p.type, "default": p.default, "required": p.required,
                           "description": p.description} for p in self.params]}
        return {**out, "text": self.text} if text else out

    def bindings(self, values: dict[str, str] | None = None,
                 theme: Callable[[str], NamedNode] | None = None,
                 name: Callable[[str], list[str]] | None = None) -> dict[str, object]:
        """RDF terms (pyoxigraph's) for the given values (strings), defaults filling the rest. ``theme``
        resolves a theme parameter against the queried graph's scheme, ``name`` a person's name
        against the names the graph holds (see service.prepare)."""
        values = dict(values or {})
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ParamError(f"query {self.name!r} has no parameter {', '.join(map(repr, unknown))}; "
                             f"it takes: {', '.join(sorted(known)) or 'none'}")
        import pyoxigraph as ox
        out: dict[str, object] = {}
        for p in self.params:
            value = values.get(p.name, p.default)
            if value is None or value == "":
                if p.required:
                    raise ParamError(f"query {self.name!r} needs --param {p.name}=… ({p.description})")
                continue
            if p.type == "name":  # 岩田光男, 岩田 光男 or 岩田: the names as the graph writes them
                found = name(value) if name else [value]
                terms = tuple(ox.Literal(n, language="ja") for n in found)
                out[p.name] = terms[0] if len(terms) == 1 else terms
                continue
            if p.type == "theme":
                if theme is None:
                    raise ParamError(f"parameter {p.name} names a theme: it needs the graph's theme scheme")
                out[p.name] = theme(value)
            else:
                out[p.name] = to_term(p, value)
        return out


def to_term(p: Param, value: str):
    import pyoxigraph as ox
    if p.type == "ja":
        return ox.Literal(value, language="ja")
    if p.type == "string":
        return ox.Literal(value)
    if p.type == "text":  # words to search for, in the form search compares (see kgo:searchText)
        return ox.Literal(search_form(value))
    if p.type == "integer":
        try:
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
        except ValueError:
            raise ParamError(f"parameter {p.name} must be a whole number, not {value!r}") from None
    if p.type == "iri":
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$", value):
            raise ParamError(f"parameter {p.name} must be an IRI, not {value!r}")
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise ParamError(f"parameter {p.name} must be an IRI, not {value!r}") from None
    raise ParamError(f"parameter {p.name} has unknown type {p.type!r}")


_IN_COUNCIL = re.compile(r"^([ \t]*)# speaker in council: \?(\w+) from \?(\w+) \?(\w+) \?(\w+)[ \t]*$", re.M)


def _speakers_in_council(text: str) -> str:
    """Each ``# speaker in council:`` line made the SPARQL it names (see the module's docstring)."""
    def bind(m: re.Match) -> str:
        indent, label, node, name, council = m.groups()
        return indent + in_council_sparql(f"?{label}", f"?{node}", f"?{name}", f"?{council}")
    return _IN_COUNCIL.sub(bind, text)


def parse_query_file(path: Path) -> NamedQuery:
    text = _speakers_in_council(path.read_text(encoding="utf-8"))
    head = {"title": "", "description": ""}
    params = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        key, value = key.strip(), value.strip()
        if key == "param":
            m = _PARAM_RE.match(value)
            if not m or m.group("type") not in TYPES:
                raise KgError(f"bad param line (NAME TYPE [= DEFAULT] — description; TYPE one of "
                              f"{', '.join(TYPES)})", path=path, line=n)
            params.append(Param(m.group("name"), m.group("type"), m.group("default"), m.group("doc") or ""))
        elif key in head:
            head[key] = value
    if not head["title"]:
        raise KgError("named query has no '# title:' line", path=path, line=1)
    return NamedQuery(path.stem, head["title"], head["description"], tuple(params), text)


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


PARAMETERS_HERE = "# parameters here"  # where a query wants its VALUES row (each such line), if not at the top


def inline_bindings(text: str, bindings: dict | None) -> str:
    """The query with ``VALUES (?a ?b) { (t1 t2) }`` opening its WHERE group, or in place of
    each ``# parameters here`` line (search puts it in the subquery that filters the texts, so
    the filter sees the parameter before any join; theme-cooccurrence in both of its branches,
    each of which asks whether a council was given). Stores join from there, so a bound parameter
    narrows every pattern after it (Oxigraph's own substitutions filter the results afterwards:
    9 s instead of 0.08 s for one speaker's initiatives at 10,000 meetings); an endpoint gets
    the same text."""
    if not bindings:
        return text
    names = " ".join(f"?{k}" for k in bindings)
    # a parameter may hold several terms (a family name of several people): one row each
    choices = [v if isinstance(v, tuple) else (v,) for v in bindings.values()]
    rows = " ".join("(" + " ".join(map(str, combo)) + ")" for combo in itertools.product(*choices))
    row = f"VALUES ({names}) {{ {rows} }}"
    if PARAMETERS_HERE in text:
        return text.replace(PARAMETERS_HERE, row)
    m = _WHERE.search(text)
    if not m:
        raise ParamError("parameters need a query with a WHERE clause")
    return f"{text[:m.end()]}\n  {row}\n{text[m.end():]}"


_TEXT_INDEX = re.compile(r"^([ \t]*)# text index: \?(\w+) contains \?(\w+)[ \t]*$", re.M)


def narrow_by_text(text: str, bindings: dict | None, lookup: Callable[[str], list[str] | None]) -> str:
    """The query with its ``# text index: ?s contains ?q`` line, when ?q is bound, made a
    ``VALUES ?s { … }`` of the subjects ``lookup`` (a text index) says have a text containing
    ?q; unchanged when there is no such line or the index cannot say. The query must still
    filter the texts itself: the index proposes, the filter decides."""
    m = _TEXT_INDEX.search(text)
    if not m or not bindings or m.group(3) not in bindings:
        return text
    found = lookup(bindings[m.group(3)].value)
    if found is None:
        return text
    row = f"{m.group(1)}VALUES ?{m.group(2)} {{ {' '.join(f'<{iri}>' for iri in sorted(found))} }}"
    return text[:m.start()] + row + text[m.end():]


@lru_cache(maxsize=4)
def library(folder: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def is_query_text(text: str) -> bool:
    """SPARQL text rather than a query name (names have no spaces or braces)."""
    return any(c.isspace() for c in text.strip()) or "{" in text


def get(name: str, folder: Path = QUERIES_DIR) -> NamedQuery:
    queries = library(folder)
    if name in queries:
        return queries[name]
    import difflib
    close = difflib.get_close_matches(name, queries, n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise QueryNotFound(f"no named query {name!r}.{hint} `kg queries` lists them.")
