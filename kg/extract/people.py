"""People named inside statements.

First the attendees and named speakers of the same meeting, written as family name + a role or
post (庄司座長, 木村局長, 佐久間座長さん) or as the full name. Then other people the morphological
analyser finds: a family name (人名,姓), perhaps a given name, and right after it a title or an
honorific (京都大学の西川教授, 鈴木一郎氏). A family name alone is never enough: 山口 is also a
prefecture, 勝 a verb. Each find is a mention with its offsets, like initiatives and themes; the
people found the second way are not curated (``kg entities --uncurated`` lists them)."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.model import Mention, Minutes
from kg.parse.names import tokens
from kg.parse.rules import rules
from kg.read.normalize import normalize

_HONORIFICS = ("様", "氏", "さん", "先生", "君")


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    return tuple(sorted({*rules().all_posts, *_HONORIFICS}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _titled_run() -> re.Pattern:
    """A run of kanji right before a title: the analyser reads only such runs, not whole texts."""
    return re.compile(r"([\u3400-\u9fff々〆ヶ]{1,8})(" + "|".join(map(re.escape, _titles())) + ")")


def _forms(minutes: Minutes) -> list[tuple[str, str]]:
    """(written form, key) of each person: key 'attendee:N' or 'speaker:NAME'."""
    posts = "|".join(map(re.escape, _titles()))
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


def _others(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, name) of people the analyser finds in normalized text, outside ``taken``:
    the run before a title ends in a family name, or a family and a given name."""
    out = []
    for m in _titled_run().finditer(text):
        toks = tokens(m.group(1))
        kinds = [pos[2:4] for _, pos in toks]
        n = 2 if kinds[-2:] == [("人名", "姓"), ("人名", "名")] else 1 if kinds[-1] == ("人名", "姓") else 0
        if not n:
            continue
        name = "".join(surface for surface, _ in toks[-n:])
        start = m.end(1) - len(name)
        if all(m.end() <= s or start >= e for s, e in taken):
            out.append((start, m.end(), name))
    return out


def person_mentions(minutes: Minutes) -> list[Mention]:
    forms = _forms(minutes)
    pattern = re.compile("|".join(f"(?P<p{i}>{form})" for i, (form, _) in enumerate(forms))) if forms else None
    keys = {f"p{i}": key for i, (_, key) in enumerate(forms)}
    out = []
    for s in minutes.statements:
        norm = normalize(s.text)
        found = [(m.start(), m.end(), keys[m.lastgroup]) for m in pattern.finditer(norm.text)] if pattern else []
        found += [(a, b, f"other:{name}") for a, b, name in _others(norm.text, [(a, b) for a, b, _ in found])]
        for a, b, key in found:
            start, end = norm.original_span(a, b)
            out.append(Mention(s.position, start, end, s.text[start:end], "person", key))
    return out


def person_name(minutes: Minutes, key: str) -> str:
    """The name a person mention's key stands for, without spaces."""
    kind, _, ref = key.partition(":")
    name = minutes.attendees[int(ref)].name if kind == "attendee" else ref
    return "".join((name or "").split())
