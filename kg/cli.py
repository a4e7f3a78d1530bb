"""The ``kg`` command: a thin click layer over the library.

Each command builds one object, makes one library call and formats the result. A KgError
becomes a one-line message and exit code 2; anything else is a bug and keeps its traceback.
Exit codes: 0 ok, 1 data does not conform (validate), 2 error.
"""

from __future__ import annotations

import re
import sys

import click

from kg.errors import KgError
from kg.publish.licence import CC_BY_4
from kg.rdf.namespaces import DEFAULT_BASE

PROGRESS_FROM = 20  # files; fewer finish before a bar would be of use


class KgGroup(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kaigi-kg")
def main():
    """kaigi-kg: Japanese government meeting summaries as an RDF knowledge graph.

    \b
    Example:
        kg build && kg query initiatives && kg serve
    """


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
def build(paths, out_dir, base, strict, gazetteer, themes):
    """Build the graph from summaries (files or folders; default data/minutes).

    \b
    Example:
        kg build                       # data/minutes → outputs/graph.ttl
        kg build minutes/ -o out/ --base https://example.org/id/
    """
    from kg.pipeline import build_graph, write_graph

    paths = paths or ("data/minutes",)

    def progress(files):
        if len(files) < PROGRESS_FROM:
            yield from files
            return
        with click.progressbar(files, label="Reading summaries", file=sys.stderr) as bar:
            yield from bar

    extra = {k: v for k, v in (("gazetteer", gazetteer), ("themes", themes)) if v}
    result = build_graph(paths, base=base, strict=strict, progress=progress, **extra)
    for failure in result.failures:
        click.echo(f"Skipped {failure}", err=True)
    out = write_graph(result, out_dir)
    c = result.counts()
    click.echo(f"Wrote {out}: " + ", ".join(f"{n} {k}" for k, n in c.items()))
    doubtful = [m for m in result.minutes if m.doubts]
    if doubtful:
        fields = sorted({d.field for m in doubtful for d in m.doubts})
        click.echo(f"Doubts: {sum(len(m.doubts) for m in doubtful)} in {len(doubtful)} of {len(result.minutes)} "
                   f"files ({', '.join(fields)}); `kg check {' '.join(paths)}` lists them", err=True)


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
    if report.conforms:
        click.echo(f"{file}: conforms to {shapes_path}")
        return
    click.echo(table(["node", "property", "shape", "problem", "value"],
                     [[p.focus, p.path, p.shape, p.message, p.value] for p in report.problems], max_width=80),
               nl=False)
    click.echo(f"{file}: does not conform to {shapes_path} ({report.results} problems)", err=True)
    sys.exit(1)

def format_option(f):
    from kg.query.table import FORMATS
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output format.")(f)


def graph_option(f):
    return click.option("--graph", "graph_path", default="outputs", show_default=True,
                        type=click.Path(path_type=str),
                        help="A graph file, or a folder that `kg build` wrote.")(f)


@main.command()
@click.option("--uncurated", is_flag=True, help="Only entities found outside the gazetteer, for review.")
@graph_option
@format_option
def entities(uncurated, graph_path, fmt):
    """List mentioned initiatives and organizations with counts and an example sentence.

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


def store_option(f):
    from kg.query.store import BACKENDS
    return click.option("--store", "backend", type=click.Choice(BACKENDS), default="oxigraph",
                        show_default=True, help="SPARQL engine to run on.")(f)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def queries(fmt):
    """List the named queries: name, title and parameters.

    \b
    Example:
        kg queries
        kg query initiatives --param speaker=今泉
    """
    from kg.query.named import library
    from kg.query.table import render

    rows = [[q.name, q.title, ", ".join(f"{p.name}" + (f"={p.default}" if p.default else "")
                                        + (" (required)" if p.required else "") for p in q.params)]
            for q in library().values()]
    if fmt == "json":
        import json
        click.echo(json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                                "params": [{"name": p.name, "type": p.type, "default": p.default,
                                            "required": p.required, "description": p.description}
                                           for p in q.params]} for q in library().values()],
                              ensure_ascii=False, indent=2))
    else:
        click.echo(render(["name", "title", "parameters"], rows), nl=False)


@main.command()
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=str), help="Run the SPARQL in this file.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the named query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table",
              show_default=True, help="Result format (json: SPARQL 1.1 Query Results JSON). "
              "CONSTRUCT/DESCRIBE always give Turtle.")
@graph_option
@store_option
def query(query, query_file, params, fmt, graph_path, backend):
    """Run a named query, a query file, or any SPARQL text on the built graph.

    \b
    Example:
        kg query initiatives --param speaker=今泉
        kg query search -p q=生成AI --format csv
        kg query --file my.rq --format json
        kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from kg.query.formats import serialize
    from kg.query.named import ParamError
    from kg.query.service import prepare
    from kg.query.store import open_store

    if bool(query) == bool(query_file):
        raise click.UsageError("give a query name, a query text, or --file (one of them)")
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ParamError(f"--param takes KEY=VALUE, not {item!r}")
        values[key.strip()] = value
    store = open_store(graph_path, backend)
    prepared = prepare(_read_query_file(query_file) if query_file else query, values, store.query)
    result = store.query(prepared.text, prepared.bindings)
    click.echo(serialize(result, fmt), nl=False)


def _read_query_file(path):
    from pathlib import Path
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KgError("no such query file", path=path) from None
    except UnicodeDecodeError:
        raise KgError("query file is not UTF-8 text", path=path) from None


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
    reviews = review(paths or ("data/minutes",), **extra)
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in reviews], ensure_ascii=False, indent=2))
    else:
        click.echo(as_text(reviews), nl=False)
    if all(r.error for r in reviews):
        sys.exit(2)
    sys.exit(1 if any(r.doubtful for r in reviews) else 0)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int, help="0 picks a free port.")
@graph_option
@click.option("--timeout", default=5.0, show_default=True, type=float, help="Seconds a query may run.")
@click.option("--max-rows", default=10_000, show_default=True, type=int, help="Largest result served.")
@click.option("--workers", default=2, show_default=True, type=int, help="Queries run at once.")
@store_option
def serve(host, port, graph_path, timeout, max_rows, workers, backend):
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page at /.

    \b
    Example:
        kg serve                      # http://127.0.0.1:8000/sparql
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
             http://127.0.0.1:8000/sparql
    """
    from kg.web.server import make_server

    server = make_server(graph_path, host, port, timeout, max_rows, workers, backend)
    h, p = server.server_address[:2]
    click.echo(f"Serving {graph_path} at http://{h}:{p}/sparql (page: http://{h}:{p}/) — Ctrl-C to stop",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()


@main.command()
@click.argument("names", nargs=-1)
@click.option("-o", "--output", "out_dir", default="outputs", show_default=True, help="Folder for the HTML files.")
@graph_option
@click.option("--focus", help="Also draw the neighbourhood of the node with this label.")
@click.option("--depth", default=2, show_default=True, type=int, help="Steps out from --focus.")
@click.option("--meeting", "meeting_id", help="IRI of the meeting for the `meeting` view (default: the latest).")
def view(names, out_dir, graph_path, focus, depth, meeting_id):
    """Write interactive network views as self-contained HTML (work offline).

    Views: overview, people-themes, initiatives, meeting (all by default).

    \b
    Example:
        kg view                                   # outputs/view-*.html
        kg view people-themes
        kg view --focus 'スペースパトロール' --depth 2
    """
    from kg.network.projections import load_data
    from kg.network.views import build_views, write_views
    from kg.query.store import open_store

    data = load_data(open_store(graph_path))
    for path in write_views(build_views(data, list(names), focus, depth, meeting_id), data, out_dir):
        click.echo(f"Wrote {path}")


@main.command()
@graph_option
@click.option("-o", "--output", "out_dir", default="outputs", show_default=True,
              help="Folder to write analysis/*.csv to.")
@click.option("--top", default=10, show_default=True, type=int, help="Rows printed per projection.")
def analyze(graph_path, out_dir, top):
    """Network measures on person–theme, person–person and theme–theme projections.

    Writes DIR/analysis/<projection>-nodes.csv and -edges.csv and prints the top nodes
    by betweenness.

    \b
    Example:
        kg analyze
        kg analyze --top 20
    """
    from kg.network.analyze import write_analysis
    from kg.network.projections import load_data
    from kg.query.store import open_store
    from kg.query.table import table

    result = write_analysis(load_data(open_store(graph_path)), out_dir)
    for name, ms in result.items():
        click.echo(f"\n{name} ({len(ms)} nodes) → {out_dir}/analysis/{name}-nodes.csv")
        click.echo(table(["label", "type", "degree", "weighted", "betweenness", "community"],
                         [[m.label, m.type, m.degree, m.weighted_degree, f"{m.betweenness:.3f}", m.community]
                          for m in ms[:top]]), nl=False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(["ttl", "nt", "jsonld", "rdfxml", "trig", "nq"])),
              default="ttl", show_default=True)
@click.option("-o", "--output", "out", help="File to write (with --all: the folder).")
@click.option("--all", "every", is_flag=True, help="Every format, dataset.ttl and ontology.html, into -o DIR.")
@graph_option
@click.option("--endpoint", help="URL of a SPARQL endpoint serving the data, for the description.")
@click.option("--license", "license_iri", default=CC_BY_4, show_default=True, help="Licence IRI of the data.")
@click.option("--license-name", default=None, help="How the licence is named to people.")
@click.option("--publisher", default="kaigi-kg", show_default=True, help="Who publishes the data.")
def export(fmt, out, every, graph_path, endpoint, license_iri, license_name, publisher):
    """Export the graph as open data, with its DCAT/VoID description.

    TriG and N-Quads keep one named graph per source document plus one for the ontology
    and themes; the other formats hold their union. Output is byte-identical across runs.

    \b
    Example:
        kg export --all -o outputs/export
        kg export --format jsonld -o kaigi-kg.jsonld
    """
    from kg.publish.export import export as export_one
    from kg.publish.export import export_all
    from kg.publish.licence import DatasetInfo

    if not re.match(r"^https?://\S+$", license_iri):
        raise KgError(f"--license must be the licence's IRI, not {license_iri!r}")
    info = DatasetInfo(license=license_iri, publisher=publisher,
                       license_name=license_name or (DatasetInfo.license_name if license_iri == CC_BY_4 else license_iri))
    if every:
        from kg.publish.docs import write_docs
        from kg.publish.export import source_of
        from kg.rdf.load import load_graph

        folder = out or "outputs/export"
        paths = export_all(graph_path, folder, endpoint, info)
        paths.append(write_docs(load_graph(source_of(graph_path)), folder))
    else:
        from kg.rdf.write import FORMATS
        paths = [export_one(graph_path, fmt, out or f"outputs/kaigi-kg{FORMATS[fmt][1]}", endpoint, info)]
    for p in paths:
        click.echo(f"Wrote {p} ({p.stat().st_size:,} bytes)")


@main.command()
@graph_option
@click.option("-o", "--output", "out_dir", default="outputs", show_default=True)
def docs(graph_path, out_dir):
    """Write ontology.html: the ontology's classes and properties, with examples from the data.

    \b
    Example:
        kg docs            # outputs/ontology.html
    """
    from kg.publish.docs import write_docs
    from kg.publish.export import source_of
    from kg.rdf.load import load_graph

    click.echo(f"Wrote {write_docs(load_graph(source_of(graph_path)), out_dir)}")


@main.command()
@graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(graph_path, fmt):
    """Counts by class and property, people, meetings and date range.

    \b
    Example:
        kg stats
    """
    from kg.query.stats import stats as compute
    from kg.query.store import open_store
    from kg.query.table import table

    s = compute(open_store(graph_path))
    if fmt == "json":
        import dataclasses
        import json
        click.echo(json.dumps(dataclasses.asdict(s), ensure_ascii=False, indent=2))
        return
    click.echo(f"{s.triples} triples; {s.meetings} meetings of {s.councils} councils, {s.first} – {s.last}; "
               f"{s.people} people\n")
    click.echo(table(["class", "instances"], [list(r) for r in s.classes]))
    click.echo(table(["property", "triples"], [list(r) for r in s.properties]), nl=False)
