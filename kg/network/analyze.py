"""Network analytics with networkx on three projections of the graph.

- person–theme (bipartite): a speaker and a theme are linked when the speaker made a
  statement on the theme; weight = number of such statements.
- person–person: two speakers are linked by the themes both raised (``shared_themes`` =
  number of themes in common) and by responses (``responses`` = turns of one that respond
  to turns of the other); weight = shared_themes + responses.
- theme–theme: two themes are linked when one statement carries both; weight = number of
  such statements.

Measures per node: degree (number of neighbours), weighted degree, degree centrality,
betweenness centrality (unweighted shortest paths, normalized) and a community from
greedy modularity maximization (weighted), numbered from 1 by size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import networkx as nx

from kg.atomic import atomic_write
from kg.network import projections as kn
from kg.query.table import delimited


@dataclass(frozen=True)
class NodeMeasures:
    node: str
    label: str
    type: str
    degree: int
    weighted_degree: float
    degree_centrality: float
    betweenness: float
    community: int


def person_theme(d: kn.KGData) -> nx.Graph:
    return kn.people_themes(d)


def person_person(d: kn.KGData) -> nx.Graph:
    themes_of = defaultdict(set)
    bipartite = kn.people_themes(d)
    for a, b in bipartite.edges():
        person, theme = (a, b) if bipartite.nodes[b]["type"] == "theme" else (b, a)
        themes_of[person].add(theme)
    g = nx.Graph()
    for p in sorted(themes_of):
        g.add_node(p, label=d.label(p), type=d.type(p))
    for a, b in combinations(sorted(themes_of), 2):
        shared = len(themes_of[a] & themes_of[b])
        if shared:
            g.add_edge(a, b, shared_themes=shared, responses=0)
    for turn, earlier in d.responds:
        a, b = d.turns[turn][3], d.turns[earlier][3]
        if a and b and a != b:
            for n in (a, b):
                if n not in g:
                    g.add_node(n, label=d.label(n), type=d.type(n))
            if not g.has_edge(a, b):
                g.add_edge(a, b, shared_themes=0, responses=0)
            g.edges[a, b]["responses"] += 1
    for _, _, e in g.edges(data=True):
        e["weight"] = e["shared_themes"] + e["responses"]
    return g


def theme_theme(d: kn.KGData) -> nx.Graph:
    by_statement = defaultdict(set)
    for s, target, _, _ in d.mentions:
        if d.type(target) == "theme":
            by_statement[s].add(target)
    g = nx.Graph()
    for statement in sorted(by_statement):  # sorted: node order, and so the CSVs, stay stable
        themes = by_statement[statement]
        for t in sorted(themes):
            if t not in g:
                g.add_node(t, label=d.label(t), type="theme")
        for a, b in combinations(sorted(themes), 2):
            if g.has_edge(a, b):
                g.edges[a, b]["weight"] += 1
            else:
                g.add_edge(a, b, weight=1)
    return g


def community_of(g: nx.Graph) -> dict[str, int]:
    """Communities by greedy modularity maximization (weighted), numbered from 1 by size."""
    communities = nx.community.greedy_modularity_communities(g, weight="weight") if g.number_of_edges() else [set(g)]
    ordered = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    return {n: i for i, c in enumerate(ordered, start=1) for n in c}


def measures(g: nx.Graph) -> list[NodeMeasures]:
    if g.number_of_nodes() == 0:
        return []
    degree_c = nx.degree_centrality(g)
    between = nx.betweenness_centrality(g, normalized=True)
    community = community_of(g)
    out = [NodeMeasures(n, a["label"], a["type"], g.degree(n), g.degree(n, weight="weight"),
                        round(degree_c[n], 6), round(between[n], 6), community[n])
           for n, a in g.nodes(data=True)]
    return sorted(out, key=lambda m: (-m.betweenness, -m.weighted_degree, m.label, m.node))


def projections(d: kn.KGData) -> dict[str, nx.Graph]:
    return {"person-theme": person_theme(d), "person-person": person_person(d), "theme-theme": theme_theme(d)}


NODE_HEADERS = ["label", "type", "degree", "weighted_degree", "degree_centrality", "betweenness", "community", "iri"]


def node_rows(ms: list[NodeMeasures]) -> list[list]:
    return [[m.label, m.type, m.degree, m.weighted_degree, m.degree_centrality, m.betweenness, m.community, m.node]
            for m in ms]


def edge_rows(g: nx.Graph) -> tuple[list[str], list[list]]:
    extra = sorted({k for _, _, e in g.edges(data=True) for k in e if k not in ("weight", "evidence", "kind")})
    headers = ["source", "target", "weight", *extra, "source_iri", "target_iri"]
    rows = []
    for a, b, e in g.edges(data=True):
        a, b = sorted((a, b), key=lambda n: (g.nodes[n]["label"], n))
        rows.append([g.nodes[a]["label"], g.nodes[b]["label"], e["weight"], *(e.get(k, 0) for k in extra), a, b])
    return headers, sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def write_analysis(d: kn.KGData, out_dir: str | Path) -> dict[str, list[NodeMeasures]]:
    out = Path(out_dir) / "analysis"
    result = {}
    for name, g in projections(d).items():
        ms = measures(g)
        result[name] = ms
        atomic_write(out / f"{name}-nodes.csv", delimited(NODE_HEADERS, node_rows(ms), ",").encode("utf-8"))
        headers, rows = edge_rows(g)
        atomic_write(out / f"{name}-edges.csv", delimited(headers, rows, ",").encode("utf-8"))
    return result
