"""A Diet record (``SourceText.record``, read by kg/read/kokkai.py) into ``Minutes``: the turns,
speakers and statements come from the API's fields, not from the text's speaker marks.

Each speaker is one attendee, whose posts (the positions and roles the record gives) are held
in the Diet (国会): the graph then makes one person per name across every Diet meeting, as the
API names a member the same way in every record. The speaker's group (会派) is an affiliation.
"""

from __future__ import annotations

import re

from kg.model import Attendee, Minutes, Post, Span, Speaker, Statement, Turn
from kg.parse import dates
from kg.parse.body import bound_statements
from kg.parse.names import split_person_name
from kg.read.source import SourceText

DIET = "国会"
GROUP_ROLE = "会派所属"  # the membership of a speaker in a parliamentary group
MEMBER_ROLE = "議員"  # a speaker with a group and no position: a member of the Diet
SPEAKER_ROLE = "発言者"  # a speaker the record gives no group, position or role
_PARAGRAPH = re.compile(r"[^\n]+")
_PAD = "\u3000 \t"


def parse_record(source: SourceText) -> Minutes:
    record = source.record
    assert record is not None, "parse_record takes a Diet record"
    people: dict[str, int] = {}
    attendees: list[Attendee] = []
    turns: list[Turn] = []
    statements: list[Statement] = []
    for speech in record.speeches:
        posts = tuple(Post(p, (DIET,)) for p in dict.fromkeys(x for x in (speech.position, speech.role) if x))
        if speech.speaker not in people:
            people[speech.speaker] = len(attendees)
            split = split_person_name(speech.speaker)
            attendees.append(Attendee(
                name=speech.speaker, posts=posts or (Post(MEMBER_ROLE if speech.group else SPEAKER_ROLE, (DIET,)),), group=DIET,
                span=Span(speech.start, speech.mark_end), affiliation=speech.group,
                affiliations=(Post(GROUP_ROLE, (speech.group,)),) if speech.group else (),
                family=split[0] if split and split[1] else None))
        else:  # a second position in the same meeting (委員 acting as 委員長): one more post
            i = people[speech.speaker]
            more = tuple(p for p in posts if p not in attendees[i].posts)
            if more:
                a = attendees[i]
                attendees[i] = Attendee(a.name, a.posts + more, a.group, a.span, a.affiliation, a.affiliations,
                                        a.family)
        mark = source.text[speech.start:speech.mark_end].lstrip("○").strip(_PAD)
        label = mark or speech.speaker + (speech.position or speech.role or "")
        turn = len(turns) + 1
        turns.append(Turn(turn, Speaker(label=label, name=speech.speaker, role=speech.position or speech.role,
                                        attendee=people[speech.speaker]),
                          Span(speech.start, speech.mark_end), url=speech.url))
        for m in _PARAGRAPH.finditer(source.text, speech.mark_end, speech.end):
            start, end = m.start() + len(m.group()) - len(m.group().lstrip(_PAD)), m.end()
            end -= len(m.group()) - len(m.group().rstrip(_PAD))
            if end > start:
                statements.append(Statement(len(statements) + 1, source.text[start:end], Span(start, end), turn, None))
    bounded, cut = bound_statements(statements, source.text, source.line_of)
    return Minutes(source=source, title=record.title, series=record.council,
                   fiscal_year=dates.fiscal_year_of(record.date), start=record.date, end=None, place=None,
                   attendees=tuple(attendees), turns=tuple(turns), statements=tuple(bounded), doubts=tuple(cut), body=DIET)
