"""Counts kept at build time, so that whole-corpus aggregates answer at once at any size.

A ``kgo:Tally`` says how many statements have a combination: a meeting and a theme (in the
meeting's own graph), a speaker and a theme, two themes together (in the corpus's tallies
graph, summed over the documents' partial counts). The named queries person-theme-matrix,
theme-cooccurrence and themes-over-time read them instead of grouping every statement; they
give the same rows (tests compare both ways).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg.rdf.iri import Minter
from kg.rdf.namespaces import KGO


@dataclass
class Tallies:
    """Partial counts of one document (or sums over many): IRIs as strings."""

    speaker_theme: Counter = field(default_factory=Counter)  # (speaker, theme) → statements
    theme_pairs: Counter = field(default_factory=Counter)  # (theme, theme) with str(a) < str(b)
    meeting_theme: Counter = field(default_factory=Counter)  # (meeting, theme) → statements

    def __iadd__(self, other: "Tallies") -> "Tallies":
        self.speaker_theme.update(other.speaker_theme)
        self.theme_pairs.update(other.theme_pairs)
        return self  # meeting tallies stay in their documents

    def __isub__(self, other: "Tallies") -> "Tallies":
        for mine, theirs in ((self.speaker_theme, other.speaker_theme), (self.theme_pairs, other.theme_pairs)):
            mine.subtract(theirs)
            for k in [k for k, n in mine.items() if n <= 0]:
                del mine[k]
        return self

    def to_json(self) -> dict:
        return {"speaker_theme": sorted([*k, n] for k, n in self.speaker_theme.items()),
                "theme_pairs": sorted([*k, n] for k, n in self.theme_pairs.items())}

    @classmethod
    def from_json(cls, data: dict) -> "Tallies":
        return cls(Counter({(a, b): n for a, b, n in data["speaker_theme"]}),
                   Counter({(a, b): n for a, b, n in data["theme_pairs"]}))


def count(triples) -> Tallies:
    """The tallies of one document's triples."""
    speaker, meeting, subjects = {}, {}, {}
    wanted = {DCTERMS.subject: subjects, KGO.speaker: speaker, KGO.meeting: meeting}
    for s, p, o in triples:
        into = wanted.get(p)  # a dict lookup: URIRef == is a Python call, a million a corpus
        if into is subjects:
            subjects.setdefault(s, set()).add(str(o))
        elif into is not None:
            into[s] = str(o)
    t = Tallies()
    for s, themes in subjects.items():
        ordered = sorted(themes)
        for theme in ordered:
            if s in speaker:
                t.speaker_theme[(speaker[s], theme)] += 1
            if s in meeting:
                t.meeting_theme[(meeting[s], theme)] += 1
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                t.theme_pairs[(a, b)] += 1
    return t


class _Terms:
    """The terms every tally uses, made once (a corpus has tens of thousands of tallies)."""

    def __init__(self):
        self.type, self.cls, self.label, self.count = RDF.type, KGO.Tally, RDFS.label, KGO.tallyCount
        self.links = {p: KGO[p] for p in ("tallyMeeting", "tallySpeaker", "tallyTheme", "tallyOtherTheme")}
        self.labels: dict[str, Literal] = {}

    def tally(self, node: URIRef, n: int, label: str, links: dict[str, str]) -> list[tuple]:
        text = self.labels.get(label) or self.labels.setdefault(label, Literal(label, lang="ja"))
        out = [(node, self.type, self.cls), (node, self.label, text),
               (node, self.count, Literal(n, datatype=XSD.integer))]
        out += [(node, self.links[p], URIRef(target)) for p, target in links.items()]
        return out


def _short(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def meeting_triples(t: Tallies) -> set[tuple]:
    """Meeting × theme tallies, for the meeting's own graph."""
    terms, out = _Terms(), set()
    for (meeting, theme), n in t.meeting_theme.items():
        node = Minter.child(URIRef(meeting), "tally", theme.rsplit("/", 1)[-1])
        out.update(terms.tally(node, n, "会議×テーマの発言数", {"tallyMeeting": meeting, "tallyTheme": theme}))
    return out


def corpus_triples(t: Tallies, minter: Minter) -> set[tuple]:
    """Speaker × theme and theme × theme tallies of the whole corpus."""
    terms, out = _Terms(), set()
    pair_base, theme_base = (str(minter.iri("tally", kind)) + "/" for kind in ("speaker-theme", "theme-pair"))
    for (speaker, theme), n in t.speaker_theme.items():
        node = URIRef(pair_base + _short(speaker, theme))  # hex digits: nothing to escape
        out.update(terms.tally(node, n, "発言者×テーマの発言数", {"tallySpeaker": speaker, "tallyTheme": theme}))
    for (a, b), n in t.theme_pairs.items():
        node = URIRef(theme_base + _short(a, b))
        out.update(terms.tally(node, n, "テーマの組の発言数", {"tallyTheme": a, "tallyOtherTheme": b}))
    return out


def tallies_graph(minter: Minter) -> URIRef:
    return minter.iri("tally")
