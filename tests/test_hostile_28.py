"""Issue 28, items 6 and 9: a long statement is extracted in linear time, a PDF filter the
reader does not know skips that file only, and excel-csv never hands Excel a formula."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import SEED
from fuzz import one_page_pdf

from kg.cli import main


def _pdf(filter_name: bytes) -> bytes:
    return one_page_pdf(b"Hello", filter_name)


def test_a_long_statement_is_extracted_in_linear_time():
    from kg.extract.themes import load_theme_graph
    from kg.pipeline import DEFAULT_GAZETTEER, DEFAULT_THEMES, build_graph, mention_extractor

    texts = "".join(s.text for s in build_graph([SEED]).minutes[0].statements)
    extractor = mention_extractor(DEFAULT_GAZETTEER, load_theme_graph(DEFAULT_THEMES))
    short, long = texts * 8, texts * 64  # about 35,000 and 282,000 characters
    few = extractor.statement(1, short)
    start = time.perf_counter()
    many = extractor.statement(1, long)
    took = time.perf_counter() - start
    assert len(many) == 8 * len(few)  # the same mentions, eight times over
    assert took < 2, f"{took:.1f} s for {len(long):,} characters (4.5 s before, quadratic)"


@pytest.mark.parametrize("filter_name", [b"/FooDecode", b"/JBIG2Decode"])
def test_a_pdf_filter_the_reader_does_not_know_skips_that_file_only(tmp_path, filter_name):
    folder = tmp_path / "minutes"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(_pdf(filter_name))
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert "Skipped" in r.output and "scan.pdf" in r.output and "PDF not read" in r.output
    assert "1 meetings" in r.output


def test_excel_csv_makes_formula_cells_inert(seed_build):
    query = ('SELECT ?v WHERE { VALUES ?v { "=HYPERLINK(\\"http://evil.example/\\",\\"開く\\")" "@SUM(1+1)" '
             '"+1-2" "-3.5" "\\tx" "普通の発言" } }')

    def run(fmt):
        r = subprocess.run([sys.executable, "-m", "kg", "query", query, "--graph", str(seed_build[1]), "--format", fmt],
                           capture_output=True, timeout=120)
        assert r.returncode == 0, r.stderr.decode()
        return r.stdout.decode("utf-8-sig").splitlines()

    excel = run("excel-csv")
    assert excel[1:] == ['"\'=HYPERLINK(""http://evil.example/"",""開く"")"', "'@SUM(1+1)", "'+1-2", "-3.5",
                         "'\tx", "普通の発言"]
    plain = run("csv")  # SPARQL 1.1 CSV keeps the values as they are
    assert plain[1:4] == ['"=HYPERLINK(""http://evil.example/"",""開く"")"', "@SUM(1+1)", "+1-2"]
