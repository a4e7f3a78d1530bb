"""Options shared by several commands."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from kg.errors import KgError


def format_option(f):
    from kg.query.table import FORMATS
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output format.")(f)


def graph_option(f):
    return click.option("--graph", "graph_path", default="outputs", show_default=True,
                        type=click.Path(path_type=str),
                        help="A graph file, or a folder that `kg build` wrote.")(f)


def store_option(f):
    from kg.query import BACKENDS
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


def dataset_options(f):
    """--dataset, --license, --license-name and --publisher, given to the command as one ``info``
    (``DatasetInfo``): the same licence and credit wherever data is shown (export, views, endpoint,
    site). The options win over what the dataset.toml file says."""
    @functools.wraps(f)
    def command(*args, dataset_file, license_iri, license_name, publisher, **kwargs):
        from kg.publish.licence import DatasetInfo
        from kg.publish.metadata import read_dataset
        info = read_dataset(dataset_file) if dataset_file else DatasetInfo()
        return f(*args, info=info.with_options(license_iri, license_name, publisher), **kwargs)

    for option in reversed([
            click.option("--dataset", "dataset_file", default=None, type=click.Path(path_type=str), metavar="FILE",
                         help="The researcher's dataset.toml: publisher, creator, contact, licence, language, "
                              "spatial coverage, release date (see docs/formats.md)."),
            click.option("--license", "license_iri", default=None,
                         help="Licence IRI of the data.  [default: CC BY 4.0]"),
            click.option("--license-name", default=None, help="How the licence is named to people."),
            click.option("--publisher", default=None, help="Who publishes the data.  [default: kaigi-kg]")]):
        command = option(command)
    return command


DEFAULT_SOURCES = "data/minutes"


def sources_or_default(paths: tuple[str, ...]) -> tuple[str, ...]:
    """The summaries named, or the checkout's own (data/minutes); outside a checkout there
    are none, and the message says how to name a folder instead."""
    if paths:
        return paths
    if not Path(DEFAULT_SOURCES).exists():
        raise KgError(f"{DEFAULT_SOURCES}: no such folder here (the default, kaigi-kg's own summaries, is found only "
                      "in a checkout of it); name the files or folders to read, e.g. my-minutes/")
    return (DEFAULT_SOURCES,)
