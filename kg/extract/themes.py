"""The SKOS theme scheme (``ontology/themes.ttl``) read into plain ``Theme`` records."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.model import Theme
from kg.rdf.load import load_graph
from kg.rdf.namespaces import KGO, THEME_NS
from kg.resources import ontology_file

DEFAULT_THEMES = ontology_file("themes.ttl")


def _label(g: Graph, node, lang: str) -> str | None:
    return next((str(o) for o in g.objects(node, SKOS.prefLabel) if o.language == lang), None)


def theme_key(node) -> str:
    return str(node)[len(str(THEME_NS)):]


def load_theme_graph(path: str | Path = DEFAULT_THEMES) -> Graph:
    return load_graph(path)


def narrower_closure(themes: list[Theme], key: str) -> frozenset[str]:
    """``key`` and every theme below it."""
    below = {key}
    while True:
        more = {t.key for t in themes if set(t.broader) & below} - below
        if not more:
            return frozenset(below)
        below |= more


def field_of(themes: dict[str, Theme], key: str) -> str:
    """The top concept above a theme (the theme itself when it is one)."""
    seen = {key}
    while themes[key].broader and themes[key].broader[0] in themes and themes[key].broader[0] not in seen:
        key = themes[key].broader[0]  # a cycle or a concept outside the scheme stops here
        seen.add(key)
    return key


def themes_from(g: Graph) -> list[Theme]:
    out = []
    for node in sorted(g.subjects(RDF.type, SKOS.Concept)):
        out.append(Theme(
            # ja: the scheme's shapes ask every concept for a Japanese label
            key=theme_key(node), ja=_label(g, node, "ja"), en=_label(g, node, "en"),  # type: ignore[arg-type]
            keywords=tuple(sorted(str(k) for k in g.objects(node, SKOS.altLabel))),
            patterns=tuple(sorted(str(p) for p in g.objects(node, KGO.keywordPattern))),
            broader=tuple(sorted(theme_key(b) for b in g.objects(node, SKOS.broader))),
            top=(node, SKOS.topConceptOf, None) in g,
            context_keywords=tuple(sorted(str(k) for k in g.objects(node, KGO.contextKeyword))),
            context_patterns=tuple(sorted(str(p) for p in g.objects(node, KGO.contextPattern))),
            context=next((theme_key(c) for c in sorted(g.objects(node, KGO.keywordContext))), None)))
    return out
