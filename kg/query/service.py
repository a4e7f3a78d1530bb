"""One way to turn "a query by name or as SPARQL text, with parameters" into text and bound
terms, used by the CLI, the Python API and the endpoint alike.

Theme parameters resolve against the theme scheme held in the graph being queried (the one it
was built with, ``--themes`` included), not against the default scheme file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.errors import ParamError, ReadOnly
from kg.query.named import NamedQuery, get, is_query_text
from kg.query.prefixes import with_usual_prefixes
from kg.read.normalize import nfkc

if TYPE_CHECKING:
    from pyoxigraph import NamedNode

_CONCEPTS = """SELECT ?c ?label WHERE {
  ?c a <http://www.w3.org/2004/02/skos/core#Concept> ;
     <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"""


@dataclass(frozen=True)
class PreparedQuery:
    text: str
    bindings: dict = field(default_factory=dict)
    named: NamedQuery | None = None
    values: dict = field(default_factory=dict)  # the parameters given, as the caller wrote them

    @property
    def applied(self) -> dict[str, str]:
        """The parameters that shape the answer (given or default), for the output to name."""
        if self.named is None:
            return {}
        return {p.name: value for p in self.named.params if (value := self.values.get(p.name, p.default) or "")}


def prepare(query: str, params: Mapping[str, object] | None = None,
            run: Callable | None = None, allow_service: tuple[str, ...] = ()) -> PreparedQuery:
    """``query`` is a named query's name or SPARQL text; ``params`` bind a named query's
    parameters (values are turned into strings). ``run(text, bindings)`` executes SPARQL on
    the graph; it resolves theme parameters. SERVICE is refused unless its host is in
    ``allow_service``, and a query nested deeper than the engine reads safely (``check_shape``).
    Raises ParamError for a bad call, QueryRefused for a refused query."""
    if not isinstance(query, str) or not query.strip():
        raise ParamError("give a query name or SPARQL text")
    values = {k: str(v) for k, v in (params or {}).items()}
    if is_query_text(query):
        if values:
            raise ParamError("parameters go with a named query, not with SPARQL text "
                             f"(got {', '.join(sorted(values))})")
        # The lexical checks compile large patterns (a quarter of a one-off `kg query`'s start):
        # a named query, ours, needs none of them.
        from kg.query.guard import READ_ONLY, check_service, check_shape, looks_like_update
        if looks_like_update(query):
            raise ReadOnly(READ_ONLY)
        check_shape(query)
        check_service(query, allow_service)
        return PreparedQuery(with_usual_prefixes(query))
    named = get(query)
    themes = (lambda value: theme_in_graph(value, run)) if run is not None else None
    names = (lambda value: name_in_graph(value, run)) if run is not None else None
    return PreparedQuery(named.text, named.bindings(values, themes, names), named, values)


_NAMES = "SELECT DISTINCT ?n WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n }"


def _bare(name: str) -> str:
    return "".join(nfkc(name).split())


def name_in_graph(value: str, run: Callable) -> list[str]:
    """The names as the graph writes them for ``value``: given with or without spaces (岩田光男
    for 岩田 光男; one written form a person), or a family name alone (岩田: every full name that
    starts with it, one a person); ``[value]`` when the graph has no such name."""
    written = sorted({row[0].value for row in run(_NAMES, {}).terms})
    if value in written:
        return [value]
    wanted = _bare(value)
    same = [n for n in written if _bare(n) == wanted]
    if same:
        return same[:1]
    by_person: dict[str, str] = {}
    for n in written:  # one written form of each full name that starts with the family name
        if wanted and (n.split()[0] == value or _bare(n).startswith(wanted)):
            by_person.setdefault(_bare(n), n)
    return sorted(by_person.values()) or [value]


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _key(concept: str) -> str:
    """A theme's key: the last segment of its IRI (dx-talent)."""
    return concept.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def theme_in_graph(value: str, run: Callable) -> NamedNode:
    """The concept of the graph's theme scheme whose key (last IRI segment) or label is
    ``value`` (compared after NFKC)."""
    import pyoxigraph as ox
    result = run(_CONCEPTS, {})
    concepts: dict[str, list[str]] = {}  # by IRI
    for concept, label in result.terms:
        concepts.setdefault(concept.value, []).append(label.value)
    wanted = nfkc(value).casefold()
    for concept in sorted(concepts):
        if wanted in {nfkc(x).casefold() for x in (_key(concept), *concepts[concept])}:
            return ox.NamedNode(concept)

    def ja(concept: str) -> str:  # a Japanese label: one with kana or kanji
        return next((x for x in sorted(concepts[concept]) if _JAPANESE.search(x)), "")

    known = ", ".join(f"{_key(c)} ({ja(c)})" if ja(c) else _key(c) for c in sorted(concepts, key=_key))
    raise ParamError(f"unknown theme {value!r}; themes (key or Japanese label): {known or 'none in this graph'}")
