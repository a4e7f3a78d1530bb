"""People named inside statements: attendees and named speakers of the same meeting, written
as family name + a role or post (庄司座長, 木村局長, 佐久間座長さん) or as the full name. Each find is
a mention with its offsets, like initiatives and themes. A family name alone is not enough:
山口 is also a prefecture, 勝 a verb."""

from __future__ import annotations

import re

from kg.model import Mention, Minutes
from kg.parse.rules import rules
from kg.read.normalize import normalize

_HONORIFICS = ("様", "氏", "さん", "先生", "君")


def _forms(minutes: Minutes) -> list[tuple[str, str]]:
    """(written form, key) of each person: key 'attendee:N' or 'speaker:NAME'."""
    posts = "|".join(map(re.escape, (*rules().all_posts, *_HONORIFICS)))
    out: list[tuple[str, str]] = []
    people = [(f"attendee:{i}", a.name, a.family) for i, a in enumerate(minutes.attendees) if a.name]
    people += [(f"speaker:{t.speaker.name}", t.speaker.name, None) for t in minutes.turns
               if t.speaker.name and t.speaker.attendee is None]
    for key, name, family in people:
        full = "".join(name.split())
        family = family or (name.split()[0] if len(name.split()) > 1 else name)
        if len(full) > len(family):
            out.append((re.escape(full), key))
        out.append((re.escape(family) + f"(?:{posts})", key))
    return out


def person_mentions(minutes: Minutes) -> list[Mention]:
    forms = _forms(minutes)
    if not forms:
        return []
    pattern = re.compile("|".join(f"(?P<p{i}>{form})" for i, (form, _) in enumerate(forms)))
    keys = {f"p{i}": key for i, (_, key) in enumerate(forms)}
    out = []
    for s in minutes.statements:
        norm = normalize(s.text)
        for m in pattern.finditer(norm.text):
            start, end = norm.original_span(m.start(), m.end())
            out.append(Mention(s.position, start, end, s.text[start:end], "person", keys[m.lastgroup]))
    return out
