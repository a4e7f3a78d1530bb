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
    from kg.query.engines import BACKENDS
    return click.option("--store", "backend", type=click.Choice(BACKENDS), default="oxigraph",
                        show_default=True, help="SPARQL engine to run on.")(f)


def auth_option(f):
    return click.option("--auth", default=None, metavar="USER[:PASSWORD]",
                        help="HTTP basic authentication; without :PASSWORD it is read from KG_PASSWORD "
                             "or asked for.")(f)


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """USER:PASSWORD → (user, password); USER alone takes KG_PASSWORD or a hidden prompt."""
    import os
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep:
        password = os.environ.get("KG_PASSWORD") or click.prompt(f"Password for {user}", hide_input=True,
                                                                 err=True)
    return user, password
