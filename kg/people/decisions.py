"""The researcher's decisions on who is who: ``people.toml`` beside the summaries (in a folder
given to ``kg build``, ``kg check`` or ``kg people``), honoured by the next build and recorded
in the graph as the researcher's, as sources.csv corrects what the parser reads.

    [[same]]        # one person, whatever the score says
    a = "みなと県環境審議会/田中美咲"
    b = "みなと県子ども・子育て会議/田中美咲"
    note = "名簿の所属で確認"

    [[different]]   # two people, whatever the score says
    a = "…"
    b = "…"

``a`` and ``b`` are person keys as ``kg people`` prints them (the person IRI after person/).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.resources import read_toml

FILE_NAME = "people.toml"
KINDS = ("same", "different")


@dataclass(frozen=True)
class Decision:
    a: str  # a < b
    b: str
    same: bool
    note: str | None
    path: str  # the file it came from


def decisions_in(folders: Iterable[Path]) -> dict[tuple[str, str], Decision]:
    """The decisions of the people.toml files in ``folders`` by pair; a pair decided twice in
    different ways, an unknown table or a missing key is an error naming the file."""
    out: dict[tuple[str, str], Decision] = {}
    for folder in sorted(set(folders)):
        path = folder / FILE_NAME
        if not path.is_file():
            continue
        data = read_toml(path, "people decisions")
        unknown = sorted(set(data) - set(KINDS))
        if unknown:
            raise InputError(f"unknown table [{unknown[0]}]: people.toml holds [[same]] and [[different]]", path=path)
        for kind in KINDS:
            entries = data.get(kind, [])
            if not isinstance(entries, list):
                raise InputError(f"{kind} must be a list of tables ([[{kind}]])", path=path)
            for n, entry in enumerate(entries, start=1):
                a, b = (entry.get(x) if isinstance(entry, dict) else None for x in ("a", "b"))
                if not isinstance(a, str) or not isinstance(b, str) or not a.strip() or not b.strip() or a == b:
                    raise InputError(f"[[{kind}]] number {n}: give two different person keys as a and b", path=path)
                note = entry.get("note")
                pair = (min(a.strip(), b.strip()), max(a.strip(), b.strip()))
                d = Decision(*pair, kind == "same", str(note) if note is not None else None, str(path))
                if pair in out and out[pair].same != d.same:
                    raise InputError(f"{pair[0]} and {pair[1]} are decided both same and different", path=path)
                out[pair] = d
    return out
