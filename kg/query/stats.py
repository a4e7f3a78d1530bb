"""Counts that describe a graph: by class, by property, people, meetings and date range."""

from __future__ import annotations

from dataclasses import dataclass

from kg.rdf.namespaces import compact

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
    total = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].toPython()
    meetings, councils, first, last = store.query(MEETINGS).rows[0]
    people = store.query(PEOPLE).rows[0][0]
    return Stats(
        triples=total, meetings=meetings.toPython(), councils=councils.toPython(), people=people.toPython(),
        first=str(first) if first is not None else None, last=str(last) if last is not None else None,
        classes=[(compact(c), n.toPython()) for c, n in store.query(CLASSES).rows],
        properties=[(compact(p), n.toPython()) for p, n in store.query(PROPERTIES).rows])
