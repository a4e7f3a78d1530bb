"""The ``kg`` command: a thin click layer over the library, one module per group of commands
(building.py: build, check, validate, entities; querying.py: queries, query, serve, stats;
publishing.py: view, analyze, export, docs, report, push; theming.py: themes suggest;
fetching.py: fetch).

Each command builds one object, makes one library call and formats the result. A KgError
becomes a one-line message and exit code 2; anything else is a bug and keeps its traceback.
Exit codes: 0 ok, 1 data does not conform (validate), 2 error.
"""

from __future__ import annotations

import signal
import sys

import click

from kg.cli.output import KgCommand, reset_verbosity, verbosity_options
from kg.errors import KgError


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # so that writes in progress remove their temporary files


class KgGroup(click.Group):
    command_class = KgCommand  # every command gets -q/--quiet and -v/--verbose

    def invoke(self, ctx):
        reset_verbosity()  # each run starts at the normal level (tests invoke many in one process)
        signal.signal(signal.SIGTERM, _terminate)
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)


class KgSubGroup(KgGroup):
    """A group of commands under ``kg`` (kg themes …): -q/-v here too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params += verbosity_options()


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kaigi-kg")
def main():
    """kaigi-kg: Japanese government meeting summaries as an RDF knowledge graph.

    \b
    Example:
        kg build && kg query initiatives && kg serve
    """


# The commands register themselves on ``main`` when their modules are imported.
from kg.cli import building, fetching, people, publishing, querying, theming  # noqa: E402,F401
