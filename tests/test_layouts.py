"""The family of layouts: one invented fixture per layout (tests/fixtures/layouts), plus
HTML and PDF summaries made by the tests, each giving the right meeting; and a folder of
them building into one connected graph."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED, sparql
from rdflib import Graph

from kg.cli import main
from kg.parse.document import parse
from kg.read.source import read_source

FIXTURES = Path(__file__).parent / "fixtures" / "layouts"
JST = dt.timezone(dt.timedelta(hours=9))

HTML = """<!doctype html>
<html lang="ja"><head><meta charset="shift_jis"><title>香取デジタル会議</title>
<script>var tracking = "【偽委員】";</script><style>body { color: #333 }</style></head>
<body><header><nav>ホーム &gt; 県政情報 &gt; 会議</nav><p>文字サイズ 標準 拡大</p></header>
<div id="tmp_contents">
<h1>令和6年度 第2回 香取デジタル会議 議事概要</h1>
<table>
<tr><th>日時</th><td>令和6年10月1日（火曜日）午後3時から4時30分まで</td></tr>
<tr><th>場所</th><td>香取合同庁舎 2階 会議室</td></tr>
<tr><th>出席者</th><td>委員：青木委員（座長）、坂本委員</td></tr>
</table>
<h2>議事概要</h2>
<h3>【青木座長】</h3>
<ul><li>スペースパトロールの成果を共有したい。</li><li>生成AIの活用も検討すべき &amp; 急ぐべき。</li></ul>
<h3>【事務局】</h3>
<p>成果は次回報告する。</p>
</div>
<footer>千葉県 香取地域振興事務所 お問い合わせ</footer>
</body></html>
"""


def minutes(name):
    return parse(read_source(FIXTURES / name))


def at(y, mo, d, h, mi):
    return dt.datetime(y, mo, d, h, mi, tzinfo=JST)


def roles(m):
    return {a.name: sorted(p.role for p in a.posts) for a in m.attendees}


def test_numbered_fields_with_colons_groups_on_one_line():
    m = minutes("boso-1.txt")
    assert m.series == "房総デジタル推進懇話会" and m.fiscal_year == 2023
    assert (m.start, m.end) == (at(2023, 11, 7, 18, 30), at(2023, 11, 7, 20, 30))  # second 午後 implied
    assert m.place == "オンライン(Zoom)"
    assert roles(m) == {"山田": ["会長", "委員"], "佐藤": ["委員"], "鈴木": ["代理", "委員"],
                        "高橋": ["課長"], "伊藤": ["副参事"]}
    assert [a.title for a in m.agenda] == ["オープンデータの推進について", "その他"]
    assert [t.speaker.label for t in m.turns] == ["山田会長", "佐藤委員", "事務局"]  # 【協議事項】 is not a turn
    # under 【協議事項】, outside any turn, a sentence is a statement without a speaker
    assert [(s.text, s.turn) for s in m.statements] == [
        ("オープンデータの公開数を増やしたい。", 1), ("それぞれの市で形式が違うので標準化が必要。", 2),
        ("協議事項は特になし。", None), ("各市と調整していく。", 3)]


def test_web_page_copy_with_bracket_labels_and_mark_speakers():
    m = minutes("hokuso-web.txt")
    assert m.title == "北総地域ICT協議会（令和6年度第1回）会議録（要旨）"  # after the boilerplate
    assert m.series == "北総地域ICT協議会" and m.fiscal_year == 2024
    assert (m.start, m.end) == (at(2024, 6, 12, 15, 0), at(2024, 6, 12, 16, 0))  # not 更新日
    assert m.place == "県庁中庁舎3階 第1会議室"
    assert roles(m) == {"小林 一郎": ["会長"], "中村 花子": ["委員"], "吉田 次郎": ["委員"]}
    assert [t.speaker.label for t in m.turns] == ["小林会長", "中村委員", "事務局(情報政策課)"]
    assert m.turns[2].speaker.is_secretariat and m.turns[2].speaker.unit == "情報政策課"
    assert m.statements[1].text == "市町村の人材不足が課題である。\n続けて、研修の充実を求めた。"
    assert all("お問い合わせ" not in s.text and "電話" not in s.text for s in m.statements)
    assert [d for d in m.doubts if d.field != "body"] == []


def test_flattened_table_legend_marks_and_no_speakers():
    m = minutes("inba-table.txt")
    assert m.series == "印旛デジタル行政研究会" and m.fiscal_year == 2024
    assert (m.start, m.end) == (at(2025, 1, 20, 10, 0), at(2025, 1, 20, 11, 30))  # 令和7(2025)年
    assert m.place == "市役所本庁舎 5階 大会議室"
    assert roles(m) == {"井上 誠": ["委員", "部会長"], "木下 恵": ["副部会長", "委員"], "林 修": ["委員"]}
    assert {a.name: a.affiliation for a in m.attendees}["井上 誠"] == "千葉工業大学教授"
    assert m.turns == ()
    assert len(m.statements) == 3 and all(s.turn is None for s in m.statements)
    assert m.statements[1].text.endswith("ガイドラインの整備を求める意見があった。")


def test_bare_lines_agenda_list_inline_speakers():
    m = minutes("minamiboso-bare.txt")
    assert m.series == "南房総観光DX会議"
    assert (m.start, m.end) == (at(2024, 9, 5, 13, 30), at(2024, 9, 5, 15, 0))
    assert m.place == "館山市役所 3階 会議室"
    assert roles(m)["渡辺"] == ["委員", "座長"] and len(m.attendees) == 4
    assert [a.title for a in m.agenda] == ["観光データ基盤について", "今後の進め方"]
    assert [(t.speaker.name, t.speaker.role, t.speaker.is_secretariat) for t in m.turns] == [
        ("渡辺", "座長", False), (None, "委員", False), ("村上", "代表取締役", False), (None, None, True)]
    assert [(s.turn, s.agenda_item) for s in m.statements] == [(1, 1), (2, 1), (3, 1), (4, 2)]
    assert m.statements[0].text == "観光客の動態データを市町村で共有したい。"


def test_paren_speakers_role_after_name_and_posts_alone():
    m = minutes("kujukuri-paren.txt")
    assert (m.start, m.end) == (at(2022, 7, 8, 9, 30), at(2022, 7, 8, 11, 0))
    r = roles(m)
    assert r["佐々木 健"] == ["主査", "構成員"] and r["松本 裕子"] == ["構成員"]
    assert sorted(p.role for a in m.attendees if a.name is None for p in a.posts) == ["副知事", "知事"]
    assert [t.speaker.label for t in m.turns] == ["佐々木主査", "岡田主幹"]
    assert [(s.turn, s.text) for s in m.statements] == [
        (1, "住民向けアプリの利用が伸びていない。"), (1, "広報の工夫が必要である。"),
        (2, "アプリの改修を予定している。"), (2, "改修後に周知する。")]


def test_plain_summary_with_list_elsewhere():
    m = minutes("chosei-plain.txt")
    assert (m.start, m.end) == (at(2019, 2, 8, 10, 0), at(2019, 2, 8, 11, 15))  # 平成31年, second 午前 implied
    assert m.fiscal_year == 2018
    assert m.place == "Web会議（Microsoft Teams）"
    assert m.attendees == ()  # 名簿のとおり: the list is elsewhere, and that is no error
    assert not any("attendee" in w for w in m.warnings)
    assert [s.text for s in m.statements] == ["共同調達の範囲を広げることで合意した。", "次年度の研修計画を各団体で確認した。"]


def test_html_summary(tmp_path):
    f = tmp_path / "katori.html"
    f.write_bytes(HTML.encode("cp932"))
    src = read_source(f)
    assert src.media_type == "text/html" and src.encoding == "cp932"
    assert "tracking" not in src.text and "文字サイズ" not in src.text and "お問い合わせ" not in src.text
    m = parse(src)
    assert m.title == "令和6年度 第2回 香取デジタル会議 議事概要" and m.series == "香取デジタル会議"
    assert (m.start, m.end) == (at(2024, 10, 1, 15, 0), at(2024, 10, 1, 16, 30))
    assert m.place == "香取合同庁舎 2階 会議室"
    assert roles(m) == {"青木": ["委員", "座長"], "坂本": ["委員"]}
    assert [t.speaker.label for t in m.turns] == ["青木座長", "事務局"]
    assert [s.text for s in m.statements] == ["スペースパトロールの成果を共有したい。",
                                              "生成AIの活用も検討すべき & 急ぐべき。", "成果は次回報告する。"]
    for s in m.statements:  # offsets point into the extracted text
        assert src.text[s.span.start:s.span.end] == s.text


def test_pdf_summary(tmp_path):
    from browser import browser
    pdf = tmp_path / "katori.pdf"
    with browser() as b:
        page = b.new_page()
        page.set_content(HTML.replace('charset="shift_jis"', 'charset="utf-8"'))
        page.pdf(path=str(pdf))
    src = read_source(pdf)
    assert src.media_type == "application/pdf"
    m = parse(src)
    assert m.series == "香取デジタル会議"
    assert (m.start, m.end) == (at(2024, 10, 1, 15, 0), at(2024, 10, 1, 16, 30))
    assert {a.name for a in m.attendees} == {"青木", "坂本"}  # 青 and 木 after folding PDF radicals
    assert [t.speaker.label for t in m.turns] == ["青木座長", "事務局"]
    assert [s.text for s in m.statements][0] == "スペースパトロールの成果を共有したい。"
    assert len(m.statements) == 3


def test_broken_pdf_is_a_clear_error(tmp_path):
    from kg.errors import InputError
    f = tmp_path / "broken.pdf"
    f.write_bytes(b"%PDF-1.7\nnot really a pdf")
    with pytest.raises(InputError, match="broken.pdf"):
        read_source(f)


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    src = root / "minutes"
    shutil.copytree(FIXTURES, src, ignore=shutil.ignore_patterns("*.md"))
    shutil.copy(SEED, src / "seed.txt")
    (src / "katori.html").write_bytes(HTML.encode("cp932"))
    (src / "broken.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(root / "out")])
    assert result.exit_code == 0, result.output
    return Graph().parse(root / "out" / "graph.ttl"), result.output


def test_folder_builds_one_graph_and_reports_the_bad_file(corpus_graph):
    g, output = corpus_graph
    assert "Skipped" in output and "broken.txt" in output and "empty file" in output
    councils = {r[0] for r in sparql(g, "SELECT ?n WHERE { ?c a kgo:Council ; skos:prefLabel ?n }")}
    assert councils == {"千葉県ICTアドバイザー会議", "房総デジタル推進懇話会", "北総地域ICT協議会", "印旛デジタル行政研究会",
                        "南房総観光DX会議", "九十九里地域情報化部会", "長生郡市広域行政連絡会議", "香取デジタル会議"}
    assert len(sparql(g, "SELECT ?m WHERE { ?m a kgo:Meeting }")) == 9


def test_same_member_across_meetings_is_one_person(corpus_graph):
    g, _ = corpus_graph
    rows = sparql(g, """
        SELECT ?p (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m schema:attendee ?p . ?p foaf:name "山田"@ja } GROUP BY ?p""")
    assert len(rows) == 1 and rows[0][1] == 2
    over_time = sparql(g, """
        SELECT ?date ?role WHERE { ?ms org:member/foaf:name "山田"@ja ; org:role/skos:prefLabel ?role ;
                                       kgo:meeting/schema:startDate ?d . BIND(SUBSTR(STR(?d), 1, 10) AS ?date) }
        ORDER BY ?date ?role""")
    assert over_time == [("2023-11-07", "会長"), ("2023-11-07", "委員"), ("2024-05-14", "会長"), ("2024-05-14", "委員")]
    official = sparql(g, """SELECT DISTINCT ?p WHERE { ?m schema:attendee ?p . ?p foaf:name "高橋"@ja }""")
    assert len(official) == 1  # the same 課長 of the same unit


def test_same_family_name_in_different_bodies_is_not_merged(corpus_graph):
    g, _ = corpus_graph
    satos = sparql(g, """SELECT DISTINCT ?p WHERE { ?m schema:attendee ?p . ?p foaf:name "佐藤"@ja }""")
    assert len(satos) == 2
    councils = sparql(g, """SELECT DISTINCT ?c WHERE { ?ms org:member/foaf:name "佐藤"@ja ; org:organization ?c .
                                                      ?c a kgo:Council }""")
    assert len(councils) == 2


def test_speakers_link_to_attendees_by_family_name(corpus_graph):
    g, _ = corpus_graph
    rows = sparql(g, """SELECT ?name WHERE { ?t kgo:speakerLabel "中村委員"@ja ; kgo:speaker/foaf:name ?name }""")
    assert rows == [("中村 花子",)]
    chair = sparql(g, """SELECT ?name WHERE { ?t kgo:speakerLabel "小林会長"@ja ; kgo:speaker/foaf:name ?name }""")
    assert chair == [("小林 一郎",)]


def test_fixture_graph_conforms(corpus_graph):
    from kg.rdf.shacl import validate
    g, _ = corpus_graph
    report = validate(g)
    assert report.conforms, report.text


def test_strict_stops_at_the_bad_file(tmp_path):
    shutil.copy(FIXTURES / "boso-1.txt", tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    r = CliRunner().invoke(main, ["build", str(tmp_path), "--strict", "-o", str(tmp_path / "out")])
    assert r.exit_code == 2 and "b.txt" in r.output and not (tmp_path / "out").exists()


BODY = "\n【山田委員】\n・意見を述べた。\n"


@pytest.mark.parametrize("date_label", ["日時", "開催日時", "月日", "日 時"])
@pytest.mark.parametrize("place_label", ["場所", "開催場所", "開催方法"])
def test_field_label_synonyms(date_label, place_label):
    text = (f"千葉県テスト審議会 議事概要\n1 {date_label} 令和6年4月10日（水）午後2時から3時まで\n"
            f"2 {place_label} 第1会議室\n3 出席者 山田委員\n4 議事概要" + BODY)
    m = parse_text(text)
    assert m.start == at(2024, 4, 10, 14, 0) and m.place == "第1会議室" and m.warnings == ()


@pytest.mark.parametrize("attendee_label", ["出席者", "出席委員", "出席役員", "構成員"])
@pytest.mark.parametrize("body_label", ["議事概要", "開催概要", "主な意見", "会議の結果", "議事要旨", "会議の模様", "審議経過"])
def test_attendee_and_body_labels(attendee_label, body_label):
    text = (f"テスト審議会 議事概要\n日時：令和6年4月10日 14:00～15:00\n場所：第1会議室\n"
            f"{attendee_label}：山田委員（会長）、川口委員 (2名)\n{body_label}" + BODY)
    m = parse_text(text)
    assert roles(m) == {"山田": ["会長", "委員"], "川口": ["委員"]}
    assert [s.text for s in m.statements] == ["意見を述べた。"] and m.turns[0].speaker.name == "山田"


@pytest.mark.parametrize("field", [
    "1 日時 令和6年4月10日（水）午後2時から3時まで",
    "1.日 時:令和6年4月10日(水)午後2時から3時まで",
    "  1. 開催日時:令和6年4月10日（水）午後2時から3時まで",
    "- 日時:令和6年4月10日（水）午後2時から3時まで",
    "■日時　令和6年４月１０日（水曜日）午後２時～３時",
    "日時\n令和6年4月10日（水）午後2時から3時まで",
    "日時\n\n令和6年4月10日（水）午後2時から3時まで",
    "【日 時】\n令和6年4月10日（水）14時00分〜15時00分",
    "日時 |\n令和6年4月10日（水）14:00~15:00 |",
    "| 日時 | 令和6年4月10日（水）14:00~15:00 |",
    "令和6年4月10日（水）14:00~15:00",
])
def test_date_field_layouts(field):
    m = parse_text(f"テスト審議会 議事概要\n{field}\n場所：第1会議室\n議事概要" + BODY)
    assert (m.start, m.end) == (at(2024, 4, 10, 14, 0), at(2024, 4, 10, 15, 0)), field
    assert m.place == "第1会議室"


def parse_text(text):
    from kg.read.source import SourceText
    return parse(SourceText(Path("t.txt"), text, "utf-8", "0" * 64))
