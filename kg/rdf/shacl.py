"""SHACL validation of a graph against ``ontology/shapes.ttl`` (pySHACL), with a report a
person can read: which node, which shape, what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg.rdf.namespaces import compact
from kg.resources import ontology_file

SHAPES = ontology_file("shapes.ttl")
DCAT_SHAPES = ontology_file("dcat-shapes.ttl")


@dataclass(frozen=True)
class Problem:
    focus: str
    path: str
    shape: str
    message: str
    value: str
    severity: str = "Violation"  # or Warning, Info: reported, but the graph still conforms


@dataclass(frozen=True)
class Report:
    conforms: bool
    text: str  # pySHACL's own report
    problems: list[Problem] = field(default_factory=list)

    @property
    def results(self) -> int:
        return len(self.problems)


def _name(g: Graph, node) -> str:
    if node is None:
        return ""
    if hasattr(node, "n3") and node.__class__.__name__ == "BNode":
        # An anonymous property shape: name it by its path.
        path = g.value(node, SH.path)
        return f"[{compact(path)}]" if path is not None else "[anonymous shape]"
    return compact(node)


def validate(data: Graph, shapes_path: Path = SHAPES) -> Report:
    import pyshacl  # heavy: imported only when validating

    from kg.rdf.load import load_graph
    shapes = load_graph(shapes_path)
    # A shape of severity Warning (a field a researcher should add) is reported, not failed.
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    problems = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(r, SH.sourceShape)
        problems.append(Problem(
            focus=_name(report, report.value(r, SH.focusNode)),
            path=_name(report, report.value(r, SH.resultPath)),
            shape=_name(shapes, shape) if shape is not None else "",
            message=str(report.value(r, SH.resultMessage) or ""),
            value=_name(report, report.value(r, SH.value)),
            severity=str(report.value(r, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]))
    problems.sort(key=lambda p: (p.focus, p.path, p.message))
    return Report(conforms=bool(conforms), text=text, problems=problems)
