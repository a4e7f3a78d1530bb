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
from kg.rdf.records import record_text


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


def _corpus_entries(t: Tallies, minter: Minter):
    """(tally IRI, label, count, links) of every speaker × theme and theme × theme tally."""
    pair_base, theme_base = (str(minter.iri("tally", kind)) + "/" for kind in ("speaker-theme", "theme-pair"))
    for (speaker, theme), n in t.speaker_theme.items():
        # hex digits: nothing to escape
        yield pair_base + _short(speaker, theme), "発言者×テーマの発言数", n, {"tallySpeaker": speaker, "tallyTheme": theme}
    for (a, b), n in t.theme_pairs.items():
        yield theme_base + _short(a, b), "テーマの組の発言数", n, {"tallyTheme": a, "tallyOtherTheme": b}


def corpus_triples(t: Tallies, minter: Minter) -> set[tuple]:
    """Speaker × theme and theme × theme tallies of the whole corpus."""
    terms, out = _Terms(), set()
    for node, label, n, links in _corpus_entries(t, minter):
        out.update(terms.tally(URIRef(node), n, label, links))
    return out


def corpus_records(t: Tallies, minter: Minter) -> list[str]:
    """The same tallies as sorted records (``kg.rdf.records``), made as text directly: a
    corpus of 10,000 meetings has half a million of them, too many to make as rdflib terms."""
    typed, label_p, count_p = record_text("", str(RDF.type), ""), str(RDFS.label), str(KGO.tallyCount)
    links_p = {p: str(KGO[p]) for p in ("tallyMeeting", "tallySpeaker", "tallyTheme", "tallyOtherTheme")}
    cls, integer = f"<{KGO.Tally}>", f"^^<{XSD.integer}>"
    out = []
    for node, label, n, links in _corpus_entries(t, minter):
        out.append(f"{node}{typed}{cls}")
        out.append(record_text(node, label_p, f'"{label}"@ja'))
        out.append(record_text(node, count_p, f'"{n}"{integer}'))
        out.extend(record_text(node, links_p[p], f"<{target}>") for p, target in links.items())
    out.sort()
    return out


def tallies_graph(minter: Minter) -> URIRef:
    return minter.iri("tally")
