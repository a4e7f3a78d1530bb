"""Every command explains itself: --help (and -h) with an example line that runs kg."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main


def _commands(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path", [(), *_commands(main)], ids=lambda p: " ".join(p) or "kg")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_has_an_example(path, flag):
    r = CliRunner().invoke(main, [*path, flag])
    assert r.exit_code == 0, r.output
    assert "Example" in r.output, f"kg {' '.join(path)} --help has no example"
    example = r.output[r.output.index("Example"):]
    assert "kg " + (path[0] if path else "") in example
