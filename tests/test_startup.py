"""A command starts without the libraries it does not use: `kg query` and `kg serve` answer from
pyoxigraph terms, and rdflib (140 ms to import), pyshacl, networkx, plotly and pyvis are imported
only by the commands that build, validate or draw."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from helpers import ROOT

from kg.cli import main

HEAVY = {"rdflib", "pyshacl", "networkx", "plotly", "pyvis"}


def _imported(*args: str) -> tuple[set[str], subprocess.CompletedProcess]:
    """The top-level packages a Python process imported (``-X importtime`` lists each one)."""
    run = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    names = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in run.stderr.splitlines()
             if line.startswith("import time:") and "|" in line}
    return names, run


@pytest.mark.parametrize("module", ["kg.cli", "kg.web.serve"])  # the endpoint: its app and query pool
def test_the_command_line_imports_no_heavy_library(module):
    names, run = _imported("-c", f"import {module}")
    assert run.returncode == 0, run.stderr[-2000:]
    assert {"kg", "re", "dataclasses"} <= names  # the listing is read: an empty one would pass below
    assert not names & HEAVY, sorted(names & HEAVY)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("startup") / "out"
    r = CliRunner().invoke(main, ["build", str(ROOT / "data" / "minutes"), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    return out


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "tsv", "xml"])
def test_a_named_query_imports_no_heavy_library(built, fmt):
    names, run = _imported("-m", "kg", "query", "initiatives", "-p", "speaker=今泉", "--graph", str(built),
                           "--format", fmt)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "スペースパトロール" in run.stdout and "pyoxigraph" in names
    assert not names & HEAVY, sorted(names & HEAVY)
