"""What a resource page shows, read from the store by triple patterns (no SPARQL to parse
or plan: a page is a few hundred index lookups): the resource's own triples, its parts
(selectors, mentions), the links to it, the evidence of its facts, and its previous and next
(statements and turns within a meeting, meetings of a council).

Tallies (``kgo:Tally``) are counts kept for queries, not facts: they are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS

from kg.rdf.namespaces import KGO, OA, SCHEMA

# (subject, predicate, object) with None for any, as rdflib terms → the matching triples
Match = Callable[[object, object, object], Iterable[tuple]]

INCOMING_SHOWN = 500  # links to a resource listed on its page (a theme has thousands)
EVIDENCE_SHOWN = 200  # statements quoted on a page
LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name)


def triples_of(store) -> Match:
    """The triple lookup of a ``kg.query.engines`` store (Oxigraph or rdflib)."""
    graph = getattr(store, "graph", None)
    if graph is not None:  # the rdflib store
        return lambda s, p, o: graph.triples((s, p, o))
    import pyoxigraph as ox

    from kg.query.engines import to_rdflib
    where = None if store.union else ox.DefaultGraph()

    back: dict = {}  # rdflib IRI → Oxigraph term, for the terms a lookup is asked with

    def ox_term(t):
        if t is None:
            return None
        if isinstance(t, URIRef):
            r = back.get(t)
            if r is None:
                if len(back) > 500_000:
                    back.clear()
                r = back[t] = ox.NamedNode(str(t))
            return r
        return ox.Literal(str(t), language=t.language) if t.language else \
            ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or "http://www.w3.org/2001/XMLSchema#string")))

    known: dict = {}  # Oxigraph term → rdflib term: a page meets the same few terms again and again

    def term(t):
        r = known.get(t)
        if r is None:
            if len(known) > 500_000:
                known.clear()
            r = known[t] = to_rdflib(t)
        return r

    def match(s, p, o) -> Iterator[tuple]:
        seen = set()
        for q in store.store.quads_for_pattern(ox_term(s), ox_term(p), ox_term(o), where):
            t = (term(q.subject), term(q.predicate), term(q.object))
            if where is None:  # the union of named graphs: a triple once
                if t in seen:
                    continue
                seen.add(t)
            yield t
    return match


@dataclass
class Value:
    term: object  # an rdflib term
    label: str = ""  # of an IRI, when the graph gives one

    @property
    def is_iri(self) -> bool:
        return isinstance(self.term, URIRef)


@dataclass
class Mark:
    start: int
    end: int
    target: str  # what the marked words refer to (or who spoke)
    label: str
    anchor: str = ""  # the mention's IRI, when the mark is one


@dataclass
class Evidence:
    statement: str
    text: str
    marks: list[Mark]
    speaker: str = ""  # as written in the source (今泉委員)
    speaker_marked: bool = False  # the fact is "spoke this": the name is the words
    whole: bool = False  # the resource is this statement: its whole text is marked when nothing else is
    source: str = ""
    source_label: str = ""
    span: tuple[int, int] | None = None  # offsets of the statement in the source
    meeting: str = ""
    position: int = 0

    def pieces(self) -> list[tuple[str, Mark | None]]:
        """The text cut at its marks: (text, mark or None); overlapping marks keep the first."""
        if self.whole and not self.marks:
            return [(self.text, Mark(0, len(self.text), self.statement, ""))]
        out: list[tuple[str, Mark | None]] = []
        at = 0
        for m in sorted(self.marks, key=lambda m: (m.start, -m.end, m.target)):
            if m.start < at or m.end > len(self.text) or m.start >= m.end:
                continue
            if m.start > at:
                out.append((self.text[at:m.start], None))
            out.append((self.text[m.start:m.end], m))
            at = m.end
        if at < len(self.text):
            out.append((self.text[at:], None))
        return out


@dataclass
class Description:
    iri: str
    label: str = ""
    types: list[str] = field(default_factory=list)
    out: list[tuple[str, list[Value]]] = field(default_factory=list)  # predicate → values, sorted
    incoming: list[tuple[str, list[Value]]] = field(default_factory=list)  # predicate → subjects
    incoming_total: int = 0
    parts: dict[str, list[tuple]] = field(default_factory=dict)  # part IRI → its (p, o)
    evidence: list[Evidence] = field(default_factory=list)
    previous: Value | None = None
    next: Value | None = None
    triples: set = field(default_factory=set)  # what the machine-readable forms hold

    @property
    def found(self) -> bool:
        return bool(self.out) or bool(self.incoming)


def pick_label(labels) -> str:
    """One label of several: Japanese first, then untagged, then any; the least of a kind."""
    labels = [x for x in labels if isinstance(x, Literal)]
    for want in ("ja", None):
        chosen = sorted(str(x) for x in labels if x.language == want)
        if chosen:
            return chosen[0]
    return min((str(x) for x in labels), default="")


class Lookup:
    """Lookups on one store, each label, type set and council's meetings asked once. One for
    a request (a server), or one for a whole site (its caches then hold every label)."""

    def __init__(self, match: Match):
        self.match = match
        self._labels: dict = {}
        self._types: dict = {}
        self._councils: dict = {}

    def objects(self, s, p) -> list:
        return [o for _, _, o in self.match(s, p, None)]

    def one(self, s, p):
        return next((o for _, _, o in self.match(s, p, None)), None)

    def label(self, node) -> str:
        if not isinstance(node, URIRef):
            return ""
        if node not in self._labels:
            self._labels[node] = pick_label(self.objects(node, RDFS.label))
        return self._labels[node]

    def types(self, node) -> set:
        if node not in self._types:
            self._types[node] = set(self.objects(node, RDF.type))
        return self._types[node]

    def meetings_of(self, council) -> list[tuple[str, str, URIRef]]:
        """(start, IRI text, IRI) of a council's meetings, in order."""
        if council not in self._councils:
            self._councils[council] = sorted(
                (str(self.one(m, SCHEMA.startDate) or ""), str(m), m)
                for m, _, _ in self.match(None, SCHEMA.organizer, council) if KGO.Meeting in self.types(m))
        return self._councils[council]


def describe(source: Match | Lookup, iri: str) -> Description:
    """The description of ``iri`` (not ``found`` when the graph holds nothing of it)."""
    g = source if isinstance(source, Lookup) else Lookup(source)
    match = g.match
    x = URIRef(iri)
    d = Description(iri)
    out: dict[str, list] = {}
    for _, p, o in match(x, None, None):
        out.setdefault(str(p), []).append(o)
        d.triples.add((x, p, o))
    if KGO.Tally in out.get(str(RDF.type), ()):
        return Description(iri)  # a count, not a resource
    d.out = [(p, [Value(o, g.label(o)) for o in sorted(set(os), key=_order)]) for p, os in sorted(out.items())]
    d.types = sorted(str(t) for t in out.get(str(RDF.type), ()))
    d.label = pick_label(o for p in map(str, LABELS) for o in out.get(p, ())) or iri
    _incoming(g, x, d)
    for part in [*g.objects(x, OA.hasSelector), *(s for s, _, _ in match(None, KGO.inStatement, x))]:
        for _, p, o in match(part, None, None):
            d.parts.setdefault(str(part), []).append((p, o))
            d.triples.add((part, p, o))
    d.evidence = _evidence(g, x, set(out.get(str(RDF.type), ())))
    if {KGO.Statement, KGO.Turn} & g.types(x):
        _in_meeting(g, x, d)
    if KGO.Meeting in g.types(x):
        _of_council(g, x, d)
    return d


def _order(term) -> tuple:
    return (not isinstance(term, URIRef), str(term), getattr(term, "language", "") or "")


def _incoming(g: Lookup, x: URIRef, d: Description) -> None:
    """Links to the resource, tallies and mentions aside (mentions are evidence), the first
    INCOMING_SHOWN by predicate and subject, all counted."""
    links = []
    for s, p, _ in g.match(None, None, x):
        if not g.types(s) & {KGO.Tally, KGO.Mention}:
            links.append((str(p), str(s), s, p))
    links.sort()
    d.incoming_total = len(links)
    grouped: dict[str, list[Value]] = {}
    for p_text, _, s, p in links[:INCOMING_SHOWN]:
        grouped.setdefault(p_text, []).append(Value(s, g.label(s)))
        d.triples.add((s, p, x))
    d.incoming = sorted(grouped.items())


def _evidence(g: Lookup, x: URIRef, types: set) -> list[Evidence]:
    """The statements that are evidence of the resource's facts: those mentioning it (the words
    marked), its own text and mentions when it is a statement, those it spoke (its name
    marked); the first EVIDENCE_SHOWN in meeting order."""
    marks: dict = {}  # statement → [(mention, target)]
    spoke: set = set()
    for m, _, _ in g.match(None, KGO.refersTo, x):
        for st in g.objects(m, KGO.inStatement):
            marks.setdefault(st, []).append((m, x))
    if KGO.Statement in types:
        marks.setdefault(x, [])
        for m, _, _ in g.match(None, KGO.inStatement, x):
            marks[x].extend((m, t) for t in g.objects(m, KGO.refersTo))
    for st, _, _ in g.match(None, KGO.speaker, x):
        spoke.add(st)
        marks.setdefault(st, [])
    keyed = sorted((str(g.one(st, KGO.meeting) or ""), _int(g.one(st, SCHEMA.position)), str(st), st) for st in marks)
    out = []
    for meeting, position, _, st in keyed[:EVIDENCE_SHOWN]:
        text = g.one(st, SCHEMA.text)
        if text is None:
            continue
        turn = g.one(st, KGO.turn)
        source = g.one(st, PROV.wasDerivedFrom)
        selector = g.one(st, OA.hasSelector)
        span = (_int(g.one(selector, OA.start)), _int(g.one(selector, OA.end))) if selector is not None else None
        ev = Evidence(str(st), str(text), [], speaker=str(g.one(turn, KGO.speakerLabel) or "") if turn else "",
                      speaker_marked=st in spoke, whole=st == x, source=str(source or ""),
                      source_label=g.label(source) if source is not None else "", span=span,
                      meeting=meeting, position=position)
        for m, target in sorted(set(marks[st]), key=lambda mt: (str(mt[0]), str(mt[1]))):
            ev.marks.append(Mark(_int(g.one(m, OA.start)), _int(g.one(m, OA.end)), str(target), g.label(target),
                                 str(m)))
        out.append(ev)
    return out


def _int(term) -> int:
    try:
        return int(str(term))
    except ValueError:
        return 0


def _in_meeting(g: Lookup, x: URIRef, d: Description) -> None:
    """A statement's or turn's neighbours: ``…/statement/N`` beside ``…/statement/N±1``, the
    position being N (kg.rdf.mapping), checked against the graph."""
    meeting, mine = g.one(x, KGO.meeting), _int(g.one(x, SCHEMA.position))
    kinds = g.types(x) & {KGO.Statement, KGO.Turn}
    stem = str(x).rsplit("/", 1)[0]
    for pos in (mine - 1, mine + 1):
        other = URIRef(f"{stem}/{pos}")
        if pos < 1 or not g.types(other) & kinds or g.one(other, KGO.meeting) != meeting:
            continue
        value = Value(other, g.label(other))
        if pos < mine:
            d.previous = value
        else:
            d.next = value


def _of_council(g: Lookup, x: URIRef, d: Description) -> None:
    council = g.one(x, SCHEMA.organizer)
    if council is None:
        return
    order = g.meetings_of(council)
    at = next((i for i, (_, key, _) in enumerate(order) if key == d.iri), None)
    if at is None:
        return

    def value(i: int) -> Value:
        day, _, m = order[i]
        return Value(m, f"{day[:10]} {g.label(m)}".strip())
    if at > 0:
        d.previous = value(at - 1)
    if at + 1 < len(order):
        d.next = value(at + 1)
