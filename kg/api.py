"""A small Python API for notebooks::

    from kg.api import KnowledgeGraph
    kg = KnowledgeGraph.open("outputs")            # what `kg build` wrote
    rows = kg.named("initiatives", speaker="今泉")   # list of dicts of Python values
    df = kg.dataframe("person-theme-matrix")        # pandas, when pandas is installed
    kg.sparql("SELECT …")                           # any query
"""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import XSD

from kg.query.engines import Result, open_store
from kg.query.service import prepare


def _value(term):
    """A term as a Python value. rdflib leaves an xsd:gYear (kgo:fiscalYear) a Literal; here
    it is the year as an int, as a notebook would sort and compare it."""
    if getattr(term, "datatype", None) == XSD.gYear and str(term).lstrip("-").isdigit():
        return int(str(term))
    return None if term is None else term.toPython()


class KnowledgeGraph:
    def __init__(self, store):
        self.store = store

    @classmethod
    def open(cls, path: str | Path = "outputs", backend: str = "oxigraph") -> KnowledgeGraph:
        return cls(open_store(path, backend))

    def result(self, query: str, **params) -> Result:
        """Run a named query (by name) or any SPARQL text; params bind named-query parameters."""
        prepared = prepare(query, params, self.store.query)
        return self.store.query(prepared.text, prepared.bindings)

    def named(self, name: str, **params) -> list[dict]:
        return self._rows(self.result(name, **params))

    def sparql(self, text: str, **params) -> list[dict] | bool:
        """Any SPARQL text, or a named query by name with its parameters."""
        result = self.result(text, **params)
        return bool(result.boolean) if result.kind == "ask" else self._rows(result)

    def dataframe(self, query: str, **params):
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("dataframe() needs pandas: pip install pandas") from None
        result = self.result(query, **params)
        return pd.DataFrame([[_value(t) for t in row] for row in result.rows], columns=result.variables)

    @staticmethod
    def _rows(result: Result) -> list[dict]:
        if result.kind == "graph":
            raise ValueError("a CONSTRUCT/DESCRIBE query gives a graph: use .result(...).graph")
        return [{v: _value(t) for v, t in zip(result.variables, row)} for row in result.rows]
