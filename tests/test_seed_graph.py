"""The facts the real seed summary must give (issue: core `kg build`), checked by SPARQL on
the graph.ttl that the pipeline wrote."""

import datetime as dt

from helpers import sparql
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

MEMBERS = {"庄司", "荒川", "今泉", "白澤", "宮入", "山口"}
TURN_ORDER = ["庄司座長", "白澤委員", "事務局", "白澤委員", "山口委員", "宮入委員", "事務局",
              "山口委員", "今泉委員", "荒川委員", "事務局", "庄司座長"]


def test_one_meeting_with_its_header_fields(seed_graph):
    rows = sparql(seed_graph, """
        SELECT ?m ?title ?start ?end ?place ?fy ?council WHERE {
          ?m a kgo:Meeting ; dcterms:title ?title ; schema:startDate ?start ; schema:endDate ?end ;
             schema:location/schema:name ?place ; kgo:fiscalYear ?fy ;
             schema:organizer/skos:prefLabel ?council .
        }""")
    assert len(rows) == 1
    _, title, start, end, place, fy, council = rows[0]
    assert title == "令和6年度 千葉県ICTアドバイザー会議 開催結果（概要）"
    jst = dt.timezone(dt.timedelta(hours=9))
    assert start == dt.datetime(2025, 3, 24, 10, 30, tzinfo=jst)
    assert end == dt.datetime(2025, 3, 24, 11, 52, tzinfo=jst)
    assert place == "県庁本庁舎5階 大会議室"
    assert council == "千葉県ICTアドバイザー会議"
    # the literal forms the data model fixes
    m = next(seed_graph.subjects(predicate=URIRef("https://w3id.org/kaigi-kg/ontology#fiscalYear")))
    assert (m, URIRef("https://schema.org/startDate"),
            Literal("2025-03-24T10:30:00+09:00", datatype=XSD.dateTime)) in seed_graph
    assert (m, URIRef("https://w3id.org/kaigi-kg/ontology#fiscalYear"),
            Literal("2024", datatype=XSD.gYear)) in seed_graph


def test_one_agenda_item(seed_graph):
    rows = sparql(seed_graph, """
        SELECT ?title ?pos WHERE { ?m a kgo:Meeting ; kgo:agendaItem ?a . ?a dcterms:title ?title ; schema:position ?pos }""")
    assert rows == [("今後の戦略推進の方向性について", 1)]


def test_thirteen_attendees_six_members(seed_graph):
    attendees = sparql(seed_graph, "SELECT ?name WHERE { ?m schema:attendee/foaf:name ?name }")
    assert len(attendees) == 13
    members = sparql(seed_graph, """
        SELECT DISTINCT ?name WHERE {
          ?ms org:member/foaf:name ?name ; org:organization ?c ; org:role/skos:prefLabel "委員"@ja .
          ?c a kgo:Council }""")
    assert {r[0] for r in members} == MEMBERS
    chair = sparql(seed_graph, """
        SELECT ?name WHERE { ?ms org:member/foaf:name ?name ; org:role/skos:prefLabel "座長"@ja ;
                                 org:organization/a kgo:Council }""")
    assert chair == [("庄司",)]


def test_officials_posts_and_units(seed_graph):
    rows = sparql(seed_graph, """
        SELECT ?name ?role ?unit WHERE {
          ?ms org:member/foaf:name ?name ; org:role/skos:prefLabel ?role ;
              org:organization/skos:prefLabel ?unit . FILTER(lang(?unit) = "ja")
          FILTER NOT EXISTS { ?ms org:organization/a kgo:Council } }""")
    assert set(rows) == {
        ("木村", "局長", "デジタル改革推進局"),
        ("勝", "次長", "デジタル改革推進局"),
        ("小坂", "課長", "デジタル戦略課"),
        ("加瀬", "課長", "デジタル推進課"),
        ("戸崎", "室長", "デジタル化支援室"),
        ("田中", "副参事", "デジタル推進課"),
        ("岩堀", "課長", "情報システム課"),
    }


def test_unit_hierarchy_under_the_prefecture(seed_graph):
    rows = sparql(seed_graph, """
        SELECT ?child ?parent WHERE {
          ?c org:subOrganizationOf ?p . ?c skos:prefLabel ?child . ?p skos:prefLabel ?parent
          FILTER(lang(?child) = "ja" && lang(?parent) = "ja") }""")
    assert set(rows) == {
        ("千葉県ICTアドバイザー会議", "千葉県"),  # the council belongs to the prefecture
        ("デジタル改革推進局", "千葉県"),
        ("デジタル戦略課", "デジタル改革推進局"),
        ("デジタル推進課", "デジタル改革推進局"),
        ("情報システム課", "デジタル改革推進局"),
        ("デジタル化支援室", "デジタル推進課"),
        # from the gazetteer, for bodies the statements mention
        ("報道広報課", "千葉県"),
        ("中部経済産業局", "経済産業省"),
    }
    top = sparql(seed_graph, """SELECT ?o WHERE { ?o skos:prefLabel "千葉県"@ja ; a org:Organization .
                                                  FILTER NOT EXISTS { ?o a org:OrganizationalUnit } }""")
    assert len(top) == 1


def test_twelve_turns_in_order(seed_graph):
    rows = sparql(seed_graph, """
        SELECT ?pos ?label WHERE { ?t a kgo:Turn ; schema:position ?pos ; kgo:speakerLabel ?label }
        ORDER BY ?pos""")
    assert [r[0] for r in rows] == list(range(1, 13))
    assert [r[1] for r in rows] == TURN_ORDER


def test_secretariat_is_an_organization_not_a_person(seed_graph):
    rows = sparql(seed_graph, """
        SELECT DISTINCT ?s WHERE { ?t kgo:speakerLabel "事務局"@ja ; kgo:speaker ?s }""")
    assert len(rows) == 1
    sec = URIRef(rows[0][0])
    types = set(seed_graph.objects(sec, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
    assert URIRef("http://www.w3.org/ns/org#Organization") in types
    assert URIRef("http://xmlns.com/foaf/0.1/Person") not in types


def test_member_turns_are_spoken_by_the_attending_members(seed_graph):
    rows = sparql(seed_graph, """
        SELECT ?label ?name WHERE { ?t kgo:speakerLabel ?label ; kgo:speaker ?p .
                                    ?p a foaf:Person ; foaf:name ?name . ?m schema:attendee ?p }""")
    assert {label.replace("座長", "").replace("委員", "") == name for label, name in rows} == {True}
    assert len(rows) == 9


def test_36_statements_in_order_with_speakers(seed_graph, seed_text):
    rows = sparql(seed_graph, """
        SELECT ?pos ?label ?speaker ?tpos WHERE {
          ?s a kgo:Statement ; schema:position ?pos ; kgo:speaker ?speaker ;
             kgo:turn ?t . ?t kgo:speakerLabel ?label ; schema:position ?tpos }
        ORDER BY ?pos""")
    assert [r[0] for r in rows] == list(range(1, 37))
    per_turn = [sum(1 for r in rows if r[3] == t) for t in range(1, 13)]
    assert per_turn == [5, 5, 3, 1, 1, 4, 4, 1, 5, 2, 4, 1]
    bullets = [line for line in seed_text.splitlines() if line.startswith("- ・")]
    texts = [r[0] for r in sparql(seed_graph, "SELECT ?t WHERE { ?s schema:text ?t ; schema:position ?p } ORDER BY ?p")]
    for bullet, text in zip(bullets, texts):
        assert text.startswith(bullet[3:]), (bullet[:20], text[:20])


def test_page_break_continuation_is_one_statement(seed_graph):
    rows = sparql(seed_graph, """
        SELECT ?text WHERE { ?s schema:text ?text FILTER(CONTAINS(?text, "千葉県職員人材基本方針")) }""")
    assert len(rows) == 1, "the bullet and its part after the page break are one statement"
    text = rows[0][0]
    assert text.startswith("現在県では「千葉県職員人材基本方針」を策定中")
    assert "を下支えする形でデジタル人材の育成等に関する方針を策定する予定である。" in text
    assert text.endswith("実施体制などを定めたいと考えている。")


def test_every_statement_offset_points_at_its_text(seed_graph, seed_text):
    rows = sparql(seed_graph, """
        SELECT ?text ?start ?end WHERE { ?s a kgo:Statement ; schema:text ?text ;
                                         oa:hasSelector [ oa:start ?start ; oa:end ?end ] }""")
    assert len(rows) == 36
    for text, start, end in rows:
        assert text in seed_text[start:end]
        assert seed_text[start:end] == text


def test_turn_and_membership_offsets_point_at_names(seed_graph, seed_text):
    rows = sparql(seed_graph, """
        SELECT ?label ?start ?end WHERE { ?t kgo:speakerLabel ?label ;
                                          oa:hasSelector [ oa:start ?start ; oa:end ?end ] }""")
    assert {seed_text[s:e] for _, s, e in rows} == {f"【{label}】" for label, _, _ in rows}
    rows = sparql(seed_graph, """
        SELECT ?name ?start ?end WHERE { ?ms org:member/foaf:name ?name ;
                                         oa:hasSelector [ oa:start ?start ; oa:end ?end ] }""")
    assert len(rows) == 14  # 13 people, 庄司 twice (委員 and 座長)
    assert all(seed_text[s:e] == name for name, s, e in rows)


def test_every_node_has_a_japanese_label(seed_graph):
    rows = sparql(seed_graph, """
        SELECT DISTINCT ?s WHERE { ?s a ?c FILTER NOT EXISTS { ?s rdfs:label ?l FILTER(lang(?l) = "ja") } }""")
    assert rows == []


def test_no_blank_nodes_and_readable_iris(seed_graph):
    from rdflib import BNode
    nodes = {n for t in seed_graph for n in (t[0], t[2]) if not isinstance(n, Literal)}
    assert not any(isinstance(n, BNode) for n in nodes)
    ids = {str(n) for n in nodes if str(n).startswith("https://w3id.org/kaigi-kg/id/")}
    assert "https://w3id.org/kaigi-kg/id/meeting/千葉県ICTアドバイザー会議/2025-03-24" in ids
    assert "https://w3id.org/kaigi-kg/id/person/千葉県ICTアドバイザー会議/庄司" in ids
    assert "https://w3id.org/kaigi-kg/id/org/千葉県/デジタル推進課" in ids
    assert not any(c in iri for iri in ids for c in ' <>"{}|\\^`')


def test_source_document(seed_graph, seed_build):
    import hashlib

    from helpers import SEED
    rows = sparql(seed_graph, """
        SELECT ?sha ?title WHERE { ?m a kgo:Meeting ; prov:wasDerivedFrom ?d .
                                   ?d a kgo:SourceDocument ; kgo:sha256 ?sha ; dcterms:title ?title }""")
    assert rows == [(hashlib.sha256(SEED.read_bytes()).hexdigest(),
                     "令和6年度 千葉県ICTアドバイザー会議 開催結果（概要）")]
