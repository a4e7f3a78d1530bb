"""Export the dataset in every RDF format, each with its DCAT/VoID description.

Input is what `kg build` wrote: ``graph.trig`` (one named graph per source document and one
for the ontology and themes) or any graph file. Triple formats hold the union of the named
graphs plus the description; TriG and N-Quads keep the named graphs and put the description
in the default graph. ``dataset.ttl`` describes every file written, with byte sizes.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from kg.atomic import atomic_write
from kg.errors import KgError
from kg.publish.dcat import Distribution, describe
from kg.publish.licence import DatasetInfo
from kg.rdf.load import graph_file
from kg.rdf.namespaces import DEFAULT_BASE
from kg.rdf.write import (
    DATASET_FORMATS,
    FORMATS,
    dataset_bytes,
    graph_bytes,
    read_dataset,
    union,
)

EXPORT_NAME = "kaigi-kg"


def source_of(path: str | Path) -> Path:
    """graph.trig in a build folder (graph.ttl when there is no dataset), or the file."""
    p = Path(path)
    if p.is_dir() and (p / "graph.trig").is_file():
        return p / "graph.trig"
    return graph_file(p)


def base_of(graphs: list[tuple[URIRef | None, Graph]]) -> str:
    """The instance base the data was built with (from its meetings' IRIs)."""
    from rdflib.namespace import RDF

    from kg.rdf.namespaces import KGO
    for _, g in graphs:
        for m in g.subjects(RDF.type, KGO.Meeting):
            text = str(m)
            return text[: text.index("meeting/")]
    return DEFAULT_BASE


def render(graphs, fmt: str, description: Graph) -> bytes:
    if fmt in DATASET_FORMATS:
        return dataset_bytes([*graphs, (None, description)], fmt)
    g = union(graphs)
    g += description
    return graph_bytes(g, fmt)


def export(path: str | Path, fmt: str, out: str | Path, endpoint: str | None = None,
           info: DatasetInfo | None = None) -> Path:
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    graphs = read_dataset(source_of(path))
    data = union(graphs)
    description = describe(data, base_of(graphs), [Distribution(Path(out).name, fmt, None)], info, endpoint)
    return atomic_write(out, render(graphs, fmt, description))


def export_all(path: str | Path, out_dir: str | Path, endpoint: str | None = None,
               info: DatasetInfo | None = None) -> list[Path]:
    """Every format, then dataset.ttl describing them all (with their sizes)."""
    graphs = read_dataset(source_of(path))
    data = union(graphs)
    base = base_of(graphs)
    out_dir = Path(out_dir)
    names = {fmt: EXPORT_NAME + suffix for fmt, (_, suffix) in FORMATS.items()}
    inside = describe(data, base, [Distribution(n, f, None) for f, n in names.items()], info, endpoint)
    written = [atomic_write(out_dir / name, render(graphs, fmt, inside)) for fmt, name in names.items()]
    sized = [Distribution(p.name, fmt, p.stat().st_size) for fmt, p in zip(names, written)]
    written.append(atomic_write(out_dir / "dataset.ttl",
                                graph_bytes(describe(data, base, sized, info, endpoint), "ttl")))
    return written
