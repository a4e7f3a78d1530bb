"""Initiatives, organizations, themes and responses on the real seed, each with evidence."""

import pytest
from click.testing import CliRunner
from helpers import ROOT, sparql

from kg.cli import main
from kg.errors import InputError
from kg.extract.gazetteer import load_gazetteer
from kg.extract.mentions import Extractor, looks_like_name
from kg.extract.themes import load_theme_graph, themes_from

WHO_MENTIONS = """
    SELECT DISTINCT ?who WHERE {
      ?s kgo:mentions ?e ; kgo:turn/kgo:speakerLabel ?label .
      ?e skos:prefLabel ?name . FILTER(STR(?name) = ?target)
      BIND(REPLACE(REPLACE(STR(?label), "座長$", ""), "委員$", "") AS ?who)
    }"""


def speakers_mentioning(graph, name):
    from rdflib import Literal
    return {r[0] for r in sparql(graph, WHO_MENTIONS, target=Literal(name))}


@pytest.mark.parametrize("name, speakers", [
    ("ちばDXポータル", {"庄司", "白澤", "今泉", "事務局"}),
    ("スペースパトロール", {"今泉", "事務局"}),
    ("ちばデジタル支援ネットワーク", {"荒川"}),
    ("中小企業デジタル技術活用支援事業", {"荒川"}),
    ("千葉県DX推進協議会", {"事務局"}),
    ("中部DX推進コミュニティ", {"宮入"}),
    ("GovTech東京", {"庄司"}),
    ("千葉県職員人材基本方針", {"事務局"}),
    ("島根県", {"宮入"}),
    ("公益社団法人千葉県情報サービス産業協会", {"荒川"}),
    ("総務省", {"事務局"}),
    ("報道広報課", {"事務局"}),
])
def test_who_mentions_what(seed_graph, name, speakers):
    assert speakers_mentioning(seed_graph, name) == speakers


@pytest.mark.parametrize("initiative, operator", [
    ("中部DX推進コミュニティ", "中部経済産業局"),
    ("GovTech東京", "東京都"),
    ("スペースパトロール", "千葉県"),
])
def test_operators(seed_graph, initiative, operator):
    from rdflib import Literal
    rows = sparql(seed_graph, """
        SELECT ?op WHERE { ?i a kgo:Initiative ; skos:prefLabel ?n ; kgo:operatedBy/skos:prefLabel ?op .
                           FILTER(STR(?n) = ?target && lang(?op) = "ja") }""", target=Literal(initiative))
    assert rows == [(operator,)]


def statements_with_theme(graph, theme_key, word):
    from rdflib import Literal, URIRef
    return {r[0] for r in sparql(graph, """
        SELECT ?who WHERE {
          ?s dcterms:subject ?theme ; schema:text ?text ; kgo:turn/kgo:speakerLabel ?label .
          FILTER(CONTAINS(?text, ?word))
          BIND(REPLACE(REPLACE(STR(?label), "座長$", ""), "委員$", "") AS ?who) }""",
        theme=URIRef("https://w3id.org/kaigi-kg/theme/" + theme_key), word=Literal(word))}


def test_generative_ai_theme(seed_graph):
    assert statements_with_theme(seed_graph, "generative-ai", "生成AI") == {"今泉", "事務局"}


def test_talent_theme_on_statements_about_jinzai(seed_graph):
    assert {"宮入", "庄司"} <= statements_with_theme(seed_graph, "dx-talent", "人材")


def test_public_relations_theme(seed_graph):
    assert {"庄司", "宮入", "山口"} <= statements_with_theme(seed_graph, "pr-branding", "広報")


def test_every_secretariat_turn_responds_to_an_earlier_member_turn(seed_graph):
    rows = sparql(seed_graph, """
        SELECT ?pos (COUNT(?earlier) AS ?n) WHERE {
          ?t kgo:speakerLabel "事務局"@ja ; schema:position ?pos ; kgo:respondsTo ?earlier .
          ?earlier schema:position ?epos ; kgo:speaker/a foaf:Person . FILTER(?epos < ?pos) }
        GROUP BY ?pos ORDER BY ?pos""")
    assert [r[0] for r in rows] == [3, 7, 11]
    assert all(n >= 1 for _, n in rows)
    answered = {r[0] for r in sparql(seed_graph, """
        SELECT ?epos WHERE { ?t kgo:speakerLabel "事務局"@ja ; schema:position 11 ; kgo:respondsTo/schema:position ?epos }""")}
    assert answered == {8, 9, 10}


def test_every_mention_carries_its_words(seed_graph):
    rows = sparql(seed_graph, """
        SELECT ?text ?start ?end ?matched WHERE {
          ?m a kgo:Mention ; kgo:inStatement/schema:text ?text ; oa:start ?start ; oa:end ?end ;
             kgo:matchedText ?matched ; kgo:refersTo ?target }""")
    assert len(rows) > 150
    assert all(text[s:e] == matched for text, s, e, matched in rows)


def test_every_link_has_a_mention(seed_graph):
    rows = sparql(seed_graph, """
        SELECT ?s ?target WHERE {
          { ?s kgo:mentions ?target } UNION { ?s dcterms:subject ?target }
          FILTER NOT EXISTS { ?m kgo:inStatement ?s ; kgo:refersTo ?target } }""")
    assert rows == []


def test_generic_words_are_not_entities(seed_graph):
    labels = {r[0] for r in sparql(seed_graph, """
        SELECT ?l WHERE { ?s kgo:mentions ?e . ?e skos:prefLabel ?l }""")}
    assert not labels & {"市町村", "大学", "企業", "県", "事務局", "本県", "当課"}


def test_theme_scheme():
    g = load_theme_graph()
    themes = themes_from(g)
    described = [t for t in themes if t.keywords or t.patterns]
    assert len(described) >= 15
    assert all(t.ja and t.en for t in themes)
    assert sum(1 for t in themes if t.broader) >= 8
    rows = sparql(g, """SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept ; skos:definition ?d ;
                                                         skos:inScheme ?s }""")
    assert rows[0][0] == len(themes)


def test_precision_and_recall_on_the_seed(capsys):
    import evaluate_mentions

    from kg.extract.evaluate import found_pairs, read_gold, score

    scores = {s.kind: s for s in score(found_pairs(evaluate_mentions.seed_mentions()),
                                        read_gold(ROOT / "tests" / "gold" / "seed_mentions.tsv"))}
    for s in scores.values():
        print(f"{s.kind}: precision {s.precision:.3f} recall {s.recall:.3f}")
    assert scores["all"].true_positives >= 100
    assert scores["all"].precision >= 0.9 and scores["all"].recall >= 0.9
    assert scores["entity"].precision >= 0.9 and scores["entity"].recall >= 0.9


@pytest.fixture(scope="module")
def extractor():
    themes = themes_from(load_theme_graph())
    return Extractor(load_gazetteer(theme_keys={t.key for t in themes}), themes)


def test_detection_beyond_the_gazetteer(extractor):
    text = ("本県と当課では「みどり里山再生プラン」を進め、ABCD（あおぞら情報産業協会）や大阪府、"
            "柏崎市、デジタル庁と、市町村・大学・企業が参加する房総DX推進協議会を作った。")
    found = {m.key: m for m in extractor.statement(1, text) if m.kind == "entity"}
    assert set(found) == {"みどり里山再生プラン", "あおぞら情報産業協会", "大阪府", "柏崎市",
                          "デジタル庁", "房総DX推進協議会"}
    assert extractor.found["あおぞら情報産業協会"].aliases == ("ABCD",)
    assert extractor.found["大阪府"].kind == "organization"
    assert extractor.found["房総DX推進協議会"].kind == "initiative"
    assert not extractor.found["柏崎市"].curated
    for m in found.values():
        assert text[m.start:m.end] == m.text


def test_full_width_text_matches_and_keeps_its_own_characters(extractor):
    text = "ｽﾍﾟｰｽﾊﾟﾄﾛｰﾙと「ちばＤＸポータル」、生成ＡＩの活用。"
    ms = extractor.statement(1, text)
    keys = {m.key for m in ms}
    assert {"スペースパトロール", "ちばDXポータル", "generative-ai"} <= keys
    assert {m.text for m in ms if m.key == "ちばDXポータル"} == {"ちばＤＸポータル"}
    assert {m.text for m in ms if m.key == "スペースパトロール"} == {"ｽﾍﾟｰｽﾊﾟﾄﾛｰﾙ"}


@pytest.mark.parametrize("word, is_name", [
    ("島根県", True), ("現在県", False), ("本県", False), ("市町村", False), ("当課", False),
    ("一度計画", False), ("千葉市", True), ("DX推進戦略", True), ("都市", False),
])
def test_looks_like_name(word, is_name):
    assert looks_like_name(word) is is_name


def test_entities_uncurated_cli(tmp_path):
    src = tmp_path / "m.txt"
    src.write_text("""令和6年度 房総デジタル会議 議事概要
1 日時 令和6年6月3日（月）午後2時から3時まで
4 議事概要
【山田委員】
- ・「みどり里山再生プラン」は良い。柏崎市の例もある。
【佐藤委員】
- ・みどり里山再生プランを広げたい。スペースパトロールも参考に。
""", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "out")]).exit_code == 0
    result = runner.invoke(main, ["entities", "--uncurated", "--graph", str(tmp_path / "out"), "--format", "json"])
    assert result.exit_code == 0, result.output
    import json
    rows = {r["label"]: r for r in json.loads(result.output)}
    assert set(rows) == {"みどり里山再生プラン", "柏崎市"}
    assert rows["みどり里山再生プラン"]["statements"] == 2
    assert "【みどり里山再生プラン】" in rows["みどり里山再生プラン"]["example"]
    assert rows["柏崎市"]["curated"] is False
    every = runner.invoke(main, ["entities", "--graph", str(tmp_path / "out")])
    assert "スペースパトロール" in every.output and "True" in every.output


def test_bad_gazetteer_is_a_clear_error(tmp_path):
    bad = tmp_path / "g.toml"
    bad.write_text('[[entity]]\nja = "X事業"\ntype = "thing"\n', encoding="utf-8")
    with pytest.raises(InputError, match="type must be one of"):
        load_gazetteer(bad)
    bad.write_text('[[entity]]\nja = "X事業"\ntype = "initiative"\nthemes = ["nope"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown theme nope"):
        load_gazetteer(bad, {"pr-branding"})
    bad.write_text('[[entity]\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a valid TOML gazetteer file"):
        load_gazetteer(bad)


def test_policy_fields_apply_only_where_no_narrower_theme_does(extractor):
    """The scheme's top concepts are policy fields (after e-Stat's statistical fields): a
    statement about freight gets 運輸・観光; one about bus routes gets the narrow 地域公共交通; one that
    also names 生成AI gets the narrow themes only."""
    field_only = {m.key for m in extractor.statement(1, "物流の拠点を県内に増やしてほしい。") if m.kind == "theme"}
    assert field_only == {"field-transport-tourism"}
    bus = {m.key for m in extractor.statement(1, "路線バスとデマンド交通の乗り継ぎを改善してほしい。") if m.kind == "theme"}
    assert bus == {"public-transport"}
    narrow = {m.key for m in extractor.statement(2, "路線バスの案内に生成AIを使ってほしい。") if m.kind == "theme"}
    assert "generative-ai" in narrow and not any(k.startswith("field-") for k in narrow)


def test_fields_raise_theme_coverage_on_other_councils():
    """Councils on child care, agriculture, transport, an executive meeting, an assembly's
    officers and a tourism headquarters: most statements now get a theme (39 % before)."""
    from pathlib import Path

    from rdflib.namespace import DCTERMS, RDF

    from kg.pipeline import build_graph
    from kg.rdf.namespaces import KGO

    folder = Path(__file__).resolve().parent / "fixtures" / "shared-layouts"
    total = themed = 0
    for f in sorted(folder.glob("*.txt")):
        triples = build_graph([f]).triples
        statements = {s for s, p, o in triples if p == RDF.type and o == KGO.Statement}
        total += len(statements)
        themed += len({s for s, p, o in triples if p == DCTERMS.subject and s in statements})
    assert total >= 30 and themed / total >= 0.8


def test_people_named_in_statements_against_hand_written_gold():
    """Family name + role or post, or the full name, of someone at the meeting; never a place
    (山口県) or a word (勝手に) that starts like a name."""
    from pathlib import Path

    from kg.pipeline import build_graph

    f = Path(__file__).resolve().parent / "fixtures" / "families" / "people-in-statements.txt"
    result = build_graph([f])
    found = {(x.statement, x.text) for x in result_mentions(result) if x.kind == "person"}
    gold = {(1, "庄司座長"), (3, "木村局長"), (4, "石橋亮"), (5, "荒川委員"), (5, "山口委員"), (5, "勝次長")}
    true = found & gold
    assert len(true) / len(found) >= 0.9 and true == gold, (found, gold)
    # each mention points at the attendee, with the words as evidence
    people = {str(o) for s, p, o in result.triples if str(p).endswith("#mentions") and "/person/" in str(o)}
    assert len(people) == 6  # 庄司, 木村, 石橋, 荒川, 山口, 勝: one node each
    evidence = {str(o) for s, p, o in result.triples if str(p).endswith("#matchedText")}
    assert {"庄司座長", "木村局長", "勝次長"} <= evidence


def result_mentions(result):
    from kg.extract.people import person_mentions
    return [x for m in result.minutes for x in person_mentions(m)]


def _one_by_one(words, text):
    import re
    return {w: [m.span() for m in re.finditer(re.escape(w), text)] for w in words if w and re.search(re.escape(w), text)}


def test_all_keywords_in_one_pass_match_as_each_alone():
    """One pattern for every keyword finds what a search per keyword found: keywords that begin
    longer ones (DX, DX推進), that overlap (推進計画, 計画書), repeat over themselves (ああ in ああああ)."""
    import random

    from kg.extract.mentions import Keywords
    words = ["DX", "DX推進", "推進", "推進計画", "計画書", "ああ", "a.b", "(", "", "計画"]
    text = "DX推進計画書とDXの推進計画、あああああ a.b axb (x)"
    found = Keywords(words).matches(text)
    assert found == _one_by_one(words, text)
    assert found["ああ"] == [(16, 18), (18, 20)] and found["DX"] == [(0, 2), (8, 10)]
    rng = random.Random(7)
    for _ in range(300):
        pool = [''.join(rng.choice("abc") for _ in range(rng.randint(1, 4))) for _ in range(6)]
        text = ''.join(rng.choice("abcd") for _ in range(rng.randint(0, 30)))
        assert Keywords(pool).matches(text) == _one_by_one(set(pool), text), (pool, text)
    assert Keywords([]).matches("anything") == {}


def test_the_scheme_finds_the_same_themes_in_every_statement_of_a_corpus(tmp_path):
    """The extractor's keyword hits, over the statements of a generated corpus, are the hits of
    one search per keyword."""
    from generate import generate

    from kg.corpus.steps import mention_extractor, read_corpus
    from kg.read.normalize import normalize
    ex = mention_extractor()
    minutes, _ = read_corpus(generate(tmp_path, 20))
    texts = [normalize(s.text).text for m in minutes for s in m.statements] + \
        [normalize(k).text + "と" + normalize(k).text for k, _, _ in ex.words[:50]]
    assert len(texts) > 200
    words = {k for k, _, _ in ex.words}
    hits = 0
    for t in texts:
        found = ex.keywords.matches(t)
        assert found == _one_by_one(words, t), t
        hits += len(found)
    assert hits > 100
