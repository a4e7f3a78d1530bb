"""Each page credits the summaries it draws on, and only those: a meeting's timeline its own
summary (not the other council's), the overview and the report every meeting they count."""

from __future__ import annotations

import re

from click.testing import CliRunner
from helpers import SEED

from kg.cli import main

A, B = "千葉県ICTアドバイザー会議", "みどり県DX推進会議"


def _credit(page) -> str:
    m = re.search(r"<footer>.*?(出典：[^／<]*)", page.read_text(encoding="utf-8"), re.S)
    assert m, page
    return m.group(1).strip()


def test_every_page_credits_exactly_what_it_draws(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(seed, encoding="utf-8")
    (src / "b.txt").write_text(seed.replace(A, B).replace("令和7年3月24日", "令和6年11月5日"), encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner()
    assert run.invoke(main, ["build", str(src), "-o", str(out), "-q"]).exit_code == 0
    title_a, title_b = f"令和6年度 {A} 開催結果（概要）", f"令和6年度 {B} 開催結果（概要）"
    for day, mine, other in (("2024-11-05", title_b, title_a), ("2025-03-24", title_a, title_b)):
        r = run.invoke(main, ["view", "meeting", "--meeting", day, "--graph", str(out), "-o", str(tmp_path / day)])
        assert r.exit_code == 0, r.output
        credit = _credit(tmp_path / day / "view-meeting.html")
        assert credit == f"出典：{mine}を加工して作成" and other not in credit
    assert run.invoke(main, ["view", "overview", "--graph", str(out), "-o", str(tmp_path / "all")]).exit_code == 0
    both = f"出典：{title_b}、{title_a}を加工して作成"
    assert _credit(tmp_path / "all" / "view-overview.html") == both
    r = run.invoke(main, ["report", "--graph", str(out), "-o", str(tmp_path / "report.html"),
                          "--license-name", "CC BY"])
    assert r.exit_code == 0, r.output
    assert _credit(tmp_path / "report.html") == both
    assert ">CC BY</a>" in (tmp_path / "report.html").read_text(encoding="utf-8")
