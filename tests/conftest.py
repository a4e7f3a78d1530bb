"""Shared fixtures: the real seed summary, and its graph built once per session. What tests
import lives in helpers.py (re-exported here for the parser's tests, which import conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PREFIXES, ROOT, SEED, sparql  # noqa: F401
from rdflib import Graph


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed built through the real pipeline and written to graph.ttl, parsed back."""
    from kg.pipeline import build_graph, write_graph

    out = tmp_path_factory.mktemp("seed-build")
    result = build_graph([SEED])
    path = write_graph(result, out)
    return result, path


@pytest.fixture(scope="session")
def seed_graph(seed_build) -> Graph:
    _, path = seed_build
    return Graph().parse(path, format="turtle")
