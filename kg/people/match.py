"""Which people of different councils or units are one person: pairs of person nodes with the
same full name, of one body or sharing an affiliation, scored by the rules of rules.toml (same
body, shared affiliation, a transfer between units), never two people seen at one meeting.

A person node is what the per-summary step minted (a member by council and name, an official
by body, unit and name); this step never changes those nodes, it only says which are one."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from kg.people.sightings import Roster, Sighting

RULES_FILE = Path(__file__).with_name("rules.toml")


@dataclass(frozen=True)
class Rules:
    threshold: float
    doubt: float
    weights: dict[str, float]
    reasons: dict[str, str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    weights = {k: float(v) for k, v in data["weights"].items()}
    return Rules(float(data["threshold"]), float(data["doubt"]), weights, data["reasons"])


@dataclass
class Person:
    """A person node and every sighting of it: (meeting number, date, sighting)."""

    key: str
    seen: list[tuple[int, str | None, Sighting]] = field(default_factory=list)

    @property
    def first(self) -> Sighting:
        return self.seen[0][2]

    # Asked once per pair a person is in: kept once the sightings are all in (people_of).
    @cached_property
    def meetings(self) -> set[int]:
        return {n for n, _, _ in self.seen}

    @cached_property
    def dates(self) -> list[str]:
        return sorted(d for _, d, _ in self.seen if d)

    @cached_property
    def affiliations(self) -> set[str]:
        return {a for _, _, s in self.seen for a in s.affiliations}


@dataclass(frozen=True)
class Pair:
    a: str  # person keys, a < b
    b: str
    score: float
    reasons: tuple[str, ...]  # rules.toml's weight names that applied


def people_of(rosters: Iterable[Roster]) -> dict[str, Person]:
    """Person nodes by key, each with its sightings in corpus order."""
    out: dict[str, Person] = {}
    for n, roster in enumerate(rosters):
        for s in roster.sightings:
            out.setdefault(s.key, Person(s.key)).seen.append((n, roster.date, s))
    return out


def _apart(a: Person, b: Person) -> bool:
    """One's dates all before the other's: a transfer, never two posts at once."""
    da, db = a.dates, b.dates
    return bool(da and db) and (da[-1] < db[0] or db[-1] < da[0])


def score(a: Person, b: Person) -> tuple[float, tuple[str, ...]]:
    r = rules()
    sa, sb = a.first, b.first
    why = ["name"]
    why.append("same_body" if sa.body == sb.body else "other_body")
    aff_a, aff_b = a.affiliations, b.affiliations
    if aff_a & aff_b:
        why.append("shared_affiliation")
    elif aff_a and aff_b:
        why.append("other_affiliation")
    if not sa.member and not sb.member and sa.body == sb.body and sa.unit != sb.unit and _apart(a, b):
        why.append("moved_post")
    return round(sum(r.weights[w] for w in why), 3), tuple(why)


def _worth_scoring(a: Person, b: Person) -> bool:
    """Of one body, or sharing an affiliation: a pair of two bodies with nothing else in common
    scores below any doubt, and at the scale of a country's councils common full names would
    make such pairs by the million."""
    return a.first.body == b.first.body or bool(a.affiliations & b.affiliations)


def pairs(people: dict[str, Person]) -> list[Pair]:
    """Every pair of person nodes with one full name, of one body or sharing an affiliation,
    and no meeting in common, scored; sorted."""
    by_name: dict[str, list[Person]] = defaultdict(list)
    for p in people.values():
        if p.first.full:  # a family name alone never pairs
            by_name[p.first.normalized].append(p)
    out = []
    for group in by_name.values():
        group.sort(key=lambda p: p.key)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.meetings & b.meetings or not _worth_scoring(a, b):  # both at one meeting: two people
                    continue
                value, why = score(a, b)
                out.append(Pair(a.key, b.key, value, why))
    return sorted(out, key=lambda p: (p.a, p.b))
