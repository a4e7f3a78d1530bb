"""Analytics against values computed by hand on small graphs."""

import csv

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.network.analyze import (
    measures,
    person_person,
    person_theme,
    theme_theme,
    write_analysis,
)
from kg.network.projections import KGData, Statement


def small() -> KGData:
    """Speakers A, B, C; themes X, Y. s1: A on X and Y; s2: B on X; s3, s4: C on Y.
    Turn t2 (A) responds to t1 (B)."""
    d = KGData()
    for n, t in [("A", "person"), ("B", "person"), ("C", "person"), ("X", "theme"), ("Y", "theme")]:
        d.nodes[n] = (n, t)
    for s, who in [("s1", "A"), ("s2", "B"), ("s3", "C"), ("s4", "C")]:
        d.statements[s] = Statement(s, "text", int(s[1]), "m", "meeting", "2025-01-01", who, None)
    d.mentions = [("s1", "X", 0, 1), ("s1", "Y", 2, 3), ("s2", "X", 0, 1), ("s3", "Y", 0, 1), ("s4", "Y", 0, 1)]
    d.turns = {"t1": ("m", 1, "B委員", "B"), "t2": ("m", 2, "A委員", "A")}
    d.responds = [("t2", "t1")]
    return d


def by_label(ms):
    return {m.label: m for m in ms}


def test_person_theme_is_the_path_B_X_A_Y_C():
    g = person_theme(small())
    assert {tuple(sorted(e)) for e in g.edges()} == {("B", "X"), ("A", "X"), ("A", "Y"), ("C", "Y")}
    assert g.edges["C", "Y"]["weight"] == 2  # two statements
    m = by_label(measures(g))
    # degree / (n - 1) with n = 5
    assert m["X"].degree == 2 and m["X"].degree_centrality == pytest.approx(0.5)
    assert m["Y"].weighted_degree == 3  # A–Y 1 + C–Y 2
    # betweenness on a path of five, normalized by (n-1)(n-2)/2 = 6:
    # A carries B–Y, B–C, X–Y, X–C (4); X carries B–A, B–Y, B–C (3); the ends carry none.
    assert m["A"].betweenness == pytest.approx(4 / 6)
    assert m["X"].betweenness == pytest.approx(3 / 6)
    assert m["Y"].betweenness == pytest.approx(3 / 6)
    assert m["B"].betweenness == 0 and m["C"].betweenness == 0


def test_person_person_counts_shared_themes_and_responses():
    g = person_person(small())
    assert g.edges["A", "B"]["shared_themes"] == 1 and g.edges["A", "B"]["responses"] == 1
    assert g.edges["A", "B"]["weight"] == 2
    assert g.edges["A", "C"]["weight"] == 1
    assert not g.has_edge("B", "C")


def test_theme_theme_counts_statements_with_both():
    g = theme_theme(small())
    assert [tuple(sorted(e[:2])) + (e[2],) for e in g.edges(data="weight")] == [("X", "Y", 1)]


def test_communities_and_bridges_on_two_triangles():
    g = nx.Graph()
    for n in "abcdef":
        g.add_node(n, label=n, type="person")
    g.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")], weight=1)
    m = by_label(measures(g))
    assert {m[n].community for n in "abc"} != {m[n].community for n in "def"}
    assert len({m[n].community for n in "abc"}) == 1 and len({m[n].community for n in "def"}) == 1
    # c lies on the 6 shortest paths between {a, b} and {d, e, f}; normalized by 10
    assert m["c"].betweenness == pytest.approx(0.6) and m["d"].betweenness == pytest.approx(0.6)
    assert m["a"].betweenness == 0


def test_csv_files(tmp_path):
    write_analysis(small(), tmp_path)
    with open(tmp_path / "analysis" / "person-theme-nodes.csv", encoding="utf-8") as f:
        rows = {r["label"]: r for r in csv.DictReader(f)}
    assert float(rows["A"]["betweenness"]) == pytest.approx(4 / 6, abs=1e-6)
    with open(tmp_path / "analysis" / "person-person-edges.csv", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert edges[0]["source"] == "A" and edges[0]["target"] == "B" and edges[0]["weight"] == "2"


def test_kg_analyze_on_the_seed(seed_build, tmp_path):
    _, graph = seed_build
    r = CliRunner().invoke(main, ["analyze", "--graph", str(graph), "-o", str(tmp_path), "--top", "3"])
    assert r.exit_code == 0, r.output
    assert "person-theme (26 nodes)" in r.output and "事務局" in r.output
    assert sorted(p.name for p in (tmp_path / "analysis").iterdir()) == [
        f"{n}-{k}.csv" for n in ("person-person", "person-theme", "theme-theme") for k in ("edges", "nodes")]
