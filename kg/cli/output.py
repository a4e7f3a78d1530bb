"""Where the CLI's words go: data to stdout, status and progress to stderr. Every command takes
-q/--quiet (no status lines) and -v/--verbose (more detail), added by KgCommand."""

from __future__ import annotations

import click

_level = {"value": 1}  # 0 quiet, 1 normal, 2 verbose


def reset_verbosity() -> None:
    _level["value"] = 1


def verbosity() -> int:
    return _level["value"]


def status(message: str) -> None:
    """A status line ("Wrote …"): stderr, unless --quiet."""
    if _level["value"] >= 1:
        click.echo(message, err=True)


def detail(message: str) -> None:
    """Detail for --verbose only."""
    if _level["value"] >= 2:
        click.echo(message, err=True)


def _set(ctx, param, value):
    if value:
        _level["value"] = 0 if param.name == "quiet" else 2
    return value


def verbosity_options() -> list[click.Option]:
    return [
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_set, is_eager=True,
                     help="No status lines on stderr (data only)."),
        click.Option(["-v", "--verbose"], is_flag=True, expose_value=False, callback=_set, is_eager=True,
                     help="More detail on stderr."),
    ]


class KgCommand(click.Command):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params += verbosity_options()
