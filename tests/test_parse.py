"""Parser units: attendee lists, speakers, series names, continuation lines."""

import pytest

from kg.model import Post
from kg.parse.attendees import parse_attendees
from kg.parse.document import council_of, parse, parse_speaker
from kg.read.source import SourceText

SEED_LIST = """委員：庄司委員（座長）、荒川委員、今泉委員、白澤委員、
宮入委員、山口委員
県：デジタル改革推進局 木村局長、勝次長
小坂デジタル戦略課長、加瀬デジタル推進課長、
戸崎デジタル推進課デジタル化支援室長、田中デジタル推進課副参事、
岩堀情報システム課長"""
BUREAU = ("千葉県", "デジタル改革推進局")


def test_seed_attendee_list():
    people, unread = parse_attendees(SEED_LIST, 1000, "千葉県")
    assert unread == []
    got = {a.name: a.posts for a in people}
    assert got == {
        "庄司": (Post("委員"), Post("座長")),
        "荒川": (Post("委員"),), "今泉": (Post("委員"),), "白澤": (Post("委員"),),
        "宮入": (Post("委員"),), "山口": (Post("委員"),),
        "木村": (Post("局長", BUREAU),),
        "勝": (Post("次長", BUREAU),),
        "小坂": (Post("課長", BUREAU + ("デジタル戦略課",)),),
        "加瀬": (Post("課長", BUREAU + ("デジタル推進課",)),),
        "戸崎": (Post("室長", BUREAU + ("デジタル推進課", "デジタル化支援室")),),
        "田中": (Post("副参事", BUREAU + ("デジタル推進課",)),),
        "岩堀": (Post("課長", BUREAU + ("情報システム課",)),),
    }
    for a in people:  # spans are offsets of the name in the source
        assert SEED_LIST[a.span.start - 1000:a.span.end - 1000] == a.name


def test_full_width_colons_and_half_width_brackets_read_alike():
    a, _ = parse_attendees("委員:庄司委員(座長)、荒川委員", 0, "千葉県")
    b, _ = parse_attendees("委員：庄司委員（座長）、荒川委員", 0, "千葉県")
    assert [(x.name, x.posts) for x in a] == [(x.name, x.posts) for x in b]


def test_unreadable_items_are_reported():
    people, unread = parse_attendees("委員：庄司委員、よろしくお願いします", 0, "千葉県")
    assert [p.name for p in people] == ["庄司"]
    assert unread == ["よろしくお願いします"]
    people, unread = parse_attendees("委員：庄司委員、ほか関係者", 0, "千葉県")  # a note, not an item
    assert [p.name for p in people] == ["庄司"] and unread == []


COLUMN_LIST = """出席委員
             委 員 長   坂田 洋介
             委    員   辻    学
出席説明員
      [環境生活部]
             部  長                 石原 達也
             次長兼環境政策課長            小椋 真理子
                                       その他関係職員
"""


def test_column_aligned_rows_where_spaces_part_columns_and_letter_space_words():
    people, unread = parse_attendees(COLUMN_LIST, 0, "岐阜県")
    read = {p.name: (p.posts[0].role, p.posts[0].org_path[1:]) for p in people}
    assert read == {"坂田洋介": ("委員長", ()), "辻 学": ("委員", ()),
                    "石原 達也": ("部長", ("環境生活部",)), "小椋 真理子": ("次長", ("環境生活部",))}
    assert unread == []  # その他関係職員 stands for nobody
    for p in people:  # each name's evidence is the source's own characters
        assert "".join(COLUMN_LIST[p.span.start:p.span.end].split()) == p.name.replace(" ", "")


def test_absent_members_are_not_attendees():
    people, _ = parse_attendees("【委員】田口委員長、森副委員長、市丸委員\n【欠席】吉富委員\n", 0, "長崎県")
    assert [p.name for p in people] == ["田口", "森", "市丸"]
    people, _ = parse_attendees("(委員)荒川委員、石黒委員\n(欠席)長谷川委員、藤井委員\n", 0, "福井県")
    assert [p.name for p in people] == ["荒川", "石黒"]


def test_a_numbered_list_of_names_then_affiliations():
    text = ("委員\n 1.村田 茂        静岡大学名誉教授(会長)\n 2.岩崎 理恵      常葉大学造形学部教授\n"
            " 4.小沢 典子      駿河区自治会連合会副会長 ※欠席\n 7.鈴木 大地      市民公募委員\n")
    people, unread = parse_attendees(text, 0, "静岡市")
    read = {p.name: (p.posts[0].role, p.affiliation) for p in people}
    assert read == {"村田 茂": ("委員", "静岡大学名誉教授"), "岩崎 理恵": ("委員", "常葉大学造形学部教授"),
                    "鈴木 大地": ("委員", "市民公募委員")}
    assert unread == []


def test_a_role_before_a_row_of_names_is_no_affiliation():
    people, _ = parse_attendees("委員 秋山純 伊東百合 上野健\n", 0, "小金井市")
    assert "委員 秋山純" not in [p.name for p in people]


@pytest.mark.parametrize("label, name, role, secretariat", [
    ("庄司座長", "庄司", "座長", False),
    ("白澤委員", "白澤", "委員", False),
    ("事務局", None, None, True),
    ("委員", None, "委員", False),
])
def test_speakers(label, name, role, secretariat):
    sp = parse_speaker(label)
    assert (sp.name, sp.role, sp.is_secretariat) == (name, role, secretariat)


@pytest.mark.parametrize("label, name, role", [
    ("委員長(田口)", "田口", "委員長"),  # a role, the name in parentheses
    ("5番(工藤)", "工藤", "5番"),  # a seat
    ("中村 浩二(委員長)", "中村浩二", "委員長"),  # a full name, the role in parentheses
    ("永田 康介(県土整備部次長(総括))", "永田康介", "次長"),  # a post with a note of its own
])
def test_a_name_and_a_role_either_side_of_parentheses(label, name, role):
    sp = parse_speaker(label)
    assert (sp.name, sp.role) == (name, role)


def test_a_long_affiliation_in_parentheses_is_no_speaker():
    assert parse_speaker("岩崎達也(気象庁情報基盤部情報政策課長)") is None


GAP_RECORD = """令和5年第3回テスト町議会定例会会議録
開会の日時 令和5年9月12日(火)
開議 午前10時00分
議　長　　ただいまから本日の会議を開きます。日程第1、一般質問を行います。
５　番（工藤）　議長、５番。
議　長　　５番、工藤議員。
５　番（工藤）　ニンニクの作付面積について伺います。
　減少の理由をお答えください。
町　長　　お答えいたします。担い手の高齢化が主な理由でございます。
"""


def test_speakers_parted_from_their_statements_by_a_gap_only():
    m = _parse(GAP_RECORD)
    assert [(t.speaker.name, t.speaker.role) for t in m.turns] == [
        (None, "議長"), ("工藤", "5番"), (None, "議長"), ("工藤", "5番"), (None, "町長")]
    fourth = "".join(s.text for s in m.statements if s.turn == m.turns[3].position)
    assert "作付面積" in fourth and "減少の理由" in fourth  # the unmarked line continues the turn


def test_one_gap_line_alone_is_no_turn():
    m = _parse(GAP_RECORD.replace("議　長　　", "").replace("町　長　　", "").replace("５　番（工藤）　", "", 1))
    assert m.turns == ()


def test_section_labels_are_not_speakers():
    assert parse_speaker("協議事項") is None


@pytest.mark.parametrize("title, series", [
    ("令和6年度 千葉県ICTアドバイザー会議 開催結果（概要）", "千葉県ICTアドバイザー会議"),
    ("令和5年度第2回千葉県ICTアドバイザー会議議事概要", "千葉県ICTアドバイザー会議"),
    ("千葉県DX推進協議会 議事録（要旨）", "千葉県DX推進協議会"),
])
def test_series_from_title(title, series):
    assert council_of(title) == series


def _parse(text):
    from pathlib import Path
    return parse(SourceText(Path("t.txt"), text, "utf-8", "0" * 64))


def test_continuation_lines_join_their_bullet():
    m = _parse("""令和6年度 テスト会議 議事概要
1 日時 令和6年5月1日（水）午前10時から11時まで
4 議事概要
【山田委員】
- ・一つ目の意見で、
改ページ前の続き。

改ページ後の続き。
- ・二つ目の意見。
【事務局】
回答の段落。
続きの行。

別の段落。
""")
    assert [s.text for s in m.statements] == [
        "一つ目の意見で、\n改ページ前の続き。\n\n改ページ後の続き。",
        "二つ目の意見。",
        "回答の段落。\n続きの行。",
        "別の段落。",
    ]
    assert [s.turn for s in m.statements] == [1, 1, 2, 2]
    assert [str(d) for d in m.doubts if d.field != "body"] == ["no place found (場所)",
                                                               "no attendee list found (出席者)"]


def test_anonymized_members_are_separate_unnamed_speakers():
    """National councils publish 議事概要 with members as A委員 / 委員B: each label is one unnamed
    speaker of that meeting, never a guessed person; 正午 is 12:00."""
    from kg.pipeline import build_graph

    text = """第3回 データ利活用検討会 議事概要
日時：令和6年5月1日（水）午前10時～正午
場所：中央合同庁舎8号館 共用会議室
出席者：山田委員、佐藤委員、鈴木委員
（A委員）
・データの標準化を急ぐべきである。
（委員B）
・自治体の負担に配慮してほしい。
（A委員）
・標準化の工程表を示してほしい。
"""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "m.txt"
        f.write_text(text, encoding="utf-8")
        result = build_graph([f])
    m = result.minutes[0]
    assert m.end.isoformat() == "2024-05-01T12:00:00+09:00"
    assert [(t.speaker.label, t.speaker.name, t.speaker.role, t.speaker.attendee) for t in m.turns] == [
        ("A委員", None, "委員", None), ("委員B", None, "委員", None), ("A委員", None, "委員", None)]
    assert [d for d in m.doubts if d.field != "body"] == []  # anonymized speakers are no missing attendees
    speakers = {str(o) for s, p, o in result.triples if str(p).endswith("#speaker") and "/turn/" in str(s)}
    assert len(speakers) == 2 and all("/unnamed/" in s for s in speakers)


@pytest.mark.parametrize("token, post, unit", [
    ("素材産業課係長", "係長", "素材産業課"),  # the 係 is not named: the 課 written is the unit
    ("文化財係長", "係長", "文化財係"),
    ("議会事務局長", "局長", "議会事務局"),  # 局長 of the 事務局, as 課長 of a 課
    ("総務部長", "部長", "総務部"),
])
def test_the_unit_of_a_post_is_the_innermost_unit_written(token, post, unit):
    from kg.parse.officials import Context, read_official
    official = read_official(token, Context(top="静岡市"))
    assert (official.post.role, official.post.org_path[-1]) == (post, unit)


def test_a_role_alone_stays_the_role_as_written():
    """`委員長` alone on a line is who the record names: the role, not a guess at its holder (the
    chair may be absent and a deputy in the chair); a named speaker is still linked to the list."""
    m = _parse("""産業常任委員会 会議録
日時 令和6年5月1日（水）午前10時から11時まで
出席委員 委員長 山田太郎、委員 佐藤花子

委員長

ただいまから委員会を開会します。

佐藤委員

質問があります。
""")
    assert [(t.speaker.label, t.speaker.attendee) for t in m.turns] == [("委員長", None), ("佐藤委員", 1)]


@pytest.mark.parametrize("token, name, post, unit", [
    ("中尾副センター長", "中尾", "副センター長", "静岡市"),  # 副 after a name makes the post
    ("今村議事調査課担当係長", "今村", "担当係長", "議事調査課"),  # 担当 after a unit: the post
    ("企画財政課行政改革担当主幹", None, "主幹", "行政改革担当"),  # 担当 after other words: a unit
    ("堀口官房総括審議官", "堀口", "総括審議官", "官房"),
    ("長島担当書記", "長島", "担当書記", "静岡市"),
    ("三浦CIO補佐官", "三浦", "CIO補佐官", "静岡市"),
])
def test_prefixed_posts(token, name, post, unit):
    from kg.parse.officials import Context, read_official
    official = read_official(token, Context(top="静岡市"))
    assert (official.name, official.post.role, official.post.org_path[-1]) == (name, post, unit)


def test_list_endings_and_posts_with_the_name_in_parentheses():
    """外 after the last official means others follow; 議事係長(海野 直樹) under the members' label
    is an official; a role written alone in a role column names nobody."""
    people, _ = parse_attendees("前田県土整備部長、森川河川課長外", 0, "静岡県")
    assert [(p.name, p.posts[0].role, p.posts[0].org_path[-1]) for p in people] == [
        ("前田", "部長", "県土整備部"), ("森川", "課長", "河川課")]
    people, _ = parse_attendees("委員：山田太郎委員、議会事務局 議事係長(海野 直樹)", 0, "静岡県")
    assert [(p.name, p.posts[0].role) for p in people] == [("山田太郎", "委員"), ("海野 直樹", "係長")]
    assert people[1].posts[0].org_path[-2:] == ("議会事務局", "議事係")
    people, _ = parse_attendees("委員長\n副委員長\n浜崎 和人\n北野 友香", 0, "静岡県")
    assert [p.name for p in people] == ["浜崎 和人", "北野 友香"]


def test_post_then_name_rows_whatever_the_post_opens_with():
    """水大気環境課長　竹村　修一: the name is written apart, so 水 is no family name; 議事調査係長
    opens with 議事 and is still a row of the list; three officials glued to posts are no name."""
    m = _parse("""建設委員会 会議録
日時 令和5年9月13日（水）午前10時から11時まで
説明のため出席した者
　水大気環境課長　　竹村　修一
職務のため出席した事務局職員
　議事調査係長　　青木　理恵
　山﨑課長補佐  浜田係長  西尾係長
傍聴者　２名
""")
    assert [(a.name, a.posts[0].role, a.posts[0].org_path[-1]) for a in m.attendees] == [
        ("竹村\u3000修一", "課長", "水大気環境課"), ("青木\u3000理恵", "係長", "議事調査係"),
        ("山﨑", "課長補佐", "建設委員会"), ("浜田", "係長", "建設委員会"), ("西尾", "係長", "建設委員会")]


def test_a_staff_group_after_the_absentees_and_same_unit_posts():
    """・事務局：… after ・欠席委員：… is a group of the list (the absentees stay out); 同課長補佐
    is the post in the unit of the official before; 同交通計画室 names its own unit."""
    m = _parse("""大垣市都市計画審議会 会議録
・日時：令和4年8月24日（水）午後1時30分～午後3時
・出席委員：青山会長、井上副会長
・欠席委員：早川委員（1名）
・事務局：都市計画部長 横山、都市計画課長 山口、同課長補佐 伊藤、同交通計画室 三浦室長
・傍聴者：3名
""")
    assert [(a.name, a.posts[0].role, a.posts[0].org_path[-1:]) for a in m.attendees] == [
        ("青山", "会長", ()), ("井上", "副会長", ()),
        ("横山", "部長", ("都市計画部",)), ("山口", "課長", ("都市計画課",)),
        ("伊藤", "課長補佐", ("都市計画課",)), ("三浦", "室長", ("交通計画室",))]


def test_a_post_and_a_name_among_members_is_an_official():
    """企画係長 土屋美穂 in the members' line: a post, then the name; not a person called 企画係長."""
    people, _ = parse_attendees("出席者 芦田亜紀子会長、企画係長 土屋美穂", 0, "静岡県")
    assert [(p.name, p.posts[0].role) for p in people][-1] == ("土屋美穂", "係長")


def test_the_day_a_session_was_convened_is_no_sitting_date():
    """招集年月日 is the day the session was convened; the sitting's own date wins, and a record
    giving only the convening day keeps it with a doubt."""
    record = """平成３０年第３回田子町議会定例会会議録（第２号）
１．招集年月日　平成３０年９月１０日
２．招集の場所　田子町議会議場
{sitting}
○議長（佐々木亮君）　ただいまから本日の会議を開きます。
"""
    m = _parse(record.format(sitting="３．開会（開議）の日時　平成３０年９月１１日（火）　午前１０時００分"))
    assert (m.date.isoformat(), m.place, m.series) == ("2018-09-11", "田子町議会議場", "田子町議会")
    assert not [d for d in m.doubts if d.field == "date"]
    m = _parse(record.format(sitting=""))
    assert m.date.isoformat() == "2018-09-10"
    assert [d for d in m.doubts if d.field == "date" and "convened" in str(d)]


def test_a_table_that_names_its_columns_is_read_by_column():
    """区分 | 所属・役職 | 氏名 | 備考: the name from its column, the group, the post or affiliation,
    and the note (会長; 欠席 leaves the row out); rows opening 委員 | … are no speaker turns."""
    m = _parse("""佐渡市地域公共交通協議会 会議結果
開催日時
令和5年6月28日（水曜日）　13:30～15:00
出席者
区分 | 所属・役職 | 氏名 | 備考
委員 | 新潟大学教授 | 松田　隆之 | 会長
委員 | 佐渡地区タクシー協会会長 | 若林　弘 | 欠席
オブザーバー | 新潟県交通政策局交通政策課長 | 小林　知之 | オンライン参加
事務局 | 佐渡市企画課長 | 山本　克也 |
議題
・事業報告について
会議の概要
議題について、事務局から説明を行い、原案のとおり承認された。
""")
    assert m.turns == ()
    assert [(a.name, a.group, [(p.role, p.org_path[-1:]) for p in a.posts]) for a in m.attendees] == [
        ("松田\u3000隆之", "委員", [("会長", ())]),
        ("小林\u3000知之", "オブザーバー", [("課長", ("交通政策課",))]),
        ("山本\u3000克也", "事務局", [("課長", ("企画課",))])]
