"""Suggest themes from a corpus: the best candidate terms (``terms.py``) as a draft SKOS scheme
the researcher edits and builds with ``kg build --themes``.

Each suggested concept has its written variants as altLabels (they are the keywords a build
matches), the counts behind it, two example statements, and skos:broader to the policy field
of the default scheme its statements fall under. The draft holds those fields too, so that it
is a whole scheme on its own. Same corpus, same bytes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.extract.mentions import Extractor
from kg.extract.terms import Candidate, candidates
from kg.extract.themes import field_of
from kg.rdf.namespaces import KGO, THEME_NS

SCHEME = URIRef(str(THEME_NS))


@dataclass(frozen=True)
class Statement:
    meeting: str  # a label a reader knows the meeting by: council and date
    text: str


@dataclass(frozen=True)
class Suggestion:
    term: Candidate
    field: str | None  # key of the default scheme's field
    examples: tuple[Statement, ...]


STATEMENTS_QUERY = """
PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?council ?date ?meeting ?pos ?text WHERE {
  ?s a kgo:Statement ; schema:text ?text ; schema:position ?pos ; kgo:meeting ?meeting .
  ?meeting schema:organizer/skos:prefLabel ?council . FILTER(lang(?council) = "ja")
  OPTIONAL { ?meeting schema:startDate ?date }
} ORDER BY ?meeting ?pos"""


def statements_of_minutes(minutes) -> tuple[list[Statement], set[str]]:
    """(statements, names to exclude: councils and their bodies) of parsed summaries."""
    out, names = [], set()
    for m in minutes:
        when = m.start.isoformat()[:10] if m.start else m.source.path.stem if m.source.path else ""
        out += [Statement(f"{m.series} {when}", s.text) for s in m.statements]
        names |= {m.series, *(n for n, _ in m.former_names), *([m.body] if m.body else [])}
    return out, names


def statements_of_graph(rows) -> tuple[list[Statement], set[str]]:
    """The same from the rows of STATEMENTS_QUERY run on a built graph."""
    out, names = [], set()
    for council, date, _, _, text in rows:
        out.append(Statement(f"{council} {str(date)[:10] if date else ''}".strip(), str(text)))
        names.add(str(council))
    return out, names


def suggest(statements: list[Statement], extractor: Extractor, exclude: set[str], top: int = 20
            ) -> list[Suggestion]:
    """The ``top`` best terms of the statements, each placed under a policy field."""
    ranked = candidates([(s.meeting, s.text) for s in statements], exclude)[:top]
    themes = {t.key: t for t in extractor.themes}
    out = []
    for c in ranked:
        where = sorted(c.statements)
        fields: Counter[str] = Counter()
        for i in where[:10]:
            for m in extractor.statement(0, statements[i].text):
                if m.kind == "theme":
                    fields[field_of(themes, m.key)] += 1
        direct = {field_of(themes, m.key) for m in extractor.statement(0, c.label) if m.kind == "theme"}
        field = min(direct or fields, key=lambda f: (-fields[f], f)) if direct or fields else None
        out.append(Suggestion(c, field, tuple(statements[i] for i in where[:2])))
    return out


def draft_scheme(suggestions: list[Suggestion], default_scheme: Graph) -> Graph:
    """The suggestions as skos:Concepts under the default scheme's fields, fields included."""
    g = Graph()
    g.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((SCHEME, SKOS.prefLabel, Literal("提案されたテーマ（草案）", lang="ja")))
    g.add((SCHEME, SKOS.prefLabel, Literal("Suggested themes (draft)", lang="en")))
    g.add((SCHEME, DCTERMS.description, Literal(
        "kg themes suggest が会議録の語から作った草案。確かめ、直してから kg build --themes で使う。", lang="ja")))
    fields = {s.field for s in suggestions if s.field}
    for field in sorted(fields):
        node = THEME_NS[field]
        for p, o in default_scheme.predicate_objects(node):
            if p != SKOS.inScheme:
                g.add((node, p, o))
        g.add((node, SKOS.inScheme, SCHEME))
        g.add((SCHEME, SKOS.hasTopConcept, node))
    for s in suggestions:
        node = THEME_NS[s.term.label]
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, SCHEME))
        g.add((node, SKOS.prefLabel, Literal(s.term.label, lang="ja")))
        g.add((node, RDFS.label, Literal(s.term.label, lang="ja")))
        for v in s.term.variants:  # altLabels are what a build matches: the label itself too
            g.add((node, SKOS.altLabel, Literal(v, lang="ja")))
        if s.field:
            g.add((node, SKOS.broader, THEME_NS[s.field]))
        else:
            g.add((node, SKOS.topConceptOf, SCHEME))
        g.add((node, KGO.statementCount, Literal(len(s.term.statements), datatype=XSD.integer)))
        g.add((node, KGO.meetingCount, Literal(len(s.term.meetings), datatype=XSD.integer)))
        g.add((node, KGO.termScore, Literal(f"{s.term.score:.3f}", datatype=XSD.decimal)))
        for ex in s.examples:
            g.add((node, SKOS.example, Literal(f"{ex.meeting}: {ex.text}", lang="ja")))
    return g


def field_label(default_scheme: Graph, key: str | None) -> str:
    if key is None:
        return "-"
    return next((str(o) for o in default_scheme.objects(THEME_NS[key], SKOS.prefLabel) if o.language == "ja"), key)

