"""The identity step's triples: the corpus's named graph ``…/people``.

- each scored or decided pair is a ``kgo:IdentityLink`` naming the two person nodes, its score
  and reasons, its status (same, candidate, different), the researcher's decision and note when
  there is one, and as evidence the attendee-list memberships of each side (their selectors
  give the characters of each list);
- a pair that is one person is also ``owl:sameAs`` both ways: the standard pattern, so any
  reasoner or ``(owl:sameAs|^owl:sameAs)*`` in SPARQL joins them, and the person nodes the
  summaries made stay as they are (no document changes when a link comes or goes);
- each person of a link that holds gets, per post, an ``org:Membership`` with
  ``org:memberDuring`` (an OWL-Time interval from the first meeting's date to the last's): the
  career the links make visible.

A corpus with no pair writes no such graph: the seed's graph stays as it was.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from kg.people.identity import SAME, Identity
from kg.people.match import Person, rules
from kg.rdf.iri import Minter
from kg.rdf.mapping import membership_iri
from kg.rdf.namespaces import KGO, ORG


def graph_iri(minter: Minter) -> URIRef:
    return minter.iri("people")


def _ja(text: str) -> Literal:
    return Literal(text, lang="ja")


class _Writer:
    def __init__(self, identity: Identity, meetings: list[tuple[str, str]], minter: Minter):
        self.identity = identity
        self.meetings = meetings  # (council, meeting key) of each roster, in corpus order
        self.mint = minter
        self.graph = graph_iri(minter)
        self.g: set[tuple] = set()
        self.iris: dict[str, tuple[URIRef, list[URIRef]]] = {}  # person key → (IRI, evidence): made once

    def add(self, s, p, o):
        self.g.add((s, p, o))

    def _made(self, p: Person) -> tuple[URIRef, list[URIRef]]:
        if p.key not in self.iris:
            firsts = sorted({p.seen[0], p.seen[-1]}, key=lambda x: x[0])  # the first and last entries
            self.iris[p.key] = (self.mint.iri("person", *p.first.parts),
                                [membership_iri(self.mint.meeting(*self.meetings[n]), s.name, s.posts[0][0])
                                 for n, _, s in firsts])
        return self.iris[p.key]

    def person(self, p: Person) -> URIRef:
        return self._made(p)[0]

    def evidence(self, node: URIRef, p: Person) -> None:
        """The first and last attendee-list entries of a person: their memberships."""
        for membership in self._made(p)[1]:
            self.add(node, KGO.evidence, membership)

    def link(self, x) -> None:
        a, b = self.person(x.a), self.person(x.b)
        node = Minter.child(self.graph, "link", x.a.key, x.b.key)
        word = {"same": "同一人物", "candidate": "同一人物の候補", "different": "別人"}[x.status]
        self.add(node, RDF.type, KGO.IdentityLink)
        self.add(node, RDFS.label, _ja(f"{word}: {x.a.key} – {x.b.key}"))
        self.add(node, KGO.person, a)
        self.add(node, KGO.person, b)
        self.add(node, KGO.score, Literal(f"{x.score:.2f}", datatype=XSD.decimal))
        self.add(node, KGO.identityStatus, Literal(x.status))
        for r in x.reasons:
            self.add(node, KGO.reason, _ja(rules().reasons[r]))
        self.add(node, PROV.wasDerivedFrom, self.graph)
        self.evidence(node, x.a)
        self.evidence(node, x.b)
        if x.decision is not None:  # the researcher's word, from people.toml
            self.add(node, KGO.researcherDecided, Literal(True))
            if x.decision.note:
                self.add(node, SKOS.note, _ja(x.decision.note))
        if x.status == SAME:
            self.add(a, OWL.sameAs, b)
            self.add(b, OWL.sameAs, a)

    def career(self, p: Person) -> None:
        """Per post of a linked person: an org:Membership over the dates it was seen."""
        posts: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        for _, date, s in p.seen:
            for role, path in s.posts:
                if date:
                    posts.setdefault((role, path), []).append(date)
        person = self.person(p)
        for (role, path), dates in sorted(posts.items()):
            node = Minter.child(self.graph, "career", p.first.key, role, *path[1:])
            org = self.mint.org(path) if path else self.mint.council(p.first.council)
            self.add(node, RDF.type, ORG.Membership)
            self.add(node, RDFS.label, _ja(f"{p.first.name} {role} {min(dates)}–{max(dates)}"))
            self.add(node, ORG.member, person)
            self.add(node, ORG.organization, org)
            self.add(node, ORG.role, self.mint.role(role))
            interval = Minter.child(node, "period")
            self.add(node, ORG.memberDuring, interval)
            self.add(interval, RDF.type, TIME.Interval)
            self.add(interval, RDFS.label, _ja(f"{min(dates)}–{max(dates)}"))
            for prop, date, leaf in ((TIME.hasBeginning, min(dates), "beginning"), (TIME.hasEnd, max(dates), "end")):
                instant = Minter.child(interval, leaf)
                self.add(interval, prop, instant)
                self.add(instant, RDF.type, TIME.Instant)
                self.add(instant, RDFS.label, _ja(date))
                self.add(instant, TIME.inXSDDate, Literal(date, datatype=XSD.date))

    def build(self) -> set[tuple]:
        linked: dict[str, Person] = {}
        for x in self.identity.links:
            self.link(x)
            if x.status == SAME:
                linked.update({x.a.key: x.a, x.b.key: x.b})
        for key in sorted(linked):
            self.career(linked[key])
        if self.g:
            self.add(self.graph, RDF.type, PROV.Entity)
            self.add(self.graph, RDFS.label, _ja("人物の同定（会議体をまたぐ同一人物）"))
        return self.g


def people_triples(identity: Identity, meetings: list[tuple[str, str]], minter: Minter) -> set[tuple]:
    """The triples of ``identity``; ``meetings`` gives each roster's (council, meeting key)."""
    return _Writer(identity, meetings, minter).build()

