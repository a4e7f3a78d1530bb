"""SHACL validation of a graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True)
class Report:
    conforms: bool
    text: str
    results: int


def validate(data: Graph, shapes_path: Path = SHAPES) -> Report:
    import pyshacl  # heavy: imported only when validating

    shapes = Graph().parse(shapes_path)
    conforms, report_graph, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    from rdflib.namespace import SH
    return Report(conforms=bool(conforms), text=text, results=len(set(report_graph.subjects(predicate=SH.resultSeverity))))
