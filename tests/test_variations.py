"""The variation harness of issue 31: every fixture with an expected.json, rewritten by seeded
variations that do not change its reading (tests/variations.py), reads as the original does.

Each original is parsed once and 12 variants of it (1–3 transforms each, chosen by a seed from
the file's name; HTML pages get only the transforms that cannot break markup); a variant is
written to tmp_path under the original's file name. The share of
(variant, field) readings equal to the original's must be at least 98 %. Run with ``-s`` for
the table per transform, per field and per fixture, and the worst cases; or run
``python tests/variations.py [--isolated]`` for the same table outside pytest.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
import variations as v

from kg.parse.document import parse
from kg.read.source import read_source

N_VARIANTS = 12
THRESHOLD = 0.98
PATHS = v.fixture_paths()


@pytest.fixture(scope="session")
def results(tmp_path_factory) -> v.Results:
    return v.run(PATHS, tmp_path_factory.mktemp("variations"), n=N_VARIANTS)


def test_every_fixture_gives_a_reading_to_vary(results):
    """An original the parser refuses cannot be varied: it is left out of the share (and named
    in the summary), so this test keeps it from being forgotten."""
    assert not results.skipped, f"originals that give no reading cannot be varied: {results.skipped}"


def test_every_readable_fixture_is_varied_at_least_ten_times(results):
    assert len(PATHS) >= 8, PATHS
    per_fixture = {p.name: 0 for p in PATHS if p.name not in results.skipped}
    for case in results.cases:
        per_fixture[case.fixture] += 1
    assert all(n >= 10 for n in per_fixture.values()), per_fixture
    assert all(case.transforms for case in results.cases)


def test_variants_read_as_the_originals_do(results):
    print("\n" + v.summary(results))
    equal, total = results.share()
    assert total and equal / total >= THRESHOLD, (
        f"{equal}/{total} = {equal / total:.2%} of (variant, field) readings equal the original's, "
        f"below {THRESHOLD:.0%}; worst:\n" + "\n".join(
            f"  {f} | {t} | {field}: {k}/{m}, e.g. {c.variant}: {c.diffs[field]}"
            for f, t, field, k, m, c in v.worst(results, 10)))


# --- the transforms themselves: deterministic, and changing only what they say -----------------

def test_variants_are_deterministic_and_differ_from_the_original():
    text = PATHS[0].read_text(encoding="utf-8")
    first, again = v.variants(text, 5, 12), v.variants(text, 5, 12)
    assert first == again
    assert v.variants(text, 6, 12) != first
    assert all(varied != text for _, varied in first)
    assert all(1 <= len(v.transforms_of(name)) <= 3 for name, _ in first)


@pytest.mark.parametrize("day, era", [
    (dt.date(2019, 4, 30), ("平成", 31)), (dt.date(2019, 5, 1), ("令和", 1)), (dt.date(1989, 1, 7), None),
    (dt.date(1989, 1, 8), ("平成", 1)), (dt.date(2024, 2, 6), ("令和", 6)), (dt.date(2012, 7, 20), ("平成", 24))])
def test_era_years_are_computed_from_the_whole_date(day, era):
    assert v.era_year(day) == era


def test_era_western_rewrites_the_header_dates_both_ways_and_leaves_the_body():
    text = ("令和元年5月1日 会議録\n日時 平成31年4月30日(火)\n更新日:2019年5月1日\n"
            "【委員】令和6年2月6日に決めた。\n")
    for transform in (v.era_western, v.era_plus_western):
        out = transform(text, random.Random(0))
        head, body = out.split("【委員】")
        assert body == "令和6年2月6日に決めた。\n"
        assert v.dates_in(head) == v.dates_in(text.split("【委員】")[0])  # the same days, written otherwise
        assert out != text
    assert v.era_western(text, random.Random(0)).split("\n")[:3] == ["2019年5月1日 会議録", "日時 2019年4月30日(火)",
                                                                    "更新日:令和元年5月1日"]
    assert v.era_plus_western("日時 ２０１４年７月１４日", random.Random(0)) == "日時 平成２６年（２０１４年）７月１４日"
    assert v.era_western("日時 令和5年(2023年)11月28日\n日時 令和6(2024)年3月21日", random.Random(0)) == \
        "日時 令和5年(2023年)11月28日\n日時 令和6(2024)年3月21日"  # both forms written: left alone


def test_label_synonyms_change_header_labels_only():
    text = "会議録\n1 日時 令和6年2月6日\n2 場所 県庁\n3 出席者 山田委員\n【山田委員】場所: 別の部屋\n日時 未定\n"
    for seed in range(30):
        out = v.label_synonyms(text, random.Random(seed))
        assert out.split("【山田委員】")[1] == text.split("【山田委員】")[1]
        assert "3 出席者 山田委員" in out  # 出席者 never becomes 出席委員
        assert out.count("\n") == text.count("\n")
    assert v.label_synonyms("日時及び場所\n会議開催日時 令和6年\n", random.Random(0)) == "日時及び場所\n会議開催日時 令和6年\n"


def test_update_date_comes_before_the_header_and_after_the_meeting():
    text = "ここから本文です。\n第1回会議\n日時 令和6年2月6日(火)\n場所 県庁"
    for seed in range(20):
        out = v.update_date(text, random.Random(seed)).split("\n")
        added = [ln for ln in out if ln not in text.split("\n")]
        assert len(added) == 1 and out.index(added[0]) <= 1
        assert min(v.dates_in(added[0])) > dt.date(2024, 2, 6)


def test_spacing_transforms_leave_names_and_body_alone():
    text = "日時 令和6年2月6日\n出席者 青 柳 雅 人、丸 山 容 子\n◎大槻委員長 開会します。\n日時 次回"
    for seed in range(20):
        rng = random.Random(seed)
        gaps = v.wider_gaps(text, rng)
        assert "青 柳 雅 人、丸 山 容 子" in gaps and gaps.endswith("◎大槻委員長 開会します。\n日時 次回")
        blanks = v.blank_lines(text, rng)
        assert blanks.replace("\n\n", "\n") == text
        trailing = v.trailing_spaces(text, rng)
        assert [ln.rstrip() for ln in trailing.split("\n")] == text.split("\n")


def test_width_line_endings_and_bom_keep_the_text_nfkc_equal(tmp_path):
    from kg.read.normalize import nfkc
    text = PATHS[0].read_text(encoding="utf-8")
    for seed in range(5):
        assert nfkc(v.full_width(text, random.Random(seed))) == nfkc(text)
    varied = v.bom(v.crlf(text, random.Random(0)), random.Random(0))
    target = tmp_path / PATHS[0].name
    target.write_bytes(varied.encode("utf-8"))
    assert target.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in target.read_bytes()
    assert read_source(target).text == read_source(PATHS[0]).text


def test_html_pages_change_between_tags_only():
    import re

    from kg.read.normalize import nfkc
    page = '<p class="x1">日時:令和6年2月6日(火)</p>\n<a href="/a1.html">Foreign &amp; B</a>'
    markup = re.compile(r"<[^>]*>|&\w+;")
    assert set(v.applicable(page, html=True)) <= set(v.HTML_TRANSFORMS)
    for name, varied in v.variants(page, 3, 12, html=True):
        assert markup.findall(varied.replace("\r", "")) == markup.findall(page), name
        if "era" not in name:
            assert nfkc(varied.lstrip("\ufeff")).split() == nfkc(page).split(), name


def test_a_variant_that_fails_to_parse_counts_as_every_field_differing(tmp_path):
    original = v.reading(parse(read_source(PATHS[0])))
    broken = tmp_path / PATHS[0].name
    broken.write_bytes(b"")
    got = v.read_file(broken)
    assert isinstance(got, str) and got.startswith("InputError")
    assert set(v.compare(original, got)) == set(v.FIELDS)
    assert v.compare(original, dict(original)) == {}


def test_the_examples_in_the_transforms_docstrings_hold():
    import doctest
    failed, tried = doctest.testmod(v)
    assert tried >= 12 and failed == 0
