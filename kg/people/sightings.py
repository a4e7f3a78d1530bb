"""One summary's people as identity needs them (``Roster``): each attendee with a full or
family name, the parts of its person IRI, its body, council, posts and affiliations, and the
span and words of the attendee list that name it (the evidence of a link).

A roster is made once per summary, when it is parsed, and kept with the parsed entry; the
corpus step then needs no summary's text again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Attendee, Minutes, Span
from kg.parse.names import split_person_name
from kg.rdf.mapping import attendee_key
from kg.read.normalize import nfkc

_ITEM_END = re.compile(r"[、,\n]")


@dataclass(frozen=True)
class Sighting:
    """One attendee of one meeting."""

    name: str  # as shown (the person node's label)
    parts: tuple[str, ...]  # of its person IRI: (council, name) or (body, unit, name)
    full: bool  # a family and a given name: only full names pair across councils
    member: bool  # a member of the council, else an official of a body
    body: str  # the prefecture, city or ministry: the council's or the official's
    council: str
    posts: tuple[tuple[str, tuple[str, ...]], ...]  # (role, org path); () org path: the council itself
    affiliations: tuple[str, ...]  # where a member comes from: 千葉大学 (the top of each affiliation)
    span: Span
    line: int
    words: str  # the attendee list's words for it: 森本 和子委員（会長）（みなと大学教授）

    @property
    def key(self) -> str:
        """What the researcher writes in people.toml: the IRI's parts joined by /."""
        return "/".join(self.parts)

    @property
    def normalized(self) -> str:
        return "".join(nfkc(self.name).split())

    @property
    def unit(self) -> str | None:
        return self.parts[1] if len(self.parts) == 3 else None


@dataclass(frozen=True)
class Roster:
    """The people of one summary, and where and when it sits."""

    path: str
    date: str | None  # ISO date of the meeting
    sightings: tuple[Sighting, ...]


def _full(a: Attendee, name: str) -> bool:
    if a.family:
        return len("".join(name.split())) > len(a.family)
    split = split_person_name(" ".join(name.split()) if len(name.split()) == 2 else "".join(name.split()))
    return bool(split and split[1])


def _affiliations(a: Attendee) -> tuple[str, ...]:
    tops = [p.org_path[0] for p in a.affiliations if p.org_path]
    if not tops and a.affiliation:
        tops = [a.affiliation]
    return tuple(sorted({"".join(nfkc(t).split()) for t in tops}))


def roster_of(minutes: Minutes) -> Roster:
    text = minutes.source.text
    out = []
    for a in minutes.attendees:
        if not a.name:  # a post alone (知事): nobody to pair
            continue
        name, parts = attendee_key(minutes, a)
        org_path = next((p.org_path for p in a.posts if p.org_path), ())
        official = bool(org_path) and not a.is_member  # as attendee_key decides
        end = _ITEM_END.search(text, a.span.end)
        stop = min(end.start() if end else len(text), a.span.end + 40)
        begin = max(text.rfind(c, 0, a.span.start) for c in "、,\n") + 1
        begin = max(begin, a.span.start - 30)
        out.append(Sighting(
            name=name, parts=parts, full=_full(a, name), member=not official,
            body=org_path[0] if official else (minutes.body or minutes.series),
            council=minutes.series, posts=tuple((p.role, p.org_path) for p in a.posts),
            affiliations=_affiliations(a), span=a.span, line=minutes.source.line_of(a.span.start),
            words=" ".join(text[begin:stop].split())))
    return Roster(str(minutes.source.path), minutes.date.isoformat() if minutes.date else None, tuple(out))
