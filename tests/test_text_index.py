"""The statements' text index beside the store: search through it gives the rows a scan of
every text gives, for words the trigrams find and for shorter ones, whatever characters they
hold; an incremental build leaves the index a full build makes; a missing, unreadable or
overflowing index makes search scan instead of answering wrongly."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from corpus import make_corpus
from helpers import ROOT

from kg.corpus.build import build_corpus
from kg.query.engines import OxigraphStore, open_store
from kg.query.named import get
from kg.read.normalize import search_form
from kg.store.texts import FILE, TextWriter, containing

SEARCH = get("search")
WORDS = ["生成AI", "生成ai", "デジタル", "ai", "DX", "県", "の", " ", "ＤＸ", "存在しない語句",
         'A"I', "AND", "*", "NEAR(", "-", "'", "%", "_", "データ\\", "（", "、"]
SCAN = """SELECT ?s WHERE { ?s <https://schema.org/text> ?t
  OPTIONAL { ?s <https://w3id.org/kaigi-kg/ontology#searchText> ?f }
  FILTER(CONTAINS(COALESCE(?f, LCASE(STR(?t))), STR(?q))) }"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("texts")
    (root / "in").mkdir()
    make_corpus(root / "in", 8)
    build_corpus([root / "in"], root / "out", jobs=2)
    return root


def _rows(store, words: str):
    return store.query(SEARCH.text, SEARCH.bindings({"q": words})).rows


def _index(folder: Path) -> list[tuple]:
    db = sqlite3.connect(folder / "store" / FILE)
    try:
        return sorted(db.execute("SELECT s, text FROM texts"))
    finally:
        db.close()


def test_search_through_the_index_gives_the_rows_of_a_scan(built):
    indexed = open_store(built / "out")
    scanned = OxigraphStore.from_file(built / "out" / "graph.ttl", named_graphs=False)
    assert indexed.texts is not None and scanned.texts is None
    found = 0
    for words in WORDS:
        rows = _rows(indexed, words)
        assert rows == _rows(scanned, words), words
        found += bool(rows)
    assert found >= 9  # most of the words are there: the comparison is not of empty answers


def test_the_index_proposes_exactly_the_statements_holding_the_words(built):
    scanned = OxigraphStore.from_file(built / "out" / "graph.ttl", named_graphs=False)
    from pyoxigraph import Literal
    for words in ("生成AI", "ai", "の", "存在しない語句", 'A"I'):
        expected = sorted(str(r[0]) for r in scanned.query(SCAN, {"q": Literal(search_form(words))}).rows)
        assert sorted(containing(built / "out" / "store", words, 100_000)) == expected, words
    assert len(containing(built / "out" / "store", "の", 100_000)) > 100


def test_search_asks_the_index_and_other_queries_do_not():
    from pyoxigraph import Literal

    from kg.query.named import narrow_by_text
    asked = []

    def lookup(words):
        asked.append(words)
        return ["urn:x:b", "urn:x:a"]
    narrowed = narrow_by_text(SEARCH.text, {"q": Literal("生成AI")}, lookup)
    assert asked == ["生成AI"] and "VALUES ?s { <urn:x:a> <urn:x:b> }" in narrowed
    assert narrow_by_text(SEARCH.text, {"q": Literal("x")}, lambda words: None) == SEARCH.text
    assert narrow_by_text(SEARCH.text, {}, lookup) == SEARCH.text and len(asked) == 1
    other = get("statements-on-theme")
    assert narrow_by_text(other.text, {"speaker": Literal("青木", language="ja")}, lookup) == other.text


def test_words_with_the_index_query_languages_characters(tmp_path):
    texts = ['They said "AND" NEAR(x) * -y', "100%_達成 O'Neil", "ＤＸ推進は ΣΊΣΥΦΟΣ", "データ\\連携"]
    writer = TextWriter(tmp_path, fresh=True)
    writer.add("g", [[f"s{n}", t] for n, t in enumerate(texts)])
    writer.close()
    for words in ('"AND"', 'D" N', "NEAR(", "* -", "%_", "o'neil", "Σύφ", "ΣΊΣΥΦΟΣ", "ｄｘ", "\\連", "x", "ai"):
        expected = sorted(f"s{n}" for n, t in enumerate(texts) if search_form(words) in search_form(t))
        assert sorted(containing(tmp_path, words, 10)) == expected, words


def test_too_many_subjects_or_no_index_and_search_scans(built, tmp_path):
    store = built / "out" / "store"
    assert containing(store, "の", 10) is None  # more than the limit: the query reads the texts
    copy = tmp_path / "out"
    shutil.copytree(built / "out", copy)
    expected = _rows(open_store(built / "out"), "生成AI")
    assert expected
    (copy / "store" / FILE).write_bytes(b"not a database")
    assert containing(copy / "store", "生成AI", 100) is None
    assert _rows(open_store(copy), "生成AI") == expected
    (copy / "store" / FILE).unlink()
    assert containing(copy / "store", "生成AI", 100) is None
    assert _rows(open_store(copy), "生成AI") == expected


def test_an_incremental_build_leaves_the_index_of_a_full_build(built, tmp_path):
    work = tmp_path / "in"
    shutil.copytree(built / "in", work)
    out = tmp_path / "out"
    build_corpus([work], out, jobs=2)
    (work / "m00002.txt").unlink()
    changed = work / "m00004.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("生成AI", "生成AIと衛星データ"), encoding="utf-8")
    shutil.copy(ROOT / "tests" / "fixtures" / "families" / "kuni-wg-colon.txt", work / "added.txt")
    assert build_corpus([work], out, jobs=2).store == "updated"
    full = build_corpus([work], tmp_path / "full", jobs=1, full=True)
    assert full.store == "full"
    assert _index(out) == _index(tmp_path / "full")
    assert any("衛星データ" in text for _, text in _index(out))
    assert len(_index(out)) == full.counts["statements"]


def test_a_damaged_index_is_made_again_by_the_next_build(built, tmp_path):
    work = tmp_path / "in"
    shutil.copytree(built / "in", work)
    out = tmp_path / "out"
    build_corpus([work], out, jobs=2)
    (out / "store" / FILE).write_bytes(b"not a database")
    shutil.copy(ROOT / "tests" / "fixtures" / "families" / "kuni-wg-colon.txt", work / "added.txt")
    assert build_corpus([work], out, jobs=2).store == "updated"  # no traceback, the store kept
    full = build_corpus([work], tmp_path / "full", jobs=1, full=True)
    assert _index(out) == _index(tmp_path / "full") and len(_index(out)) == full.counts["statements"]



def test_search_is_width_insensitive(tmp_path):
    """ＤＸ is DX and ｽﾍﾟｰｽﾊﾟﾄﾛｰﾙ is スペースパトロール, in the words asked for and in the texts alike:
    the seed with some of its DX written full width and the initiative's name in half-width
    katakana gives, for every spelling, the rows the seed gives for DX and スペースパトロール."""
    seed = ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt"
    text = seed.read_text(encoding="utf-8")
    assert text.count("DX") >= 4 and "スペースパトロール" in text
    parts = text.split("DX")
    mixed = "".join(p + ("ＤＸ" if n % 2 else "DX") for n, p in enumerate(parts[:-1])) + parts[-1]
    mixed = mixed.replace("スペースパトロール", "ｽﾍﾟｰｽﾊﾟﾄﾛｰﾙ")
    for name, body in (("plain", text), ("mixed", mixed)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "seed.txt").write_text(body, encoding="utf-8")
        build_corpus([tmp_path / name], tmp_path / name / "out", jobs=1)

    def positions(folder, backend, words):
        rows = open_store(folder / "out", backend).query(SEARCH.text, SEARCH.bindings({"q": words})).rows
        return [int(r[3]) for r in rows]
    dx = positions(tmp_path / "plain", "oxigraph", "DX")
    patrol = positions(tmp_path / "plain", "oxigraph", "スペースパトロール")
    assert len(dx) >= 4 and len(patrol) >= 1
    for backend in ("oxigraph", "rdflib"):
        for words in ("DX", "ＤＸ", "dx", "ｄｘ"):
            assert positions(tmp_path / "plain", backend, words) == dx, (backend, words)
            assert positions(tmp_path / "mixed", backend, words) == dx, (backend, words)
        for words in ("スペースパトロール", "ｽﾍﾟｰｽﾊﾟﾄﾛｰﾙ"):
            assert positions(tmp_path / "plain", backend, words) == patrol, (backend, words)
            assert positions(tmp_path / "mixed", backend, words) == patrol, (backend, words)
    # the index holds search's form: its own lookup finds the full-width texts by DX
    assert len(containing(tmp_path / "mixed" / "out" / "store", "ＤＸ", 100)) == len(set(dx))
