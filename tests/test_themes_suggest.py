"""kg themes suggest: on ten summaries of one transport council written for this test
(tests/fixtures/kotsu), the council's real subjects come first; the draft is a SKOS scheme a
build takes as it is; same corpus, same bytes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from helpers import ROOT, sparql

from kg.cli import main
from kg.extract.terms import _acceptable, candidates, compounds, term_rules
from kg.rdf.load import load_graph

KOTSU = ROOT / "tests" / "fixtures" / "kotsu"
# What the ひばり市地域公共交通会議 discussed, as a reader of the ten summaries would list it.
SUBJECTS = {"デマンド交通", "地域公共交通計画", "路線バス", "運転士不足", "コミュニティバス"}


def run(*args):
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r


@pytest.fixture(scope="module")
def draft(tmp_path_factory):
    out = tmp_path_factory.mktemp("suggest") / "themes.ttl"
    r = run("themes", "suggest", str(KOTSU), "-o", str(out), "--top", "20")
    return out, r.output


def _ranked(output: str) -> list[str]:
    rows = [line.split() for line in output.splitlines()[1:] if line.strip()[:1].isdigit()]
    return [row[4] for row in rows]


def test_the_councils_subjects_come_first(draft):
    _, output = draft
    ranked = _ranked(output)
    assert SUBJECTS <= set(ranked[:10]), ranked[:10]
    generic = term_rules().generic
    assert not set(ranked) & generic
    assert not any(t.startswith("ひばり市") or t in ("岡田", "原田", "西村") for t in ranked)


def test_the_draft_is_a_scheme_a_build_takes(draft, tmp_path):
    path, _ = draft
    g = load_graph(path)
    concepts = sparql(g, """SELECT ?c ?label ?field ?n WHERE { ?c a skos:Concept ; skos:prefLabel ?label ;
        skos:broader ?field ; kgo:statementCount ?n . ?field skos:topConceptOf ?s }""")
    assert len(concepts) == 20
    assert all(int(n) >= 2 for *_, n in concepts)
    examples = sparql(g, "SELECT ?c (COUNT(?e) AS ?n) WHERE { ?c skos:example ?e } GROUP BY ?c")
    assert len(examples) == 20 and all(int(n) == 2 for _, n in examples)
    field = {str(label): str(f).rsplit("/", 1)[1] for _, label, f, _ in concepts}
    assert field["デマンド交通"] == "field-transport-tourism"
    out = tmp_path / "built"
    run("build", str(KOTSU), "--themes", str(path), "-o", str(out), "-q")
    rows = sparql(load_graph(out / "graph.ttl"), """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
        ?s dcterms:subject/skos:prefLabel "デマンド交通"@ja }""")
    assert int(rows[0][0]) >= 10


def test_same_corpus_same_bytes(draft, tmp_path):
    path, _ = draft
    again = tmp_path / "again.ttl"
    run("themes", "suggest", str(KOTSU), "-o", str(again), "--top", "20", "-q")
    assert again.read_bytes() == path.read_bytes()


def test_a_built_graph_gives_the_same_subjects(tmp_path):
    out = tmp_path / "built"
    run("build", str(KOTSU), "-o", str(out), "-q")
    r = run("themes", "suggest", "--graph", str(out), "-o", str(tmp_path / "t.ttl"))
    assert SUBJECTS <= set(_ranked(r.output)[:10])


def test_variants_are_one_theme():
    found = candidates([("a", "デマンド型交通の予約が増えた。"), ("b", "デマンド交通の区域を広げる。"),
                        ("c", "デマンド交通の車両を増やす。")])
    top = found[0]
    assert top.label == "デマンド交通" and set(top.variants) == {"デマンド交通", "デマンド型交通"}
    assert top.occurrences == 3 and len(top.meetings) == 3


def test_compounds_are_nouns_only():
    runs = ["".join(s for s, _ in r) for r in compounds("今後、運転士不足への対応として田中委員が免許の取得費用を補助する。")]
    assert "運転士不足" in runs and "今後" not in runs
    assert not any("田中" in r for r in runs)


def test_rules_examples():
    rules = term_rules()
    data = __import__("tomllib").loads((ROOT / "kg" / "extract" / "terms.toml").read_text(encoding="utf-8"))
    assert all(not _acceptable(w, rules, set()) for w in data["generic_examples"])
    assert all(not _acceptable(w, rules, set()) for w in data["body_examples"])
    assert _acceptable("デマンド交通", rules, set())
    assert not _acceptable("ひばり市", rules, {"ひばり市地域公共交通会議"})


def test_no_statements_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("令和6年度第1回 ひばり市地域公共交通会議 会議概要\n1 日時　令和6年5月22日\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["themes", "suggest", str(empty), "-o", str(tmp_path / "x.ttl")])
    assert r.exit_code == 2 and "no statements" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "x.ttl").exists()
