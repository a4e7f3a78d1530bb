"""People named inside statements.

First the attendees and named speakers of the same meeting, written as family name + a role or
post (庄司座長, 木村局長, 佐久間座長さん) or as the full name. Then other people the morphological
analyser finds: a family name (人名,姓), perhaps a given name, and right after it a title or an
honorific (京都大学の西川教授, 鈴木一郎氏). A family name alone is never enough: 山口 is also a
prefecture, 勝 a verb. Each find is a mention with its offsets, like initiatives and themes; the
people found the second way are not curated (``kg entities --uncurated`` lists them)."""

from __future__ import annotations

import bisect
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


@lru_cache(maxsize=1)
def _title_after() -> re.Pattern:
    return re.compile("|".join(map(re.escape, _titles())))


def _forms(minutes: Minutes) -> dict[str, tuple[str, bool]]:
    """Written form → (key, needs a title after it): the full name alone, the family name only
    with a post or honorific after it. Key 'attendee:N' or 'speaker:NAME'."""
    out: dict[str, tuple[str, bool]] = {}
    people = [(f"attendee:{i}", a.name, a.family) for i, a in enumerate(minutes.attendees) if a.name]
    people += [(f"speaker:{t.speaker.name}", t.speaker.name, None) for t in minutes.turns
               if t.speaker.name and t.speaker.attendee is None]
    for key, name, family in people:
        full = "".join(name.split())
        family = family or (name.split()[0] if len(name.split()) > 1 else name)
        if len(full) > len(family):
            out.setdefault(full, (key, False))
        out.setdefault(family, (key, True))
    return out


def _known(text: str, forms: dict[str, tuple[str, bool]], names: re.Pattern) -> list[tuple[int, int, str]]:
    """(start, end, key) of attendees and speakers in normalized text, leftmost first."""
    out, at = [], 0
    while m := names.search(text, at):
        key, titled = forms[m.group()]
        end = m.end()
        if titled:
            title = _title_after().match(text, end)
            end = title.end() if title else -1
        if end < 0:
            at = m.start() + 1
            continue
        out.append((m.start(), end, key))
        at = end
    return out


def _others(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, name) of people the analyser finds in normalized text, outside ``taken``:
    the run before a title ends in a family name, or a family and a given name. ``taken`` is
    leftmost first and without overlaps (``_known``): a span is looked up by bisection, so a
    statement of a name repeated thousands of times stays linear (it was quadratic: 80,000
    characters of one attendee line took 140 s)."""
    ends = [e for _, e in taken]
    out = []
    for m in _titled_run().finditer(text):
        toks = tokens(m.group(1))
        kinds = [pos[2:4] for _, pos in toks]
        n = 2 if kinds[-2:] == [("人名", "姓"), ("人名", "名")] else 1 if kinds[-1] == ("人名", "姓") else 0
        if not n:
            continue
        name = "".join(surface for surface, _ in toks[-n:])
        start = m.end(1) - len(name)
        i = bisect.bisect_right(ends, start)  # the first taken span that ends after ``start``
        if i == len(taken) or taken[i][0] >= m.end():
            out.append((start, m.end(), name))
    return out


def person_mentions(minutes: Minutes) -> list[Mention]:
    forms = _forms(minutes)
    names = re.compile("|".join(map(re.escape, sorted(forms, key=lambda f: (-len(f), f))))) if forms else None
    out = []
    for s in minutes.statements:
        norm = normalize(s.text)
        found = _known(norm.text, forms, names) if names else []
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
