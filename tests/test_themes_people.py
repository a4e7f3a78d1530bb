"""Themes for councils of any policy field and people named in statements, checked against
gold written by hand (tests/gold/themes, tests/gold/people) for the shared layout families and
for fixtures of our own from other fields (tests/fixtures/fields: environment, disaster
prevention, school education)."""

from __future__ import annotations

import evaluate_mentions as ev
import pytest
from click.testing import CliRunner
from helpers import ROOT

from kg.cli import main
from kg.corpus.steps import mention_extractor
from kg.extract.evaluate import coverage, score
from kg.extract.themes import load_theme_graph, themes_from


def _by_folder(found, gold, statements_of, prefix_digit: bool):
    keep = lambda p: p[0][0].isdigit() == prefix_digit  # noqa: E731  shared layouts are numbered
    return {p for p in found if keep(p)}, {p for p in gold if keep(p)}, \
        sum(n for name, n in statements_of.items() if name[0].isdigit() == prefix_digit)


@pytest.fixture(scope="module")
def theme_eval():
    found, gold, _ = ev.pooled("themes", "theme")
    statements = {g.stem: ev.pairs_of(ev.fixture_of(g))[1] for g in sorted((ev.GOLD / "themes").glob("*.tsv"))}
    return found, gold, statements


@pytest.mark.parametrize("shared", [True, False], ids=["shared-layouts", "own-fields"])
def test_most_statements_get_a_theme_and_the_themes_are_right(theme_eval, shared):
    found, gold, statements = _by_folder(*theme_eval, prefix_digit=shared)
    f, g = ev._flat(found), ev._flat(gold)
    assert statements >= 20
    assert coverage(statements, f) >= 0.8
    theme = score(f, g, ("theme",))[0]
    print(f"coverage {coverage(statements, f):.2f} precision {theme.precision:.3f} recall {theme.recall:.3f}")
    assert theme.true_positives >= 20
    assert theme.precision >= 0.8


def test_own_fixtures_come_from_three_other_policy_fields(theme_eval):
    themes = {t.key: t for t in themes_from(load_theme_graph())}

    def field(key):
        while themes[key].broader:
            key = themes[key].broader[0]
        return key

    _, gold, _ = theme_eval
    by_file = {}
    for name, _, _, key in gold:
        if not name[0].isdigit():
            by_file.setdefault(name, set()).add(field(key))
    main_fields = {max(fs, key=lambda f: sum(1 for p in gold if p[0] == n and field(p[3]) == f))
                   for n, fs in by_file.items()}
    assert len(main_fields - {"field-ict-science", "field-government-finance"}) >= 3


def test_people_in_statements_against_gold():
    found, gold, _ = ev.pooled("people", "person")
    s = score(ev._flat(found), ev._flat(gold), ("person",))[0]
    assert s.true_positives >= 12
    assert s.precision >= 0.9 and s.recall >= 0.8


@pytest.mark.parametrize("text, theme, expected", [
    ("農業の中だけで閉じた計画にせず、担い手の確保を進める。", "strategy", False),
    ("DXの計画を見直し、長期的に取り組む。", "strategy", True),
    ("保護者が相談できる窓口が分かりにくい。", "online-procedures", False),
    ("窓口に来なくても電子申請で済むようにしてほしい。", "online-procedures", True),
    ("山間部でも途切れない通信環境の整備", "field-safety-environment", False),
])
def test_everyday_words_count_only_in_their_context(text, theme, expected):
    keys = {m.key for m in mention_extractor().statement(1, text) if m.kind == "theme"}
    assert (theme in keys) is expected, keys


def test_a_council_title_gives_the_context():
    ex = mention_extractor()
    text = "市町村ごとの計画をそろえてほしい。"
    plain = {m.key for m in ex.statement(1, text) if m.kind == "theme"}
    digital = {m.key for m in ex.statement(1, text, ex.context_of("子育て支援ICTアドバイザリー会議")) if m.kind == "theme"}
    assert "strategy" not in plain and {"strategy", "municipal-support"} <= digital


def test_people_not_in_the_lists_are_uncurated_and_listed(tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", str(ROOT / "tests" / "fixtures" / "fields"), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["entities", "--uncurated", "--format", "tsv", "--graph", str(out / "graph.ttl")])
    assert r.exit_code == 0, r.output
    rows = [line.split("\t") for line in r.output.splitlines()[1:]]
    people = {row[0] for row in rows if row[1] == "person"}
    assert people == {"西川"}  # attendees named in statements are curated by their list
    assert any("西川教授" in row[5] for row in rows if row[0] == "西川")
