"""Commands on theme schemes: kg themes suggest."""

from __future__ import annotations

import click

from kg.cli import KgSubGroup, main
from kg.cli.output import status
from kg.errors import InputError


@main.group(cls=KgSubGroup)
def themes():
    """Work on theme schemes: suggest themes from a corpus.

    \b
    Example:
        kg themes suggest data/minutes -o outputs/suggested-themes.ttl
    """


@themes.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--graph", "graph_path", default=None, type=click.Path(path_type=str),
              help="Read the statements of a built graph instead of summaries.")
@click.option("-o", "--output", default="outputs/suggested-themes.ttl", show_default=True,
              type=click.Path(path_type=str), help="Where to write the draft SKOS scheme (Turtle).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(1, 500),
              help="How many themes to suggest.")
def suggest(paths, graph_path, output, top):
    """Suggest themes from what a corpus talks about, as a draft SKOS scheme.

    Reads the statements of summaries (files or folders; default data/minutes) or of a built
    graph (--graph), finds compound nouns with the morphological analyser, scores them by
    C-value and spread over meetings, and writes the best as skos:Concepts under the policy
    fields of the default scheme, with variants, counts and two example statements each.
    Edit the draft, then build with it: kg build --themes FILE.

    \b
    Example:
        kg themes suggest tests/fixtures/kotsu -o outputs/kotsu-themes.ttl --top 15
        kg themes suggest --graph outputs
    """
    from kg.atomic import atomic_write
    from kg.corpus.steps import mention_extractor, read_corpus
    from kg.extract.suggest import (
        STATEMENTS_QUERY,
        draft_scheme,
        field_label,
        statements_of_graph,
        statements_of_minutes,
    )
    from kg.extract.suggest import suggest as suggest_themes
    from kg.extract.themes import load_theme_graph
    from kg.rdf.load import load_graph
    from kg.rdf.write import graph_bytes

    if graph_path:
        graph = load_graph(graph_path)
        statements, names = statements_of_graph(graph.query(STATEMENTS_QUERY))
    else:
        statements, names = statements_of_minutes(read_corpus(paths)[0])
    if not statements:
        raise InputError("no statements to read: the summaries hold no discussion")
    default = load_theme_graph()
    found = suggest_themes(statements, mention_extractor(), names, top)
    written = atomic_write(output, graph_bytes(draft_scheme(found, default)))
    click.echo(f"{'rank':>4}  {'score':>8}  {'statements':>10}  {'meetings':>8}  term (variants) → field")
    for n, s in enumerate(found, start=1):
        variants = ", ".join(v for v in s.term.variants if v != s.term.label)
        click.echo(f"{n:>4}  {s.term.score:>8.1f}  {len(s.term.statements):>10}  {len(s.term.meetings):>8}  "
                   f"{s.term.label}{f' ({variants})' if variants else ''} → {field_label(default, s.field)}")
    status(f"wrote {written} ({len(found)} suggested themes from {len(statements)} statements); "
           f"edit it, then: kg build --themes {written}")
