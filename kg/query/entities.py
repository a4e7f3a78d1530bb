"""List the entities (initiatives, organizations, people named in statements) a built graph
mentions, with counts and an example sentence, so a researcher can review what extraction
found outside the gazetteer."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

QUERY = """
PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?e ?label ?type ?curated (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?s) AS ?statements)
WHERE {
  ?m a kgo:Mention ; kgo:refersTo ?e ; kgo:inStatement ?s .
  ?e kgo:curated ?curated ; skos:prefLabel ?label .
  FILTER(lang(?label) = "ja")
  BIND(IF(EXISTS { ?e a kgo:Initiative }, "initiative",
          IF(EXISTS { ?e a foaf:Person }, "person", "organization")) AS ?type)
}
GROUP BY ?e ?label ?type ?curated
"""

EXAMPLE = """
PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?e ?text ?meeting ?pos ?start ?end WHERE {
  ?m kgo:refersTo ?e ; kgo:inStatement ?s ; oa:start ?start ; oa:end ?end .
  ?s schema:text ?text ; kgo:meeting ?meeting ; schema:position ?pos .
}
"""


@dataclass(frozen=True)
class EntityRow:
    iri: str
    label: str
    type: str
    curated: bool
    mentions: int
    statements: int
    example: str


def snippet(text: str, start: int, end: int, context: int = 15) -> str:
    """The matched words in 【】 with a little text either side."""
    before = text[max(0, start - context):start]
    after = text[end:end + context]
    return ("…" if start > context else "") + before + "【" + text[start:end] + "】" + after + \
        ("…" if end + context < len(text) else "")


def list_entities(graph: Graph, uncurated_only: bool = False) -> list[EntityRow]:
    examples: dict[str, tuple] = {}
    for e, text, meeting, pos, start, end in graph.query(EXAMPLE):
        key = (str(meeting), int(pos), int(start))
        if str(e) not in examples or key < examples[str(e)][0]:
            examples[str(e)] = (key, snippet(str(text), int(start), int(end)))
    rows = []
    for e, label, kind, curated, mentions, statements in graph.query(QUERY):
        if uncurated_only and curated.toPython():
            continue
        rows.append(EntityRow(str(e), str(label), str(kind), bool(curated.toPython()),
                              int(mentions), int(statements), examples[str(e)][1]))
    return sorted(rows, key=lambda r: (-r.statements, -r.mentions, r.label))
