"""One build path: the in-memory ``kg.pipeline.build_graph`` (tests, notebooks, kg themes
suggest) takes the steps ``kg build`` takes, and writes the same graph.ttl and graph.trig,
byte for byte, on the seed, on every fixture summary and on folders of several councils."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.pipeline import build_graph, write_graph
from kg.read.source import SUFFIXES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def inputs() -> list[Path]:
    one_by_one = [p for folder in ("shared-layouts", "families") for p in sorted((FIXTURES / folder).iterdir())
                  if p.is_dir() or p.suffix.lower() in SUFFIXES]
    return [ROOT / "data" / "minutes", FIXTURES / "shared-layouts", FIXTURES / "families", *one_by_one]


@pytest.mark.parametrize("source", inputs(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_build_graph_writes_what_kg_build_writes(source, tmp_path):
    r = CliRunner().invoke(main, ["build", str(source), "-o", str(tmp_path / "cli"), "--no-store", "-q"])
    assert r.exit_code == 0, r.output
    write_graph(build_graph([source]), tmp_path / "memory")
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / "memory" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name


def test_build_graph_writes_what_kg_build_writes_on_a_generated_corpus(tmp_path):
    """Twenty summaries of five councils on every core: names one summary learns change
    another's mentions the same way on both paths."""
    from generate import generate
    generate(tmp_path / "in", 20)
    r = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "cli"), "--no-store", "-j", "2"])
    assert r.exit_code == 0, r.output
    write_graph(build_graph([tmp_path / "in"]), tmp_path / "memory")
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / "memory" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
