"""Counts that keep councils apart: two councils that each have a 事務局 and an unnamed 委員
(the seed, and the seed again as another council with another date). Each council's 事務局 and
委員 are rows of their own, named with the council, in the named queries, the report's heat map
and the people × themes network; the aggregates take a council and then count that council's
statements only, as a statement-by-statement count does."""

from __future__ import annotations

import pytest
from helpers import SEED

from kg.api import KnowledgeGraph
from kg.corpus.build import build_corpus

A, B = "千葉県ICTアドバイザー会議", "みどり県DX推進会議"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("councils")
    seed = SEED.read_text(encoding="utf-8").replace("【山口委員】", "【委員】")  # a member not named
    (root / "in").mkdir()
    (root / "in" / "a.txt").write_text(seed, encoding="utf-8")
    (root / "in" / "b.txt").write_text(seed.replace(A, B).replace("令和7年3月24日", "令和6年11月5日"),
                                       encoding="utf-8")
    build_corpus([root / "in"], root / "out", jobs=1)
    return root / "out"


@pytest.fixture(scope="module")
def kg(out):
    return KnowledgeGraph.open(out)


DIRECT = """SELECT ?council ?theme (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s kgo:speaker ?sp ; dcterms:subject ?t ; kgo:meeting/schema:organizer/skos:prefLabel ?council .
  { ?sp kgo:secretariatOf ?c } UNION { ?sp kgo:unnamed true }
  ?sp foaf:name ?name . FILTER(?name = "%s"@ja)
  ?t skos:prefLabel ?theme . FILTER(lang(?theme) = "ja") } GROUP BY ?council ?theme"""


@pytest.mark.parametrize("name", ["事務局", "委員"])
def test_each_council_has_its_own_row(kg, name):
    rows = kg.named("person-theme-matrix")
    assert not any(r["speaker"] == name for r in rows)  # never the councils together
    direct = {(r["council"], r["theme"]): r["n"] for r in kg.sparql(DIRECT % name)}
    assert {c for c, _ in direct} == {A, B}
    for council in (A, B):
        mine = {r["theme"]: r["statements"] for r in rows if r["speaker"] == f"{name}（{council}）"}
        assert mine == {t: n for (c, t), n in direct.items() if c == council} and mine


def test_the_aggregates_take_a_council(kg):
    every = kg.named("themes-over-time")
    by_council = {c: kg.named("themes-over-time", council=c) for c in (A, B)}
    assert all(by_council.values())
    for row in every:  # both meetings are in fiscal year 2024: each council holds half
        assert isinstance(row["fiscalYear"], int) and row["fiscalYear"] == 2024
        halves = [next(r["statements"] for r in by_council[c] if r["theme"] == row["theme"]) for c in (A, B)]
        assert halves[0] == halves[1] and sum(halves) == row["statements"]
    matrix = kg.named("person-theme-matrix", council=B)
    assert {r["speaker"] for r in matrix} >= {f"事務局（{B}）", f"委員（{B}）", "庄司"}
    assert not any(A in r["speaker"] for r in matrix)
    assert sum(r["statements"] for r in matrix) * 2 == sum(r["statements"] for r in kg.named("person-theme-matrix"))
    meetings = {r["date"] for r in kg.named("themes-by-meeting", council=A)}
    assert meetings == {"2025-03-24"}


def test_the_report_and_the_network_name_the_council(out):
    from kg.network import projections
    from kg.query.engines import open_store
    from kg.report import charts, data
    store = open_store(out)
    chart = charts.speaker_theme(data.load(store))
    rows = chart.figure["data"][0]["y"]
    assert len(rows) == len(set(rows))  # one row a speaker: none drawn over another
    for council in (A, B):
        assert f"事務局（{council}）" in rows and f"委員（{council}）" in rows
        assert f"庄司（{council}）" in rows  # two people of one name: the council tells them apart
    g = projections.people_themes(projections.load_data(store))
    labels = sorted(a["label"] for _, a in g.nodes(data=True) if a["label"].startswith(("事務局", "委員")))
    assert labels == sorted(f"{n}（{c}）" for n in ("事務局", "委員") for c in (A, B))
    g = projections.initiatives(projections.load_data(store))  # the initiatives view's network
    secretariats = sorted(a["label"] for _, a in g.nodes(data=True) if a["label"].startswith("事務局"))
    assert secretariats == [f"事務局（{c}）" for c in sorted((A, B))]


def test_a_fiscal_year_is_an_int_from_python(kg):
    years = kg.sparql("SELECT ?fy WHERE { ?m kgo:fiscalYear ?fy }")
    assert [r["fy"] for r in years] == [2024, 2024]


PAIRS = """SELECT ?council ?themeA ?themeB (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s dcterms:subject ?a, ?b ; kgo:meeting/schema:organizer/skos:prefLabel ?council . FILTER(STR(?a) < STR(?b))
  ?a skos:prefLabel ?themeA . FILTER(lang(?themeA) = "ja")
  ?b skos:prefLabel ?themeB . FILTER(lang(?themeB) = "ja") } GROUP BY ?council ?themeA ?themeB"""


def test_theme_pairs_of_one_council(kg):
    """Over every council theme-cooccurrence reads the pair tallies; for one, it counts that
    council's statements: each council's pairs as a statement-by-statement count gives them."""
    direct = {(r["council"], r["themeA"], r["themeB"]): r["n"] for r in kg.sparql(PAIRS)}
    every = {(r["themeA"], r["themeB"]): r["statements"] for r in kg.named("theme-cooccurrence")}
    assert every and {c for c, _, _ in direct} == {A, B}
    for council in (A, B):
        mine = {(r["themeA"], r["themeB"]): r["statements"] for r in kg.named("theme-cooccurrence", council=council)}
        assert mine == {(a, b): n for (c, a, b), n in direct.items() if c == council}
        assert all(2 * n == every[pair] for pair, n in mine.items()) and mine.keys() == every.keys()
    assert kg.named("theme-cooccurrence", council="どこにもない会議") == []


INITIATIVES = """SELECT ?council ?initiative (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s kgo:speaker ?sp ; kgo:mentions ?i ; kgo:meeting/schema:organizer/skos:prefLabel ?council .
  ?sp kgo:secretariatOf ?c . ?i a kgo:Initiative ; skos:prefLabel ?initiative . FILTER(lang(?initiative) = "ja")
} GROUP BY ?council ?initiative"""


def test_initiatives_count_each_councils_secretariat_apart(kg):
    """The 事務局 of two councils are two rows, named with their council as person-theme-matrix
    names them; a council's query counts its meetings only, and 事務局 finds both."""
    rows = kg.named("initiatives")
    assert not any(r["speaker"] == "事務局" for r in rows)
    direct = {(r["council"], r["initiative"]): r["n"] for r in kg.sparql(INITIATIVES)}
    assert {c for c, _ in direct} == {A, B}
    matrix = {r["speaker"] for r in kg.named("person-theme-matrix")}
    for council in (A, B):
        label = f"事務局（{council}）"
        mine = {r["initiative"]: r["statements"] for r in rows if r["speaker"] == label}
        assert mine == {i: n for (c, i), n in direct.items() if c == council} and mine
        assert label in matrix  # the same name for the same speaker
        one = kg.named("initiatives", council=council)
        assert not any(r["speaker"].endswith("）") and council not in r["speaker"] for r in one)
        assert {r["initiative"]: r["statements"] for r in one if r["speaker"] == label} == mine
        # people of one name are one row over both councils: twice what one council says
        imaizumi = {r["initiative"]: r["statements"] for r in one if r["speaker"] == "今泉"}
        assert imaizumi and all({r["initiative"]: r["statements"] for r in rows if r["speaker"] == "今泉"}[i] == 2 * n
                                for i, n in imaizumi.items())
    both = kg.named("initiatives", speaker="事務局")
    assert {r["speaker"] for r in both} == {f"事務局（{A}）", f"事務局（{B}）"}


def test_careers_and_attendance_take_a_council(kg, tmp_path):
    """The 県's officials at the meetings of two of its councils: a post's meetings are both
    councils' without the parameter, one council's with it."""
    seed = SEED.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(seed, encoding="utf-8")
    other = "千葉県DX推進本部会議"
    (tmp_path / "in" / "b.txt").write_text(seed.replace(A, other).replace("令和7年3月24日", "令和6年11月5日"),
                                           encoding="utf-8")
    build_corpus([tmp_path / "in"], tmp_path / "out", jobs=1)
    both = KnowledgeGraph.open(tmp_path / "out")
    every = both.named("careers")
    one = both.named("careers", council=A)
    shared = {(r["who"], r["role"]): r for r in every if r["meetings"] == 2}
    assert len(shared) >= 5 and all(r["organization"] not in (A, other) for r in shared.values())  # officials
    mine = {(r["who"], r["role"]): r for r in one}
    for key in shared:
        assert mine[key]["meetings"] == 1 and mine[key]["from"] == mine[key]["to"] == "2025-03-24", key
    assert not any(r["organization"] == other for r in one)
    rates = kg.named("attendance-rate")
    assert {r["council"] for r in rates} == {A, B}
    assert kg.named("attendance-rate", council=B) == [r for r in rates if r["council"] == B] != []
