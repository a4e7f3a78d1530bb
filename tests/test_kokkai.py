"""The Diet's records: an invented answer in the shape of 国会会議録検索システム's meeting API (two
meetings of one committee, 30 speeches, groups and positions) served on 127.0.0.1, fetched with
`kg fetch kokkai` and built with `kg build`: turns from the API's fields, one person a speaker."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import read_one
from sites import MEETINGS, SPEAKERS, Site, diet_api

from kg.cli import main
from kg.errors import InputError


@pytest.fixture(scope="module")
def diet(tmp_path_factory):
    """(folder fetched into, the API's address, outputs folder, the server's log)."""
    root = tmp_path_factory.mktemp("kokkai")
    holder: dict[str, str] = {}
    with Site(diet_api(lambda: holder["url"])) as site:
        holder["url"] = site.url
        r = CliRunner().invoke(main, ["fetch", "kokkai", "--name", "内閣委員会", "--from", "2024-04-01",
                                      "--until", "2024-04-30", "--api", site.url + "/api/meeting",
                                      "-o", str(root / "kokkai"), "--delay", "0"])
        assert r.exit_code == 0, r.output
        b = CliRunner().invoke(main, ["build", str(root / "kokkai"), "-o", str(root / "out"), "-j", "1"])
        assert b.exit_code == 0, b.output
        yield root / "kokkai", site.url, root / "out", list(site.hits)


def select(out, query):
    from helpers import sparql
    from rdflib import Graph
    return [tuple(str(v) for v in row) for row in sparql(Graph().parse(out / "graph.ttl"), query)]


def test_fetch_pages_through_the_api_and_saves_each_meeting(diet):
    folder, url, _, hits = diet
    api = [h.path for h in hits if h.path.startswith("/api/")]
    assert len(api) == 2 and "startRecord=1" in api[0] and "startRecord=2" in api[1]
    assert all("recordPacking=json" in p and "from=2024-04-01" in p and "until=2024-04-30" in p for p in api)
    files = sorted(p.name for p in folder.glob("*.kokkai.json"))
    assert files == sorted(f"{m[0]}.kokkai.json" for m in MEETINGS)
    saved = json.loads((folder / files[0]).read_text(encoding="utf-8"))
    assert saved["issueID"] == MEETINGS[0][0] and len(saved["speechRecord"]) == 16  # 会議録情報 and 15 speeches
    rows = (folder / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith(f"{MEETINGS[0][0]}.kokkai.json,{url}/txt/{MEETINGS[0][0]},")
    assert rows[1].endswith(",application/json,第213回国会 衆議院 内閣委員会 第3号")


def test_turns_come_from_the_fields(diet):
    folder, url, _, _ = diet
    m = read_one(folder / f"{MEETINGS[0][0]}.kokkai.json", folder)
    assert (m.series, m.body, m.date.isoformat()) == ("衆議院内閣委員会", "国会", "2024-04-10")
    assert [t.speaker.name for t in m.turns] == MEETINGS[0][3]
    assert [t.url for t in m.turns] == [f"{url}/txt/{MEETINGS[0][0]}/{i}" for i in range(1, 16)]
    third = m.turns[2]
    assert (third.speaker.label, third.speaker.role) == ("河野デジタル大臣", "デジタル大臣")
    assert m.source.text[third.span.start:third.span.end] == "○河野デジタル大臣\u3000"
    assert len(m.statements) == 30 and all(m.source.text[s.span.start:s.span.end] == s.text for s in m.statements)
    assert m.statements[4].text.startswith("マイナンバーカードの利用について、河野次郎として第3の発言")
    assert "会議録情報" not in {a.name for a in m.attendees} and not m.doubts


def test_build_has_30_turns_and_one_person_a_speaker_across_both_meetings(diet):
    _, _, out, _ = diet
    turns = select(out, "SELECT (COUNT(?t) AS ?n) WHERE { ?t a kgo:Turn }")
    assert turns == [("30",)]
    people = select(out, """SELECT ?name (COUNT(DISTINCT ?p) AS ?people) (COUNT(DISTINCT ?m) AS ?meetings)
        WHERE { ?t a kgo:Turn ; kgo:speaker ?p ; kgo:meeting ?m . ?p foaf:name ?name } GROUP BY ?name ORDER BY ?name""")
    assert people == [(name, "1", "2") for name in sorted(SPEAKERS)]


def test_speakers_have_their_groups_and_positions(diet):
    _, _, out, _ = diet
    rows = select(out, """SELECT DISTINCT ?name ?role ?org WHERE { ?x a org:Membership ; org:member ?p ;
        org:role/skos:prefLabel ?role ; org:organization/skos:prefLabel ?org . ?p foaf:name ?name }""")
    held = {}
    for name, role, org in rows:
        held.setdefault(name, set()).add((role, org))
    assert held == {
        "山本一郎": {("委員長", "国会"), ("会派所属", "自由民主党・無所属の会")},
        "佐藤花子": {("議員", "国会"), ("会派所属", "立憲民主党・無所属")},
        "鈴木四郎": {("議員", "国会"), ("会派所属", "日本維新の会")},
        "河野次郎": {("デジタル大臣", "国会"), ("会派所属", "自由民主党・無所属の会")},
        "田村三郎": {("デジタル庁統括官", "国会"), ("政府参考人", "国会")},
    }
    sources = select(out, """SELECT ?s WHERE { ?t a kgo:Turn ; schema:position 3 ; dcterms:source ?s ;
        kgo:meeting/schema:startDate "2024-04-10"^^xsd:date }""")
    assert len(sources) == 1 and sources[0][0].endswith(f"/txt/{MEETINGS[0][0]}/3")


def test_check_lists_a_record_that_cannot_be_read(diet, tmp_path):
    folder = diet[0]
    good = f"{MEETINGS[1][0]}.kokkai.json"
    (tmp_path / good).write_bytes((folder / good).read_bytes())
    (tmp_path / "broken.kokkai.json").write_text('{"speechRecord": "none"}', encoding="utf-8")
    with pytest.raises(InputError, match="no speechRecord list"):
        read_one(tmp_path / "broken.kokkai.json")
    r = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert r.exit_code == 1 and "error      not a Diet record: no speechRecord list" in r.stdout
    assert "counts     5 attendees, 15 turns, 30 statements" in r.stdout


def test_an_api_refusal_is_one_line(tmp_path):
    holder: dict[str, str] = {}
    with Site(diet_api(lambda: holder["url"])) as site:
        holder["url"] = site.url
        r = CliRunner().invoke(main, ["fetch", "kokkai", "--name", "予算委員会", "--api", site.url + "/api/meeting",
                                      "-o", str(tmp_path), "--delay", "0"])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "HTTP 400" in r.stderr and site.url + "/api/meeting?" in r.stderr


def test_the_diet_graph_conforms_to_the_shapes(diet):
    _, _, out, _ = diet
    r = CliRunner().invoke(main, ["validate", str(out / "graph.ttl")])
    assert r.exit_code == 0 and "conforms" in r.output


def test_a_parsed_record_survives_the_build_cache(diet):
    """The cache keeps parsed summaries as JSON led by their types: a Diet record (a dataclass
    with a field named date) comes back equal, not as a damaged entry."""
    from kg.corpus import codec
    from kg.model import Minutes
    from kg.parse.document import parse
    from kg.read.source import read_source
    folder, _, _, _ = diet
    for f in sorted(folder.glob("*.kokkai.json")):
        m = parse(read_source(f))
        assert m.source.record is not None and codec.loads(codec.dumps(m), Minutes) == m
