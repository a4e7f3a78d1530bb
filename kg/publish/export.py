"""Export the dataset in every RDF format, each with its DCAT/VoID description.

Input is what `kg build` wrote: ``graph.trig`` (one named graph per source document, the
tallies, and one for the ontology and themes) or any graph file. Triple formats hold the
union of the named graphs plus the description; TriG and N-Quads keep the named graphs and
put the description in the default graph. ``dataset.ttl`` describes every file written, with
byte sizes. The data is read by Oxigraph and handled as sorted text records
(``kg.rdf.records``): rdflib terms only for the description and for JSON-LD.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kg.atomic import atomic_write
from kg.errors import KgError
from kg.publish.dcat import Distribution, describe, facts_of
from kg.publish.licence import DatasetInfo
from kg.rdf.load import graph_file, ox_format
from kg.rdf.namespaces import KGO
from kg.rdf.records import SEP, merged, record_text, records
from kg.rdf.write import DATASET_FORMATS, FORMATS, dataset_records_bytes, graph_bytes, records_bytes
from kg.vocabulary import DEFAULT_BASE

EXPORT_NAME = "kaigi-kg"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def source_of(path: str | Path) -> Path:
    """graph.trig in a build folder (graph.ttl when there is no dataset), or the file."""
    p = Path(path)
    if p.is_dir() and (p / "graph.trig").is_file():
        return p / "graph.trig"
    return graph_file(p)


def read_graphs(path: Path) -> list[tuple[str | None, list[str]]]:
    """(graph name or None, sorted unique records) of each graph of an RDF file."""
    import pyoxigraph as ox
    graphs: dict[str | None, set[str]] = {}
    try:
        for q in ox.parse(path=str(path), format=ox_format(path)):
            name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
            s = q.subject.value if isinstance(q.subject, ox.NamedNode) else str(q.subject)
            graphs.setdefault(name, set()).add(record_text(s, q.predicate.value, str(q.object)))
    except SyntaxError as exc:
        raise KgError(f"cannot parse: {exc}", path=path) from None
    return [(name, sorted(recs)) for name, recs in sorted(graphs.items(), key=lambda g: g[0] or "")]


def base_of(union: list[str]) -> str:
    """The instance base the data was built with (from its meetings' IRIs)."""
    meeting = f"{SEP}0{_TYPE}{SEP}<{KGO.Meeting}>"
    for rec in union:
        if rec.endswith(meeting):
            s = rec[:rec.index(SEP)]
            return s[: s.index("meeting/")]
    return DEFAULT_BASE


def without_tallies(graphs: list[tuple[str | None, list[str]]]) -> list[tuple[str | None, list[str]]]:
    """The graphs less the corpus tallies (kgo:Tally: counts kept for the named queries, not
    data a reuser wants); a graph that held only tallies goes."""
    typed = f"{SEP}0{_TYPE}{SEP}<{KGO.Tally}>"
    tallies = {rec[:rec.index(SEP)] for _, recs in graphs for rec in recs if rec.endswith(typed)}
    if not tallies:
        return graphs
    kept = [(name, [r for r in recs if r[:r.index(SEP)] not in tallies]) for name, recs in graphs]
    return [(name, recs) for name, recs in kept if recs]


def render(graphs, union: list[str], fmt: str, description) -> bytes:
    desc = records(description)
    if fmt in DATASET_FORMATS:  # the description in the default graph, beside the named graphs
        return dataset_records_bytes([(None, desc)] + [(g, recs) for g, recs in graphs if g is not None], fmt)
    return records_bytes(merged([iter(union), iter(desc)]), fmt)


def _read(path, info: DatasetInfo | None):
    """The graphs (tallies only when asked for), their union, its facts, base and build day."""
    source = source_of(path)
    graphs = read_graphs(source)
    if not (info and info.with_tallies):
        graphs = without_tallies(graphs)
    union = list(merged(recs for _, recs in graphs))
    built = dt.datetime.fromtimestamp(source.stat().st_mtime, tz=dt.UTC).date()
    return graphs, union, facts_of(union), base_of(union), built


def export(path: str | Path, fmt: str, out: str | Path, endpoint: str | None = None,
           info: DatasetInfo | None = None) -> Path:
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    graphs, union, facts, base, built = _read(path, info)
    description = describe(facts, base, [Distribution(Path(out).name, fmt, None)], info, endpoint, built)
    return atomic_write(out, render(graphs, union, fmt, description))


def export_all(path: str | Path, out_dir: str | Path, endpoint: str | None = None,
               info: DatasetInfo | None = None) -> list[Path]:
    """Every format, then dataset.ttl describing them all (with their sizes)."""
    graphs, union, facts, base, built = _read(path, info)
    out_dir = Path(out_dir)
    names = {fmt: EXPORT_NAME + suffix for fmt, (_, suffix) in FORMATS.items()}
    inside = describe(facts, base, [Distribution(n, f, None) for f, n in names.items()], info, endpoint, built)
    written = [atomic_write(out_dir / name, render(graphs, union, fmt, inside)) for fmt, name in names.items()]
    sized = [Distribution(p.name, fmt, p.stat().st_size) for fmt, p in zip(names, written)]
    written.append(atomic_write(out_dir / "dataset.ttl",
                                graph_bytes(describe(facts, base, sized, info, endpoint, built), "ttl")))
    return written
