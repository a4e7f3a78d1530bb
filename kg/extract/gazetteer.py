"""The curated gazetteer (``data/gazetteer.toml``): initiatives and organizations by name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kg.errors import InputError
from kg.model import Entity
from kg.read.normalize import nfkc
from kg.resources import data_file, read_toml

DEFAULT_GAZETTEER = data_file("gazetteer.toml")
KINDS = ("initiative", "organization")


@dataclass(frozen=True)
class Gazetteer:
    entities: tuple[Entity, ...]

    @cached_property
    def _by_key(self) -> dict[str, Entity]:
        return {e.key: e for e in self.entities}

    def by_key(self) -> dict[str, Entity]:
        return dict(self._by_key)

    def names(self) -> list[tuple[str, Entity]]:
        """Every (NFKC name or alias, entity), longest first so longer names win."""
        pairs = {(nfkc(n), e.key): e for e in self.entities for n in (e.ja, *e.aliases)}
        return sorted(((n, e) for (n, _), e in pairs.items()), key=lambda p: (-len(p[0]), p[0]))

    def org_path(self, name: str) -> tuple[str, ...]:
        """The chain of bodies above an organization, top first: 千葉県 … デジタル推進課."""
        by_key = self._by_key
        path, seen = [name], {name}
        while (e := by_key.get(nfkc(path[0]))) and e.parent and e.parent not in seen:
            path.insert(0, e.parent)
            seen.add(e.parent)
        return tuple(path)


def load_gazetteer(path: str | Path = DEFAULT_GAZETTEER, theme_keys: set[str] | None = None,
                   strict_themes: bool = True) -> Gazetteer:
    """``theme_keys``: the themes of the scheme in use. A theme the scheme lacks is an error in
    a researcher's gazetteer; with ``strict_themes`` off (the bundled gazetteer beside a scheme
    of the researcher's own) the link is dropped instead."""
    path = Path(path)
    data = read_toml(path, "gazetteer")
    entities, seen = [], set()
    for i, row in enumerate(data.get("entity", []), start=1):
        where = f"[[entity]] number {i}"
        if not isinstance(row.get("ja"), str) or not row["ja"].strip():
            raise InputError(f"{where} has no ja name", path=path)
        if row.get("type") not in KINDS:
            raise InputError(f"{where} ({row['ja']}): type must be one of {', '.join(KINDS)}", path=path)
        unknown = set(row.get("themes", ())) - theme_keys if theme_keys is not None else set()
        themes = tuple(t for t in row.get("themes", ()) if t not in unknown)
        if unknown and strict_themes:
            raise InputError(f"{where} ({row['ja']}): unknown theme {', '.join(sorted(unknown))}", path=path)
        key = nfkc(row["ja"])
        if key in seen:
            raise InputError(f"{where}: {row['ja']} is listed twice", path=path)
        seen.add(key)
        entities.append(Entity(
            key=key, kind=row["type"], ja=row["ja"], en=row.get("en"),
            aliases=tuple(row.get("aliases", ())), parent=row.get("parent"),
            operator=row.get("operator"), same_as=tuple(row.get("same_as", ())),
            note=row.get("note"), themes=themes))
    return Gazetteer(tuple(entities))
