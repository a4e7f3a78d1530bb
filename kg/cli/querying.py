"""Commands that query the graph: queries, query, serve, stats."""

from __future__ import annotations

import sys

import click

from kg.cli import main
from kg.cli.options import auth_option, dataset_options, graph_option, parse_auth, store_option
from kg.cli.output import detail, status
from kg.errors import KgError


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
        click.echo(json.dumps([q.to_dict() for q in library().values()], ensure_ascii=False, indent=2))
    else:
        click.echo(render(["name", "title", "parameters"], rows), nl=False)


@main.command()
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=str), help="Run the SPARQL in this file.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the named query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "excel-csv", "tsv", "json", "xml"]),
              default="table", show_default=True,
              help="Result format: csv is RFC 4180 UTF-8, excel-csv adds the byte-order mark Excel needs, tsv "
              "holds plain values, json and xml are the SPARQL 1.1 results formats. CONSTRUCT/DESCRIBE give Turtle.")
@click.option("--max-width", type=click.IntRange(10), default=None,
              help="Cut table cells at N columns [default: 60 on a terminal, never in a pipe or file].")
@graph_option
@store_option
@click.option("--endpoint", default=None, metavar="URL",
              help="Ask a remote SPARQL endpoint (the query URL of a store `kg push` filled) instead of the graph.")
@auth_option
def query(query, query_file, params, fmt, max_width, graph_path, backend, endpoint, auth):
    """Run a named query, a query file, or any SPARQL text on the built graph.

    \b
    Example:
        kg query initiatives --param speaker=今泉
        kg query search -p q=生成AI --format csv
        kg query --file my.rq --format json
        kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
        kg query initiatives --endpoint http://127.0.0.1:7878/query
    """
    from kg.errors import ParamError
    from kg.query.engines import open_store, uses_named_graphs
    from kg.query.formats import serialize
    from kg.query.limits import deep_stack
    from kg.query.named import get, is_query_text
    from kg.query.service import prepare

    if bool(query) == bool(query_file):
        raise click.UsageError("give a query name, a query text, or --file (one of them)")
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ParamError(f"--param takes KEY=VALUE, not {item!r}")
        values[key.strip()] = value
    text = _read_query_file(query_file) if query_file else query
    deep_stack()  # the engine reads a query by recursion (kg/query/limits.py)
    named_text = text if is_query_text(text) else get(text).text
    if endpoint is not None:
        from kg.query.remote import RemoteStore
        store = RemoteStore(endpoint, parse_auth(auth))
    else:
        store = open_store(graph_path, backend, named_graphs=uses_named_graphs(named_text))
    prepared = prepare(text, values, store.query)
    result = store.query(prepared.text, prepared.bindings)
    if prepared.named is not None:  # say which filters shaped the answer
        # repr-escaped: a value with a newline or a terminal escape stays on this one line
        applied = ", ".join(f"{k}={v!r}" if not v.isprintable() else f"{k}={v}"
                            for k, v in prepared.applied.items()) or "none"
        status(f"# {prepared.named.name}: parameters {applied}")
        if result.kind == "select" and not result.terms and "kgo:Tally" in prepared.named.text and \
                not store.query("ASK { ?x a <https://w3id.org/kaigi-kg/ontology#Tally> }").boolean:
            status("# this graph holds no tallies (built before kaigi-kg kept them): run kg build again")
    detail(prepared.text)
    if max_width is None and sys.stdout.isatty():
        max_width = 60
    out_fmt = {"tsv": "plain-tsv"}.get(fmt, fmt)
    click.echo(serialize(result, out_fmt, max_width=max_width, params=prepared.applied), nl=False)


def _read_query_file(path):
    from pathlib import Path
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KgError("no such query file", path=path) from None
    except UnicodeDecodeError:
        raise KgError("query file is not UTF-8 text", path=path) from None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@graph_option
@click.option("--timeout", default=5.0, show_default=True, type=click.FloatRange(0, 3600, min_open=True),
              help="Seconds a request may take, the wait for a worker included.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1), help="Largest result served.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Queries run at once (each holds the graph in memory).")
@click.option("--max-queue", default=16, show_default=True, type=click.IntRange(0),
              help="Requests that may wait for a worker; more get 503 with Retry-After.")
@click.option("--max-memory", default=1024, show_default=True, type=click.IntRange(0), metavar="MB",
              help="Memory a query may take in a worker, beyond the open store; 0 for no cap.")
@click.option("--allow-service", multiple=True, metavar="HOST",
              help="Allow SERVICE (federated queries) to this host (repeatable); refused otherwise.")
@store_option
@dataset_options
def serve(host, port, graph_path, timeout, max_rows, workers, max_queue, max_memory, allow_service, backend, info):
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page at /.

    The default graph is the union of the per-source graphs of graph.trig; GRAPH ?g and
    FROM NAMED reach each source document's graph. A new `kg build` into the same folder is
    picked up by all workers together. Each request is logged on standard output (client,
    request line, status).

    \b
    Example:
        kg serve                      # http://127.0.0.1:8000/sparql
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
             http://127.0.0.1:8000/sparql
    """
    from kg.web.serve import Server

    server = Server(graph_path, host, port, timeout, max_rows, workers, backend, allow_service, max_queue, info,
                    max_memory)
    h, p = server.address
    click.echo(f"Serving {graph_path} at http://{h}:{p}/sparql (page: http://{h}:{p}/) — Ctrl-C to stop",
               err=True)
    server.serve_forever()


@main.command()
@graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(graph_path, fmt):
    """Counts by class and property, people, meetings and date range.

    \b
    Example:
        kg stats
    """
    from kg.query.engines import open_store
    from kg.query.stats import stats as compute
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
