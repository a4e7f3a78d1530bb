"""``kg people``: who may be one person across councils and units, with the evidence."""

from __future__ import annotations

import click

from kg.cli import main


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--councils", default=None, type=click.Path(path_type=str),
              help="Councils file [default: data/councils.toml].")
def people(paths, fmt, councils):
    """List pairs of people of one full name in two councils or units, and whether they are one.

    Each pair has a status (same: joined by owl:sameAs in the graph; candidate: below the
    threshold, a doubt of kg check; different: the researcher said so), a score with its
    reasons, and each side's attendee-list entries (file, line, words). Decide a pair in
    people.toml beside the summaries ([[same]] or [[different]] with a, b and a note); the
    next build honours it.

    \b
    Example:
        kg people my-minutes/
        kg people my-minutes/ --format json
    """
    import json

    from kg.review import people_review, people_text

    extra = {"councils": councils} if councils else {}
    pairs = people_review(paths or ("data/minutes",), **extra)
    if fmt == "json":
        click.echo(json.dumps(pairs, ensure_ascii=False, indent=2))
    else:
        click.echo(people_text(pairs), nl=False)
