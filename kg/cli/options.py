"""Options shared by several commands."""

from __future__ import annotations

import click


def format_option(f):
    from kg.query.table import FORMATS
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output format.")(f)


def graph_option(f):
    return click.option("--graph", "graph_path", default="outputs", show_default=True,
                        type=click.Path(path_type=str),
                        help="A graph file, or a folder that `kg build` wrote.")(f)


def store_option(f):
    from kg.query.store import BACKENDS
    return click.option("--store", "backend", type=click.Choice(BACKENDS), default="oxigraph",
                        show_default=True, help="SPARQL engine to run on.")(f)
