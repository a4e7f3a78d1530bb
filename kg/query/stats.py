"""Counts that describe a graph: by class, by property, people, meetings and date range."""

from __future__ import annotations

from dataclasses import dataclass

from kg.vocabulary import compact_iri

CLASSES = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) ?class"
PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p"
PREFIXES = """PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
MEETINGS = PREFIXES + """SELECT (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?c) AS ?councils)
  (MIN(SUBSTR(STR(?start), 1, 10)) AS ?first) (MAX(SUBSTR(STR(?start), 1, 10)) AS ?last) WHERE {
  ?m a kgo:Meeting . OPTIONAL { ?m schema:startDate ?start } OPTIONAL { ?m schema:organizer ?c } }"""
PEOPLE = PREFIXES + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }"


@dataclass(frozen=True)
class Stats:
    triples: int
    meetings: int
    councils: int
    people: int
    first: str | None
    last: str | None
    classes: list[tuple[str, int]]
    properties: list[tuple[str, int]]


def stats(store) -> Stats:
    values = store.values  # plain values: counts and IRIs need no RDF terms
    (total,), = values("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    (meetings, councils, first, last), = values(MEETINGS)
    (people,), = values(PEOPLE)
    return Stats(
        triples=int(total), meetings=int(meetings), councils=int(councils), people=int(people), first=first,
        last=last, classes=[(compact_iri(c), int(n)) for c, n in values(CLASSES)],
        properties=[(compact_iri(p), int(n)) for p, n in values(PROPERTIES)])
