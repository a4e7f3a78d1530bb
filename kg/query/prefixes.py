"""The usual prefixes, known to every query as on Wikidata's endpoint: a query may use kgo:,
schema:, foaf:, org:, skos:, dcterms:, dcat:, void:, prov:, oa:, rdf:, rdfs:, xsd: and owl:
without declaring them. Declarations are added on one line of their own before the query, so
an error's line number is the query's own minus one (sparql_errors.py takes it back)."""

from __future__ import annotations

import re

from kg.vocabulary import PREFIXES

MARK = "#kaigi-kg:usual-prefixes"
USUAL = {p: ns for p, ns in PREFIXES.items() if p != "sh"}
_DECLARED = re.compile(r"(?im)^\s{0,20}PREFIX\s{1,20}([A-Za-z][\w.-]{0,50})?:")
_USED = re.compile(r"(?<![\w?$<:#])([A-Za-z][\w-]{0,30}):(?=[A-Za-z_\d]|\s|[;,.)\]}]|$)")


def undeclared(text: str) -> list[str]:
    """Prefixes the query uses without declaring them, in order of first use."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    code = re.sub(r"<[^<>\s]{0,2000}>|\"[^\"\n]{0,2000}\"|'[^'\n]{0,2000}'|#[^\n]{0,2000}", " ", text)
    used = [m.group(1) for m in _USED.finditer(code)]
    return [p for p in dict.fromkeys(used) if p not in declared and p.upper() not in ("PREFIX", "BASE")]


def with_usual_prefixes(text: str) -> str:
    missing = [p for p in undeclared(text) if p in USUAL]
    if not missing:
        return text
    return " ".join(f"PREFIX {p}: <{USUAL[p]}>" for p in missing) + f" {MARK}\n" + text
