"""The parse rules are data (kg/parse/rules.toml): every example there is checked here, and the
one list of posts is matched longest first everywhere."""

from __future__ import annotations

import pytest

from kg.parse.header import match_field
from kg.parse.lines import split_lines
from kg.parse.rules import rules
from kg.parse.speakers import find_marker
from kg.parse.title import council_of

R = rules()


def _line(text: str):
    return split_lines(text)[0]


@pytest.mark.parametrize("layout, example", [(lay.name, e) for lay in R.header_layouts for e in lay.examples])
def test_header_layout_examples(layout, example):
    rule = next(r for r in R.header_layouts if r.name == layout)
    assert rule.pattern.match(_line(example).norm), (layout, example)
    found = match_field(_line(example))
    assert found is not None and found[0] in ("date", "place", "attendees", "agenda", "body", "ignored")


@pytest.mark.parametrize("form, example", [(f.name, e) for f in R.speaker_forms for e in f.examples])
def test_speaker_form_examples(form, example):
    found = find_marker(_line(example))
    assert found is not None, (form, example)
    speaker = found[0]
    assert speaker.name or speaker.role or speaker.is_secretariat


@pytest.mark.parametrize("title, council", R.title_examples)
def test_title_examples(title, council):
    assert council_of(title) == council


def test_posts_are_tried_longest_first():
    posts = R.all_posts
    for i, longer in enumerate(posts):
        for shorter in posts[i + 1:]:
            assert not shorter.endswith(longer) or shorter == longer
    for a, b in (("部会長", "会長"), ("副主査", "主査"), ("課長補佐", "課長"), ("副参事", "参事")):
        assert posts.index(a) < posts.index(b)


def test_role_words_that_end_alike_give_two_people_with_their_roles(tmp_path):
    """山田部会長 is 山田 (部会長), not 山田部 (会長); 佐藤副主査 is 佐藤 (副主査)."""
    from kg.pipeline import build_graph

    src = tmp_path / "bukai.txt"
    src.write_text("""令和6年度第1回 テスト部会 議事概要
1 日時 令和6年6月3日(月)午後2時から3時まで
2 場所 本庁舎3階会議室
3 出席者 委員:山田部会長、佐藤副主査、鈴木委員
4 議事概要
【山田部会長】
・部会の進め方を確認した。
【佐藤副主査】
・資料の修正を求めた。
""", encoding="utf-8")
    result = build_graph([src])
    m = result.minutes[0]
    assert {a.name: [p.role for p in a.posts] for a in m.attendees} == {
        "山田": ["部会長"], "佐藤": ["副主査"], "鈴木": ["委員"]}
    assert [(t.speaker.name, t.speaker.role, m.attendees[t.speaker.attendee].name) for t in m.turns] == [
        ("山田", "部会長", "山田"), ("佐藤", "副主査", "佐藤")]
    persons = {s for s, p, o in result.triples if str(o).endswith("/0.1/Person")}
    people = {str(o) for s, p, o in result.triples if str(p).endswith("/0.1/name") and s in persons}
    assert people == {"山田", "佐藤", "鈴木"}
    assert [d for d in m.doubts if d.field != "body"] == []

