"""Build the RDF graph of one parsed summary (DESIGN.md's data model).

One ``Minutes`` gives one set of rdflib-term triples; the pipeline unions them (one graph per source
document is what later lets a reuser replace one meeting). No blank nodes: every node has
an IRI so that output is stable and every piece of evidence can be addressed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rdflib import Literal, URIRef
from rdflib import namespace as ns

from kg.model import Attendee, Entity, Mention, Minutes, Span, Speaker
from kg.rdf.attendance import attendance_triples
from kg.rdf.iri import Minter
from kg.rdf.namespaces import KGO, OA, ORG, SCHEMA, THEME_NS, Cached
from kg.read.normalize import nfkc, search_form

DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD = map(Cached, (ns.DCTERMS, ns.FOAF, ns.OWL, ns.PROV, ns.RDF,
                                                           ns.RDFS, ns.SKOS, ns.XSD))
SECRETARIAT = "事務局"


def ja(text: str) -> Literal:
    return Literal(text, lang="ja")


def _when(value: dt.datetime | dt.date) -> Literal:
    return Literal(value)  # xsd:dateTime keeps its +09:00; a bare date is xsd:date


def _excerpt(text: str, n: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[:n] + "…"


class _DocumentBuilder:
    """Adds one document's triples; holds the IRIs it mints so each is made once."""

    def __init__(self, minutes: Minutes, minter: Minter, meeting_key: str,
                 mentions: Sequence[Mention] = (), entities: EntityIndex | None = None):
        self.m = minutes
        # By statement: scanning every mention for each statement was quadratic in a long text
        self.mentions: dict[int, list[Mention]] = {}
        for m in mentions:
            self.mentions.setdefault(m.statement, []).append(m)
        self._entities: dict[str, URIRef] = {}  # entity key -> node, described once
        self.entities = entities
        self.mint = minter
        self.g: set[tuple] = set()  # plain triples: rdflib's store costs ~10x more per add
        self.series = minutes.series
        self.top = minutes.body or self.series  # no known body: the council's own staff
        self.meeting = minter.meeting(self.series, meeting_key)
        self.source = minter.source(self.series, meeting_key)
        self.council = minter.council(self.series)
        self.attendee_iris: list[URIRef] = []  # the person of each of minutes.attendees
        self.unlisted: dict[str, URIRef] = {}  # speakers named in the discussion only

    def add(self, s, p, o):
        self.g.add((s, p, o))

    def named(self, node: URIRef, cls: URIRef, label: str, *more_classes: URIRef):
        self.add(node, RDF.type, cls)
        for c in more_classes:
            self.add(node, RDF.type, c)
        self.add(node, RDFS.label, ja(label))

    def selector(self, owner: URIRef, span: Span, name: str = "selector") -> URIRef:
        node = Minter.child(owner, name)
        self.named(node, OA.TextPositionSelector, f"文字位置 {span.start}–{span.end}")
        self.add(node, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(node, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(owner, OA.hasSelector, node)
        self.add(owner, PROV.wasDerivedFrom, self.source)
        return node

    # -- the pieces ------------------------------------------------------------------------
    def source_document(self):
        src = self.m.source
        self.named(self.source, KGO.SourceDocument, self.m.title, FOAF.Document, PROV.Entity)
        self.add(self.source, DCTERMS.title, ja(self.m.title))
        self.add(self.source, KGO.sha256, Literal(src.sha256))
        self.add(self.source, KGO.fileName, Literal(src.name))
        self.add(self.source, KGO.encoding, Literal(src.encoding))
        self.add(self.source, DCTERMS.format, Literal(src.media_type))
        if src.url:
            self.add(self.source, DCTERMS.source, URIRef(src.url))

    def council_and_meeting(self):
        m = self.m
        self.named(self.council, KGO.Council, self.series, ORG.Organization)
        self.add(self.council, SKOS.prefLabel, ja(self.series))
        secretariat = self.mint.secretariat(self.series)
        self.named(secretariat, ORG.Organization, f"{self.series} {SECRETARIAT}")
        self.add(secretariat, SKOS.prefLabel, ja(SECRETARIAT))
        self.add(secretariat, FOAF.name, ja(SECRETARIAT))  # every speaker's name is its foaf:name
        self.add(secretariat, KGO.secretariatOf, self.council)

        if self.m.body:
            self.add(self.council, ORG.subOrganizationOf, self.org_chain((self.top,)))
        self.former_names()

        self.named(self.meeting, KGO.Meeting, m.title, SCHEMA.Event)
        for name in m.supplied:  # given in sources.csv, not read from the text
            self.add(self.meeting, KGO.researcherSupplied, Literal(name))
        self.add(self.meeting, DCTERMS.title, ja(m.title))
        self.add(self.meeting, SCHEMA.organizer, self.council)
        self.add(self.meeting, PROV.wasDerivedFrom, self.source)
        if m.start is not None:
            self.add(self.meeting, SCHEMA.startDate, _when(m.start))
        if m.end is not None:
            self.add(self.meeting, SCHEMA.endDate, _when(m.end))
        if m.fiscal_year is not None:
            self.add(self.meeting, KGO.fiscalYear, Literal(str(m.fiscal_year), datatype=XSD.gYear))
        if m.place:
            place = self.mint.place(self.top, m.place)
            self.named(place, SCHEMA.Place, m.place)
            self.add(place, SCHEMA.name, ja(m.place))
            self.add(self.meeting, SCHEMA.location, place)
        for item in m.agenda:
            node = Minter.child(self.meeting, "agenda", str(item.position))
            self.named(node, KGO.AgendaItem, item.title)
            self.add(node, DCTERMS.title, ja(item.title))
            self.add(node, SCHEMA.position, Literal(item.position))
            self.add(self.meeting, KGO.agendaItem, node)

    def former_names(self):
        """Other names of the council (councils file): skos:altLabel, and a rename recorded
        with W3C ORG where the file gives the years a name was used."""
        for other, used in self.m.former_names:
            self.add(self.council, SKOS.altLabel, ja(other))
            if not used or not used[:4].isdigit():
                continue
            former = self.mint.council(other)
            self.named(former, ORG.Organization, other)
            self.add(former, SKOS.prefLabel, ja(other))
            self.add(former, DCTERMS.temporal, Literal(used))
            event = Minter.child(self.council, "rename", other)
            self.named(event, ORG.ChangeEvent, f"名称変更: {other} → {self.series}")
            self.add(event, ORG.originalOrganization, former)
            self.add(event, ORG.resultingOrganization, self.council)

    def org_chain(self, path: tuple[str, ...], entity: Entity | None = None) -> URIRef:
        """Create the units of ``path`` under its top body; return the deepest. Bodies the
        gazetteer knows get its labels; ``entity`` describes the deepest one."""
        parent = None
        for depth in range(1, len(path) + 1):
            node = self.mint.org(path[:depth])
            # Units are typed org:Organization too, so queries need no inference.
            units = (ORG.OrganizationalUnit,) if depth > 1 else ()
            self.named(node, ORG.Organization, path[depth - 1], *units)
            self.add(node, SKOS.prefLabel, ja(path[depth - 1]))
            if parent is not None:
                self.add(node, ORG.subOrganizationOf, parent)
            known = (entity if entity and depth == len(path)
                     else self.entities and self.entities.curated(path[depth - 1]))
            if known:
                self.describe(node, known)
            parent = node
        return parent  # type: ignore[return-value]  # a path holds its top body at least

    def person(self, iri: URIRef, name: str, family: str | None = None) -> URIRef:
        self.named(iri, FOAF.Person, name)
        self.add(iri, FOAF.name, ja(name))
        parts = name.split()
        family = family or (parts[0] if len(parts) == 2 or (len(name) <= 3 and parts) else None)
        if family:  # 山田 太郎, 石橋亮 (from the parser), or the family name alone
            self.add(iri, FOAF.familyName, ja(family))
        return iri

    def attendees(self):
        for a in self.m.attendees:
            name, parts = attendee_key(self.m, a)
            person = self.person(self.mint.iri("person", *parts), name, a.family)
            self.attendee_iris.append(person)
            self.add(self.meeting, SCHEMA.attendee, person)
            for post in (*a.posts, *a.affiliations):
                self.membership(person, a, name, post.role,
                                self.org_chain(post.org_path) if post.org_path else self.council)

    def membership(self, person: URIRef, a: Attendee, name: str, role: str, org: URIRef):
        role_iri = self.mint.role(role)
        self.named(role_iri, ORG.Role, role)
        self.add(role_iri, SKOS.prefLabel, ja(role))
        node = membership_iri(self.meeting, name, role)
        self.named(node, ORG.Membership, f"{name} {role}")
        self.add(node, ORG.member, person)
        self.add(node, ORG.organization, org)
        self.add(node, ORG.role, role_iri)
        self.add(node, KGO.meeting, self.meeting)
        self.selector(node, a.span)

    def speaker(self, sp: Speaker) -> URIRef | None:
        """The attendee the parser linked the speaker to; else a person named in the
        discussion only (a member of the council), or an unnamed holder of the role."""
        if sp.is_secretariat:
            return self.mint.secretariat(self.series)
        if sp.attendee is not None:
            return self.attendee_iris[sp.attendee]
        if sp.name:
            if sp.name not in self.unlisted:
                self.unlisted[sp.name] = self.person(self.mint.member(self.series, sp.name), sp.name)
            return self.unlisted[sp.name]
        if sp.role:  # 委員:, A委員: — a member who is not named (one node per label and meeting)
            label = "".join(sp.label.split())
            node = Minter.child(self.meeting, "unnamed", label)
            self.person(node, label)
            self.add(node, KGO.unnamed, Literal(True))
            return node
        return None

    def turns_and_statements(self):
        turn_iris: dict[int, URIRef] = {}
        speakers: dict[int, URIRef | None] = {}
        for t in self.m.turns:
            node = Minter.child(self.meeting, "turn", str(t.position))
            turn_iris[t.position] = node
            speakers[t.position] = who = self.speaker(t.speaker)
            self.named(node, KGO.Turn, f"{t.speaker.label} ({t.position})")
            self.add(node, KGO.speakerLabel, ja(t.speaker.label))
            self.add(node, KGO.meeting, self.meeting)
            self.add(node, SCHEMA.position, Literal(t.position))
            if who is not None:
                self.add(node, KGO.speaker, who)
            if t.url:
                self.add(node, DCTERMS.source, URIRef(t.url))
            self.selector(node, t.span)
        self.responses(turn_iris)
        for s in self.m.statements:
            node = Minter.child(self.meeting, "statement", str(s.position))
            label = self.m.turns[s.turn - 1].speaker.label if s.turn else "発言"
            self.named(node, KGO.Statement, f"{label}: {_excerpt(s.text)}")
            self.add(node, SCHEMA.text, ja(s.text))
            if (folded := search_form(s.text)) != s.text.lower():  # search's form, where LCASE alone differs
                self.add(node, KGO.searchText, Literal(folded))
            self.add(node, KGO.meeting, self.meeting)
            self.add(node, SCHEMA.position, Literal(s.position))
            if s.turn:
                self.add(node, KGO.turn, turn_iris[s.turn])
                if speakers[s.turn] is not None:
                    self.add(node, KGO.speaker, speakers[s.turn])
            if s.agenda_item:
                self.add(node, KGO.agendaItem, Minter.child(self.meeting, "agenda", str(s.agenda_item)))
            self.selector(node, s.span)
            if self.entities is not None:
                self.statement_mentions(node, s.position)

    def responses(self, turn_iris: dict[int, URIRef]):
        """A secretariat turn answers the members' turns since the previous one."""
        pending: list[int] = []
        for t in self.m.turns:
            if t.speaker.is_secretariat:
                for earlier in pending:
                    self.add(turn_iris[t.position], KGO.respondsTo, turn_iris[earlier])
                pending = []
            else:
                pending.append(t.position)

    # -- what statements mention ----------------------------------------------------------
    def entity(self, e: Entity) -> URIRef:
        """The node of a gazetteer or discovered entity, with the bodies it hangs from."""
        assert self.entities is not None, "a mention of an entity comes with the entity index"
        if (known := self._entities.get(e.key)) is not None:
            return known  # its triples are in self.g already (a name met ten thousand times)
        if e.kind == "organization":
            node = self._entities[e.key] = self.org_chain(self.entities.org_path(e, self.top), e)
            return node
        node = self.mint.iri("initiative", e.key)
        self.named(node, KGO.Initiative, e.ja, SCHEMA.Project)
        self.add(node, SKOS.prefLabel, ja(e.ja))
        if e.operator:
            self.add(node, KGO.operatedBy, self.entity(self.entities.get(e.operator)))
        self.describe(node, e)
        self._entities[e.key] = node
        return node

    def describe(self, node: URIRef, e: Entity):
        """What the gazetteer says of an entity, or that extraction found it unaided."""
        if e.en:
            self.add(node, SKOS.prefLabel, Literal(e.en, lang="en"))
        for alias in e.aliases:
            self.add(node, SKOS.altLabel, ja(alias))
        for same in e.same_as:
            self.add(node, OWL.sameAs, URIRef(same))
        if e.note:
            self.add(node, RDFS.comment, ja(e.note))
        self.add(node, KGO.curated, Literal(e.curated))

    def mentioned_person(self, key: str) -> URIRef | None:
        kind, _, ref = key.partition(":")
        if kind == "attendee":
            return self.attendee_iris[int(ref)]
        if kind == "speaker":
            return self.unlisted.get(ref)
        node = self.person(self.mint.iri("person", ref), ref)  # named in a statement only
        self.add(node, SKOS.prefLabel, ja(ref))
        self.add(node, KGO.curated, Literal(False))
        return node

    def statement_mentions(self, statement: URIRef, position: int):
        for m in self.mentions.get(position, ()):
            if m.kind == "theme":
                target, leaf = THEME_NS[m.key], "theme-" + m.key
                self.add(statement, DCTERMS.subject, target)
            elif m.kind == "person":  # an attendee, a speaker named only in the discussion, or another
                target = self.mentioned_person(m.key)
                if target is None:
                    continue
                leaf = "person"
                self.add(statement, KGO.mentions, target)
            else:
                assert self.entities is not None, "a mention of an entity comes with the entity index"
                target, leaf = self.entity(self.entities.get(m.key)), m.key
                self.add(statement, KGO.mentions, target)
            node = Minter.child(statement, "mention", f"{m.start}-{m.end}", leaf)
            self.named(node, KGO.Mention, f"「{m.text}」")
            self.add(node, KGO.inStatement, statement)
            self.add(node, KGO.refersTo, target)
            self.add(node, OA.start, Literal(m.start, datatype=XSD.nonNegativeInteger))
            self.add(node, OA.end, Literal(m.end, datatype=XSD.nonNegativeInteger))
            self.add(node, KGO.matchedText, ja(m.text))

    def build(self) -> set[tuple]:
        self.source_document()
        self.council_and_meeting()
        self.attendees()
        self.turns_and_statements()
        attendance_triples(self)
        return self.g


def attendee_key(minutes: Minutes, a: Attendee) -> tuple[str, tuple[str, ...]]:
    """(the name shown, the parts of its person IRI): a member by council and name, an official
    by top body, unit and name (``Minter.member``, ``Minter.official``)."""
    org_path = next((p.org_path for p in a.posts if p.org_path), ())
    name = a.name or (org_path[-1] if org_path else minutes.body or minutes.series) + a.posts[0].role  # 千葉県知事
    full = "".join(name.split())
    if org_path and not a.is_member:
        return name, (org_path[0], org_path[-1], full) if len(org_path) > 1 else (org_path[0], full)
    return name, (minutes.series, full)


def membership_iri(meeting: URIRef, name: str, role: str) -> URIRef:
    """One attendee's post at one meeting."""
    return Minter.child(meeting, "membership", name, role)


def meeting_key(minutes: Minutes) -> str:
    """The meeting's IRI key: its date, or the file name when the date is unknown."""
    return minutes.date.isoformat() if minutes.date else minutes.source.path.stem


def build_document(minutes: Minutes, minter: Minter, key: str | None = None,
                   mentions: Sequence[Mention] = (), entities: EntityIndex | None = None) -> set[tuple]:
    """The triples of one summary."""
    return _DocumentBuilder(minutes, minter, key or meeting_key(minutes), mentions, entities).build()


class EntityIndex:
    """Entities by key (gazetteer first, then what extraction found) and their org paths."""

    def __init__(self, gazetteer, found: dict[str, Entity]):
        self.gazetteer = gazetteer
        self.by_key = {**found, **gazetteer.by_key()}

    def get(self, name: str) -> Entity:
        key = nfkc(name)
        # An operator named only in the gazetteer's fields is still an organization.
        return self.by_key.get(key) or Entity(key=key, kind="organization", ja=name, curated=False)

    def curated(self, name: str) -> Entity | None:
        e = self.by_key.get(nfkc(name))
        return e if e and e.curated else None

    def org_path(self, e: Entity, top: str) -> tuple[str, ...]:
        path = self.gazetteer.org_path(e.ja)
        if len(path) == 1 and not e.curated and e.ja.endswith(("局", "課", "室", "部")):
            return (top, e.ja)  # an unknown unit is taken to be one of the council's own body
        return path
