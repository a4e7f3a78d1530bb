"""The councils file (data/councils.toml): canonical names, the other names a council went by,
and the body it belongs to. Looked up by any name, after NFKC and with spaces removed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.read.normalize import nfkc
from kg.resources import data_file, read_toml

DEFAULT_COUNCILS = data_file("councils.toml")


@dataclass(frozen=True)
class Council:
    name: str
    body: str | None = None
    other: tuple[tuple[str, str | None], ...] = ()  # (name, when it was used)


def _key(name: str) -> str:
    return "".join(nfkc(name).split())


class Councils:
    def __init__(self, councils: list[Council]):
        self.by_name: dict[str, Council] = {}
        for c in councils:
            for name in (c.name, *(n for n, _ in c.other)):
                self.by_name[_key(name)] = c

    def find(self, name: str) -> Council | None:
        return self.by_name.get(_key(name)) if name else None


def load_councils(path: str | Path | None = DEFAULT_COUNCILS) -> Councils:
    if path is None:
        return Councils([])
    path = Path(path)
    data = read_toml(path, "councils")
    out = []
    for n, entry in enumerate(data.get("council", []), start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"[[council]] number {n} has no name", path=path)
        other = []
        for o in entry.get("other", []):
            if not isinstance(o, dict) or not isinstance(o.get("name"), str):
                raise InputError(f"[[council]] {name}: each 'other' entry needs a name", path=path)
            other.append((o["name"], str(o["used"]) if o.get("used") is not None else None))
        out.append(Council(name.strip(), entry.get("body"), tuple(other)))
    return Councils(out)
