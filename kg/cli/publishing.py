"""Commands that draw and publish the graph: view, analyze, export, docs."""

from __future__ import annotations

import click

from kg.cli import main
from kg.cli.options import auth_option, dataset_options, graph_option
from kg.cli.output import detail, status


@main.command()
@click.argument("names", nargs=-1)
@click.option("-o", "--output", "out_dir", default="outputs", show_default=True, help="Folder for the HTML files.")
@graph_option
@click.option("--focus", help="Also draw the neighbourhood of the node with this label.")
@click.option("--depth", default=2, show_default=True, type=int, help="Steps out from --focus.")
@click.option("--meeting", "meeting_id",
              help="The meeting for the `meeting` view: its IRI, or its date (2025-03-24, with words of "
              "its title after it when dates collide); default: the latest.")
@click.option("--group-meetings/--each-meeting", default=None,
              help="In the overview, one node per council and fiscal year, or one per meeting "
                   "(default: grouped above 20 meetings).")
@dataset_options
def view(names, out_dir, graph_path, focus, depth, meeting_id, group_meetings, info):
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
    from kg.query.engines import open_store

    data = load_data(open_store(graph_path))
    for path in write_views(build_views(data, list(names), focus, depth, meeting_id,
                                             group_meetings=group_meetings), data, out_dir, info):
        status(f"Wrote {path}")


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
    from kg.query.engines import open_store
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
@click.option("--with-tallies", is_flag=True,
              help="Keep the corpus tallies (kgo:Tally, counts kept for the named queries) in the files.")
@dataset_options
def export(fmt, out, every, graph_path, endpoint, with_tallies, info):
    """Export the graph as open data, with its DCAT/VoID description.

    TriG and N-Quads keep one named graph per source document plus one for the ontology
    and themes; the other formats hold their union. Output is byte-identical across runs.

    \b
    Example:
        kg export --all -o outputs/export
        kg export --format jsonld -o kaigi-kg.jsonld
    """
    import dataclasses

    from kg.publish.export import export as export_one
    from kg.publish.export import export_all

    if with_tallies:
        info = dataclasses.replace(info, with_tallies=True)
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
        status(f"Wrote {p} ({p.stat().st_size:,} bytes)")


@main.command()
@graph_option
@click.option("-o", "--output", "out_dir", default="outputs/site", show_default=True,
              help="The folder to write (replaced whole).")
@click.option("--url", default=None, metavar="URL",
              help="The site's public address, for sitemap.xml [default: the base IRI without id/].")
@dataset_options
def site(graph_path, out_dir, url, info):
    """Write every resource's page (HTML) and description (Turtle) as a static site.

    One page and one .ttl a resource under id/ and theme/, an index page a type, ontology.html,
    sitemap.xml and an .htaccess with the rewrite rules that make the IRIs resolve (see
    docs/site.md). Links are relative; the same graph gives the same bytes.

    \b
    Example:
        kg site                          # outputs/site/
        kg site -o public/ --url https://example.org/kaigi-kg/
    """
    from kg.linked.site import write_site

    report = write_site(graph_path, out_dir, info, url, note=detail)
    status(f"Wrote {report.folder}: {report.pages:,} resource pages, {report.types} type indexes")


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

    status(f"Wrote {write_docs(load_graph(source_of(graph_path)), out_dir)}")


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The graph store (SPARQL 1.1 Graph Store HTTP Protocol) URL: Oxigraph …/store, "
                   "Fuseki …/DATASET/data, Virtuoso …/sparql-graph-crud-auth.")
@graph_option
@auth_option
@click.option("--full", is_flag=True, help="Send every graph, not only those changed since the last push.")
def push(endpoint, graph_path, auth, full):
    """Push the built graph to a triple store, one named graph per source document.

    Each graph is PUT (replacing what the store had under its name); graphs unchanged since the
    last push to this endpoint are not sent again while the store still holds them, and graphs
    of removed summaries are deleted.

    \b
    Example:
        kg push --endpoint http://127.0.0.1:7878/store
        kg push --endpoint https://fuseki.example.org/kaigi/data --auth admin
    """
    from kg.cli.options import parse_auth
    from kg.publish.push import push as send
    from kg.rdf.load import graph_file

    folder = graph_file(graph_path).parent
    report = send(folder, endpoint, parse_auth(auth), full=full, note=lambda g: detail(f"PUT {g}"))
    lost = f" ({report.missing} the store had lost)" if report.missing else ""
    status(f"Pushed to {endpoint}: {len(report.sent)} graphs sent{lost}, {report.unchanged} unchanged, "
           f"{len(report.deleted)} deleted")


@main.command()
@graph_option
@click.option("-o", "--output", default="outputs/report.html", show_default=True, type=click.Path(path_type=str),
              help="The report page to write.")
@dataset_options
def report(graph_path, output, info):
    """Write the corpus report: one offline HTML page of charts.

    Themes over time, speakers × themes, initiatives over time, speaking share, attendance and
    the corpus in numbers; a click on a bar, cell or dot shows the statements behind it.

    \b
    Example:
        kg report                       # outputs/report.html
        kg report --graph out/ -o out/report.html
    """
    from kg.atomic import atomic_write
    from kg.query.engines import open_store
    from kg.report.page import render

    path = atomic_write(output, render(open_store(graph_path), info).encode("utf-8"))
    status(f"Wrote {path} ({path.stat().st_size:,} bytes)")
