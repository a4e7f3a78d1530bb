"""What the report shows, asked of the store with SPARQL: counts per meeting, theme, speaker
and initiative, and which statements are behind every mark; then, for the statements a click
lists (a few per mark, not the corpus), their texts and the offsets of the words that matched."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from kg.query.prefixes import with_usual_prefixes
from kg.query.speakers import group_speakers

# The queries use the usual prefixes (kgo:, schema:, foaf: …): with_usual_prefixes declares them.
MEETINGS = """SELECT ?m ?start ?title ?council WHERE {
  ?m a kgo:Meeting ; dcterms:title ?title ; schema:organizer/skos:prefLabel ?council .
  FILTER(lang(?council) = "ja") OPTIONAL { ?m schema:startDate ?start } }"""
# Queries that read a property of every statement scan each pattern once in a subquery and join
# by hash: looking the properties up statement by statement costs about twice as long.
STATEMENTS = """SELECT ?s ?m ?pos ?sp WHERE {
  { SELECT ?s WHERE { ?s a kgo:Statement } } { SELECT ?s ?m WHERE { ?s kgo:meeting ?m } }
  { SELECT ?s ?pos WHERE { ?s schema:position ?pos } }
  OPTIONAL { SELECT ?s ?sp WHERE { ?s kgo:speaker ?sp } } }"""
TEXTS = "SELECT ?s ?text WHERE { VALUES ?s { %s } ?s schema:text ?text }"
LABELS = """SELECT ?x ?label WHERE {
  { ?x a foaf:Person } UNION { ?x a kgo:Initiative } UNION { ?x a skos:Concept } UNION { ?x kgo:secretariatOf ?c }
  ?x foaf:name|skos:prefLabel ?label . FILTER(lang(?label) = "ja") }"""
SUBJECTS = """SELECT ?s ?t WHERE { { SELECT ?s WHERE { ?s a kgo:Statement } }
  { SELECT ?s ?t WHERE { ?s dcterms:subject ?t } } }"""
INITIATIVES = """SELECT ?s ?i WHERE { { SELECT ?i WHERE { ?i a kgo:Initiative } }
  { SELECT ?s ?i WHERE { ?s kgo:mentions ?i } } { SELECT ?s WHERE { ?s a kgo:Statement } } }"""
SPANS = """SELECT ?s ?x ?start ?end WHERE { VALUES ?s { %s }
  ?mention kgo:inStatement ?s ; kgo:refersTo ?x ; oa:start ?start ; oa:end ?end }"""
CHUNK = 2000  # statements asked for in one VALUES block
ATTENDANCE = """SELECT ?m ?p ?role ?member WHERE {
  ?ms a org:Membership ; org:member ?p ; kgo:meeting ?m ; org:role/skos:prefLabel ?role ; org:organization ?o .
  ?m schema:organizer ?council . BIND(?o = ?council AS ?member) }"""
# Members' seats: each person as the first IRI of those owl:sameAs joins, at each meeting of a
# council where the person is listed as a member (attended) or as absent.
SEATS = """SELECT ?who ?m ?present WHERE {
  { SELECT ?p (MIN(STR(?q)) AS ?who) WHERE { ?p a foaf:Person ; (owl:sameAs|^owl:sameAs)* ?q } GROUP BY ?p }
  { ?ms org:member ?p ; org:organization ?c ; kgo:meeting ?m . ?c a kgo:Council . BIND(true AS ?present) }
  UNION { ?m kgo:absentee ?p . BIND(false AS ?present) } }"""
SECRETARIATS = "SELECT ?x WHERE { ?x kgo:secretariatOf ?c }"
NUMBERS = """SELECT (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?c) AS ?councils)
  WHERE { ?m a kgo:Meeting ; schema:organizer ?c }"""
COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a %s }"


@dataclass
class Meeting:
    iri: str
    day: dt.date | None
    title: str
    council: str

    @property
    def label(self) -> str:
        return f"{self.day.isoformat() if self.day else '日付不明'} {self.council}"

    @property
    def fiscal_year(self) -> int | None:
        return None if self.day is None else self.day.year - (self.day.month < 4)


@dataclass
class Corpus:
    """The report's data, every key an IRI string, statements by their index."""

    meetings: dict[str, Meeting] = field(default_factory=dict)
    statements: list[dict] = field(default_factory=list)  # iri, speaker, meeting, position (text: see texts)
    labels: dict[str, str] = field(default_factory=dict)
    themes: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))  # statement → themes
    initiatives: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    # (person, meeting) → roles
    attendance: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    members: set[str] = field(default_factory=set)  # people holding a role in a council
    # (person, meeting) → attended (True) or listed as absent (False); a person is the first IRI
    # of those owl:sameAs joins
    seats: dict[tuple[str, str], bool] = field(default_factory=dict)
    secretariats: set[str] = field(default_factory=set)
    numbers: dict[str, int | str] = field(default_factory=dict)

    def speaker_kind(self, iri: str | None) -> str:
        if iri is None:
            return "発言者不明"
        if iri in self.secretariats:
            return "事務局"
        return "委員" if iri in self.members else "職員ほか"


def _day(value) -> dt.date | None:
    if value is None:
        return None
    text = str(value)[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def load(store) -> Corpus:
    """Everything the report draws, from a store (kg.query.engines)."""
    c = Corpus()
    rows = lambda q: store.values(with_usual_prefixes(q))  # noqa: E731
    for m, start, title, council in rows(MEETINGS):
        c.meetings.setdefault(str(m), Meeting(str(m), _day(start), str(title), str(council)))
    for x, label in rows(LABELS):
        c.labels.setdefault(str(x), str(label))
    groups = group_speakers(store)  # 事務局 and unnamed speakers: counted per council, labelled so
    for g in groups.values():
        c.labels[g.key] = g.label
    ordered = sorted(rows(STATEMENTS), key=lambda r: (str(r[1]), int(r[2])))
    index = {}
    for s, m, pos, sp in ordered:
        if str(s) in index:
            continue
        index[str(s)] = len(c.statements)
        speaker = None if sp is None else groups[str(sp)].key if str(sp) in groups else str(sp)
        c.statements.append({"iri": str(s), "meeting": str(m), "position": int(pos), "speaker": speaker})
    for s, t in rows(SUBJECTS):
        c.themes[index[str(s)]].add(str(t))
    for s, i in rows(INITIATIVES):
        c.initiatives[index[str(s)]].add(str(i))
    for m, p, role, member in rows(ATTENDANCE):
        c.attendance[(str(p), str(m))].append(str(role))
        if str(member).lower() == "true":
            c.members.add(str(p))
    for who, m, present in rows(SEATS):
        key = (str(who), str(m))
        c.seats[key] = c.seats.get(key, False) or str(present).lower() == "true"
    c.secretariats = {str(x) for (x,) in rows(SECRETARIATS)}
    days = sorted(m.day for m in c.meetings.values() if m.day)
    meetings, councils = rows(NUMBERS)[0]
    c.numbers = {"meetings": int(meetings), "councils": int(councils),
                 "from": days[0].isoformat() if days else "-", "to": days[-1].isoformat() if days else "-",
                 "people": int(rows(COUNT % "foaf:Person")[0][0]), "statements": len(c.statements),
                 "mentions": int(rows(COUNT % "kgo:Mention")[0][0])}
    return c


def texts(store, c: Corpus, used: list[int]) -> tuple[dict[int, str], dict[tuple[int, str], list[tuple[int, int]]]]:
    """The texts of the statements ``used`` (indexes into c.statements) and, per statement and
    theme or initiative, the offsets of the words that matched it (people's are not marked)."""
    index = {c.statements[i]["iri"]: i for i in used}
    marked = {t for ts in c.themes.values() for t in ts} | {x for xs in c.initiatives.values() for x in xs}
    text: dict[int, str] = {}
    spans: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    iris = sorted(index)
    for at in range(0, len(iris), CHUNK):
        block = " ".join(f"<{iri}>" for iri in iris[at:at + CHUNK])
        for s, t in store.values(with_usual_prefixes(TEXTS % block)):
            text[index[str(s)]] = str(t)
        for s, x, start, end in store.values(with_usual_prefixes(SPANS % block)):
            if x in marked:
                spans[(index[str(s)], str(x))].append((int(start), int(end)))
    for found in spans.values():
        found.sort()
    return text, spans
