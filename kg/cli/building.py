"""Commands that read summaries: build, check, validate, entities."""

from __future__ import annotations

import sys

import click

from kg.cli import main
from kg.cli.options import format_option, graph_option, sources_or_default
from kg.cli.output import detail, status, verbosity
from kg.vocabulary import DEFAULT_BASE


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-o", "--output", "out_dir", default="outputs", show_default=True,
              help="Folder to write graph.ttl to.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of instance IRIs.")
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read.")
@click.option("--gazetteer", default=None, type=click.Path(path_type=str),
              help="Gazetteer of initiatives and organizations [default: data/gazetteer.toml].")
@click.option("--themes", default=None, type=click.Path(path_type=str),
              help="SKOS theme scheme [default: ontology/themes.ttl].")
@click.option("--councils", default=None, type=click.Path(path_type=str),
              help="Councils file: canonical names and former names [default: data/councils.toml].")
@click.option("--full", is_flag=True, help="Rebuild everything, ignoring what earlier builds remembered.")
@click.option("--jobs", "-j", default=None, type=click.IntRange(1, 256),
              help="Worker processes [default: one a core].")
@click.option("--no-store", is_flag=True, help="Write graph.ttl and graph.trig only, no outputs/store.")
@click.option("--store-graphs", is_flag=True,
              help="Keep each summary's named graph in the store too (GRAPH queries from the store; "
                   "loading takes about twice as long).")
def build(paths, out_dir, base, strict, gazetteer, themes, councils, full, jobs, no_store, store_graphs):
    """Build the graph from summaries (files or folders; default data/minutes).

    Writes graph.ttl (the data), graph.trig (a named graph per summary) and store/ (an
    Oxigraph store of graph.ttl that queries open at once; with --store-graphs, of
    graph.trig's named graphs too). A second build redoes only the summaries that
    changed (outputs/cache remembers the rest) and writes the same bytes a full one would.

    \b
    Example:
        kg build                       # data/minutes → outputs/graph.ttl
        kg build minutes/ -o out/ --base https://example.org/id/
        kg build minutes/ --full -j 4
    """
    from kg.corpus.build import build_corpus
    from kg.corpus.settings import BuildSettings

    paths = sources_or_default(paths)
    files = {k: v for k, v in (("gazetteer", gazetteer), ("themes", themes), ("councils", councils)) if v}
    settings = BuildSettings(base=base, strict=strict, jobs=jobs, full=full, store=not no_store,
                             store_graphs=store_graphs, **files)
    progress = _progress_line() if sys.stderr.isatty() and verbosity() else None
    try:
        result = build_corpus(paths, out_dir, settings, progress=progress)
    finally:
        if progress:
            click.echo("\r\033[K", err=True, nl=False)  # the progress line gives way to the report
    for failure in result.failures:
        status(f"Skipped {failure}")
    for note in result.notes:
        status(note)
    c = result.counts
    status(f"Wrote {result.output}: " + ", ".join(f"{c.get(k, 0)} {k}" for k in
                                                  ("meetings", "people", "turns", "statements", "triples")))
    detail(f"{len(result.parsed) - result.reused} summaries built, {result.reused} from the cache; "
           f"store: {result.store}; seconds: " + ", ".join(f"{k} {v}" for k, v in result.timings.items()))
    doubtful = [p for p in result.parsed if p.doubts]
    for w in result.warnings:
        detail(w)
    if doubtful:
        fields = sorted({f for p in doubtful for f in p.doubt_fields})
        status(f"Doubts: {sum(p.doubts for p in doubtful)} in {len(doubtful)} of {len(result.parsed)} "
               f"files ({', '.join(fields)}); `kg check {' '.join(paths)}` lists them")


def _progress_line():
    """Progress on one terminal line: files read, documents built, triples written."""
    words = {"read": "summaries read", "build": "documents built", "write": "triples written",
             "store": "loading the store"}

    def show(stage, done, total):
        if total and done < total and done % max(1, total // 100):
            return
        text = f"{done:,}/{total:,} {words[stage]}" if total else f"{done:,} {words[stage]}"
        click.echo(f"\r\033[K{text}", err=True, nl=False)
    return show


@main.command()
@click.argument("file", required=False, default="outputs/graph.ttl", type=click.Path(path_type=str))
@click.option("--shapes", type=click.Path(path_type=str), help="SHACL shapes [default: ontology/shapes.ttl].")
def validate(file, shapes):
    """Check a graph file against SHACL shapes (ontology/shapes.ttl by default).

    Exit codes: 0 conforms, 1 does not conform, 2 error (unreadable file).

    \b
    Example:
        kg validate outputs/graph.ttl
        kg validate outputs/export/dataset.ttl --shapes ontology/dcat-shapes.ttl
    """
    from kg.query.table import table
    from kg.rdf.load import load_graph
    from kg.rdf.shacl import SHAPES
    from kg.rdf.shacl import validate as run

    shapes_path = shapes or SHAPES
    report = run(load_graph(file), shapes_path)
    if report.problems:
        click.echo(table(["node", "property", "shape", "problem", "value", "severity"],
                         [[p.focus, p.path, p.shape, p.message, p.value, p.severity] for p in report.problems],
                         max_width=80), nl=False)
    if report.conforms:
        warned = f" ({report.results} warnings)" if report.problems else ""
        click.echo(f"{file}: conforms to {shapes_path}{warned}")
        return
    click.echo(f"{file}: does not conform to {shapes_path} ({report.results} problems)", err=True)
    sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--councils", default=None, type=click.Path(path_type=str),
              help="Councils file [default: data/councils.toml].")
def check(paths, fmt, councils):
    """Review what the parser read from each summary, and what it doubts.

    Per file: council, title, date and times, place, counts of attendees, turns and
    statements, and each doubt (a field not found, a speaker not in the attendee list,
    lines nothing recognized) with its line. Exit 0 when nothing is doubtful, 1 when
    something is, 2 when no file could be read.

    \b
    Example:
        kg check                       # data/minutes
        kg check minutes/ --format json
    """
    import json

    from kg.review import as_text, review

    extra = {"councils": councils} if councils else {}
    reviews = review(sources_or_default(paths), **extra)
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in reviews], ensure_ascii=False, indent=2))
    else:
        click.echo(as_text(reviews), nl=False)
    if all(r.error for r in reviews):
        sys.exit(2)
    sys.exit(1 if any(r.doubtful for r in reviews) else 0)


@main.command()
@click.option("--uncurated", is_flag=True,
              help="Only entities found outside the gazetteer and attendee lists, for review.")
@graph_option
@format_option
def entities(uncurated, graph_path, fmt):
    """List mentioned initiatives, organizations and people with counts and an example sentence.

    \b
    Example:
        kg entities --uncurated
        kg entities --format csv > entities.csv
    """
    from kg.query.entities import list_entities
    from kg.query.table import render
    from kg.rdf.load import load_graph

    rows = list_entities(load_graph(graph_path), uncurated_only=uncurated)
    headers = ["label", "type", "curated", "statements", "mentions", "example", "iri"]
    click.echo(render(headers, [[r.label, r.type, r.curated, r.statements, r.mentions, r.example, r.iri]
                                for r in rows], fmt), nl=False)
