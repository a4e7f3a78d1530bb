"""Which council a summary belongs to: titles, the councils file, the folder, the researcher."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import SEED, read_one, sparql
from rdflib import Literal

from kg.pipeline import build_graph

FAMILIES = Path(__file__).resolve().parent / "fixtures" / "families"


def test_three_years_of_one_council_are_one_council_and_one_person_per_member(tmp_path):
    """R3 and R4 summaries (as …ICTアドバイザリー会議, one without labels) and the R6 seed."""
    for f in (FAMILIES / "chiba").glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    shutil.copy(SEED, tmp_path / "r6.txt")
    g = build_graph([tmp_path]).graph
    councils = sparql(g, "SELECT ?c ?l WHERE { ?c a kgo:Council ; skos:prefLabel ?l }")
    assert [label for _, label in councils] == ["千葉県ICTアドバイザー会議"]
    alt = {r[0] for r in sparql(g, "SELECT ?a WHERE { ?c a kgo:Council ; skos:altLabel ?a }")}
    assert alt == {"千葉県ICTアドバイザリー会議", "千葉県DXアドバイザリー会議"}
    rename = sparql(g, """SELECT ?old ?when WHERE { ?e a org:ChangeEvent ; org:resultingOrganization ?c ;
        org:originalOrganization ?o . ?c a kgo:Council . ?o skos:prefLabel ?old ; dcterms:temporal ?when }""")
    assert rename == [("千葉県ICTアドバイザリー会議", "2021-2022")]
    for member in ("庄司", "荒川", "今泉", "白澤"):
        people = sparql(g, "SELECT DISTINCT ?p WHERE { ?p foaf:name ?n } ", n=Literal(member, lang="ja"))
        assert len(people) == 1, member
        meetings = sparql(g, "SELECT DISTINCT ?m WHERE { ?m schema:attendee ?p . ?p foaf:name ?n }",
                          n=Literal(member, lang="ja"))
        assert len(meetings) == 3, member
    # 高松 (局長) appears in R3 and R4 as the same official
    takamatsu = sparql(g, "SELECT DISTINCT ?p WHERE { ?p foaf:familyName ?n }", n=Literal("高松", lang="ja"))
    assert len(takamatsu) == 1


def test_note_and_place_lines_are_never_the_council():
    m = read_one(FAMILIES / "chiba" / "r4-nolabels.txt")
    assert m.series == "千葉県ICTアドバイザー会議"
    assert m.title == "令和4年度第1回千葉県ICTアドバイザリー会議の開催結果について(12月19日)"
    assert m.place == "千葉県庁本庁舎(千葉市中央区市場町1-1)5階大会議室"


def test_a_page_without_a_title_takes_its_folder_else_says_unknown(tmp_path):
    body = "令和6年5月1日(水)午前10時から11時まで\n本庁舎3階会議室\n山田委員、佐藤委員\n【山田委員】\n・意見。\n"
    folder = tmp_path / "minutes" / "みどり市交通会議"
    folder.mkdir(parents=True)
    (folder / "r6-1.txt").write_text(body, encoding="utf-8")
    m = read_one(folder / "r6-1.txt", tmp_path / "minutes")
    assert m.series == "みどり市交通会議"
    assert [d.field for d in m.doubts] == ["council"] and "folder name" in m.doubts[0].message
    (tmp_path / "alone.txt").write_text(body, encoding="utf-8")
    m = read_one(tmp_path / "alone.txt")
    assert m.series == "会議名不明（alone）"
    assert [d.field for d in m.doubts] == ["council"]
    assert m.place == "本庁舎3階会議室" and len(m.attendees) == 2


def test_researcher_values_in_sources_csv_win_and_are_recorded(tmp_path):
    shutil.copy(FAMILIES / "chiba" / "r3-kekka.txt", tmp_path / "r3.txt")
    (tmp_path / "sources.csv").write_text(
        "file,url,council,date,place\nr3.txt,https://www.example.jp/r3.html,ちば未来会議,2022-03-15 13:00,県庁\n",
        encoding="utf-8")
    result = build_graph([tmp_path])
    m = result.minutes[0]
    assert (m.series, m.place, m.start.isoformat()) == ("ちば未来会議", "県庁", "2022-03-15T13:00:00+09:00")
    assert m.supplied == ("council", "date", "place")
    supplied = {r[0] for r in sparql(result.graph, "SELECT ?f WHERE { ?m kgo:researcherSupplied ?f }")}
    assert supplied == {"council", "date", "place"}


def test_build_takes_a_councils_file_of_the_researchers(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    (tmp_path / "councils.toml").write_text(
        '[[council]]\nname = "ちば未来会議"\nbody = "千葉県"\nother = [{ name = "千葉県ICTアドバイザー会議", used = "2024" }]\n',
        encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(SEED), "-o", str(tmp_path / "out"), "--councils",
                                  str(tmp_path / "councils.toml")])
    assert r.exit_code == 0, r.output
    from rdflib import Graph
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert [r[0] for r in sparql(g, "SELECT ?l WHERE { ?c a kgo:Council ; skos:prefLabel ?l }")] == ["ちば未来会議"]
    bad = CliRunner().invoke(main, ["build", str(SEED), "-o", str(tmp_path / "o2"), "--councils", str(tmp_path / "nope.toml")])
    assert bad.exit_code == 2 and "no such councils file" in bad.output
