"""The mutation fuzzer (scripts/fuzz.py) over the real pipeline, bounded for CI: every mutated
text, HTML page and PDF gives a graph or a clear InputError, never a crash."""

from __future__ import annotations

from fuzz import run


def test_fuzzed_inputs_never_crash():
    stats = run(cases=3000, seed=7)
    assert stats["cases"] == 3000
    assert stats["clear_errors"] > 0  # the mutations do reach the error paths
    assert stats["crashes"] == 0, stats["failures"][:5]


def test_a_numbered_agenda_line_without_a_title(tmp_path):
    """Found by the fuzzer: `2.` alone inside a 議事次第 list."""
    from kg.parse.document import parse
    from kg.read.source import read_source

    f = tmp_path / "m.txt"
    f.write_text("第1回 テスト会議\n- 日時:令和5年11月14日(火)10時から11時まで\n- 議事次第:\n1.開会\n2.\n(1)報告\n",
                 encoding="utf-8")
    m = parse(read_source(f))
    assert [a.title for a in m.agenda] == ["報告"]
