"""Files that travel inside the installed package.

The ontology (``ontology/``) and the curated reference data (``data/*.toml``) are top-level
folders of the checkout, where people look for them; pyproject.toml maps them into the package
as ``kg.ontology`` and ``kg.data``, so one ``importlib.resources`` lookup finds them both in a
checkout and in an installed wheel.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

from kg.errors import InputError


def ontology_file(name: str) -> Path:
    """A file of ``ontology/``: kgo.ttl, shapes.ttl, themes.ttl, context.jsonld …"""
    return Path(str(files("kg.ontology").joinpath(name)))


def data_file(name: str) -> Path:
    """A curated reference file of ``data/``: gazetteer.toml, councils.toml."""
    return Path(str(files("kg.data").joinpath(name)))


def read_toml(path: str | Path, what: str) -> dict:
    """A curated TOML file (gazetteer, councils), or a clear error naming it."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no such {what} file", path=path) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a valid TOML {what} file: {exc}", path=path) from None
