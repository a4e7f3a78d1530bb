"""Identity across councils: the scored pairs (match.py) and the researcher's decisions
(decisions.py) give, for each pair, whether the two person nodes are one person.

A pair at or above the threshold, or decided ``same``, is a link (owl:sameAs in the graph);
below it, a candidate shown as a doubt; decided ``different``, never linked. A decision on a
pair the scoring did not form (a family name alone) still stands: the researcher knows more."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.errors import InputError
from kg.people.decisions import Decision
from kg.people.match import Person, people_of, rules, score
from kg.people.match import pairs as scored_pairs
from kg.people.sightings import Roster

SAME, CANDIDATE, DIFFERENT = "same", "candidate", "different"


@dataclass(frozen=True)
class Link:
    a: Person
    b: Person
    score: float
    reasons: tuple[str, ...]
    status: str  # same, candidate, different
    decision: Decision | None = None  # the researcher's, when there is one

    @property
    def label(self) -> str:
        return "、".join(rules().reasons[r] for r in self.reasons)


@dataclass(frozen=True)
class Identity:
    people: dict[str, Person]
    links: tuple[Link, ...]

    @property
    def same(self) -> list[Link]:
        return [x for x in self.links if x.status == SAME]

    @property
    def doubts(self) -> list[Link]:
        """Candidates below the threshold, but not far below it, that nobody has decided."""
        return [x for x in self.links if x.status == CANDIDATE and x.score >= rules().doubt]


def resolve(rosters: Sequence[Roster], decisions: dict[tuple[str, str], Decision] | None = None) -> Identity:
    decisions = decisions or {}
    people = people_of(rosters)
    for decided_pair, d in decisions.items():
        missing = next((k for k in decided_pair if k not in people), None)
        if missing:
            raise InputError(f"no person {missing} in these summaries (`kg people` lists the keys)", path=d.path)
    found = {(p.a, p.b): p for p in scored_pairs(people)}
    links = []
    threshold = rules().threshold
    for pair in sorted({*found, *decisions}):
        first, second = people[pair[0]], people[pair[1]]
        scored = found.get(pair)
        value, why = (scored.score, scored.reasons) if scored else score(first, second)
        decided = decisions.get(pair)
        status = (SAME if decided.same else DIFFERENT) if decided else SAME if value >= threshold else CANDIDATE
        links.append(Link(first, second, value, why, status, decided))
    return Identity(people, tuple(links))
