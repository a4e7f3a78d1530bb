"""From source files to ``graph.ttl``: find files, read, parse, build, union, write."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Graph
from rdflib.namespace import FOAF, RDF

from .build import build_document, meeting_key
from .errors import InputError, KgError
from .iri import Minter
from .model import Minutes
from .namespaces import DEFAULT_BASE, KGO, bind_prefixes
from .output import atomic_write
from .parse import parse
from .reader import read_source

SOURCE_SUFFIXES = (".txt",)


@dataclass
class BuildResult:
    graph: Graph
    minutes: list[Minutes]
    warnings: list[str] = field(default_factory=list)  # "file: message"
    failures: list[InputError] = field(default_factory=list)
    output: Path | None = None

    def counts(self) -> dict[str, int]:
        g = self.graph
        return {
            "meetings": len(set(g.subjects(RDF.type, KGO.Meeting))),
            "people": len(set(g.subjects(RDF.type, FOAF.Person))),
            "turns": len(set(g.subjects(RDF.type, KGO.Turn))),
            "statements": len(set(g.subjects(RDF.type, KGO.Statement))),
            "triples": len(g),
        }


def find_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the source files below folders, in a stable order."""
    found: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found.update(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SOURCE_SUFFIXES)
        elif p.exists():
            found.add(p)
        else:
            raise KgError("no such file or folder", path=p)
    if not found:
        raise KgError("no source files (" + ", ".join(SOURCE_SUFFIXES) + ") found in " + ", ".join(map(str, paths)))
    return sorted(found, key=lambda f: f.as_posix())


def meeting_keys(minutes: list[Minutes]) -> list[str]:
    """Each meeting's IRI key; two summaries of one council on one date get -2, -3 … in the
    order of their content hash, so the keys never depend on file order."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(minutes):
        groups[(m.series, meeting_key(m))].append(i)
    keys = [meeting_key(m) for m in minutes]
    for (_, key), members in groups.items():
        for n, i in enumerate(sorted(members, key=lambda i: minutes[i].source.sha256)[1:], start=2):
            keys[i] = f"{key}-{n}"
    return keys


def build_graph(paths: Iterable[str | Path], base: str = DEFAULT_BASE, strict: bool = False,
                progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None) -> BuildResult:
    """Read and parse every source; a bad file is reported and skipped (an error when
    ``strict`` or when no file could be read)."""
    minter = Minter(base)
    files = find_sources(paths)
    minutes: list[Minutes] = []
    failures: list[InputError] = []
    for f in (progress(files) if progress else files):
        try:
            minutes.append(parse(read_source(f)))
        except InputError as exc:
            if strict:
                raise
            failures.append(exc)
    if not minutes:
        if len(failures) == 1:
            raise failures[0]
        raise InputError("no file could be read:\n  " + "\n  ".join(map(str, failures)))
    graph = Graph()
    bind_prefixes(graph, minter.base)
    warnings = []
    for m, key in zip(minutes, meeting_keys(minutes)):
        graph += build_document(m, minter, key)
        warnings.extend(f"{m.source.path}: {w}" for w in m.warnings)
    return BuildResult(graph=graph, minutes=minutes, warnings=warnings, failures=failures)


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    return graph.serialize(format=fmt, encoding="utf-8")


def write_graph(result: BuildResult, out_dir: str | Path) -> Path:
    result.output = atomic_write(Path(out_dir) / "graph.ttl", serialize(result.graph))
    return result.output
