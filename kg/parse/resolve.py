"""Link each turn's speaker to the attendee it names: by the name as written, then by family
name (山田委員 is 山田 太郎). A role alone (`委員長`) stays the role as written: its holder is
not guessed, since a deputy may chair. What stays unlinked is returned for a doubt; the RDF
builder takes the links as they are."""

from __future__ import annotations

from dataclasses import replace

from kg.model import Attendee, Turn
from kg.parse.names import split_person_name
from kg.parse.rules import rules


def _family(a: Attendee) -> str | None:
    if a.family:
        return a.family
    if a.name and len(a.name.split()) > 1:
        return a.name.split()[0]
    split = split_person_name(a.name) if a.name else None  # 岩田光男 → 岩田
    return split[0] if split and split[1] else a.name


def _post_holder(attendees, sp) -> int | None:
    """A nameless attendee holding the speaker's post in the speaker's unit: くらし環境部長 in the
    list is (佐々木くらし環境部長) in the discussion."""
    hits = [i for i, a in enumerate(attendees) if not a.name and any(
        p.role == sp.role and p.org_path and (sp.unit is None or p.org_path[-1] == sp.unit) for p in a.posts)]
    return hits[0] if len(hits) == 1 else None


def resolve_speakers(attendees: tuple[Attendee, ...], turns: list[Turn]
                     ) -> tuple[tuple[Attendee, ...], list[Turn], list[Turn]]:
    """(attendees, named where only a post was listed and a speaker names its holder; turns
    with ``speaker.attendee`` set where the list names them; turns whose named speaker is not
    in the list)."""
    found_people = list(attendees)
    members = set(rules().member_roles)
    by_name: dict[str, list[int]] = {}
    by_family: dict[str, list[int]] = {}
    for i, a in enumerate(found_people):
        if a.name:
            by_name.setdefault("".join(a.name.split()), []).append(i)
        if fam := _family(a):
            by_family.setdefault(fam, []).append(i)
    out, unmatched = [], []
    for turn in turns:
        sp = turn.speaker
        found = None
        if sp.is_secretariat:
            pass
        elif sp.name:
            key = "".join(sp.name.split())
            wants_member = sp.role in members
            for table in (by_name, by_family):
                hits = sorted(set(table.get(key, [])), key=lambda i: (found_people[i].is_member != wants_member, i))
                if hits:
                    same_kind = [i for i in hits if found_people[i].is_member == wants_member]
                    pick = same_kind or hits
                    found = pick[0] if len(pick) == 1 or table is by_name else None
                    break
            if found is None and (found := _post_holder(found_people, sp)) is not None:
                found_people[found] = replace(found_people[found], name=sp.name, family=sp.name)
                by_name.setdefault(key, []).append(found)
            if found is None:
                unmatched.append(turn)
        out.append(replace(turn, speaker=replace(sp, attendee=found)) if found is not None else turn)
    return tuple(found_people), out, unmatched
