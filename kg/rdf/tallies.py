"""Counts kept at build time, so that whole-corpus aggregates answer at once at any size.

A ``kgo:Tally`` says how many statements have a combination: a meeting and a theme (in the
meeting's own graph), a speaker's name and a theme, two themes together, a fiscal year and a theme
(in the corpus's tally graphs, summed over the documents' partial counts). The named queries
person-theme-matrix, theme-cooccurrence, themes-over-time and themes-by-meeting read them
instead of grouping every statement; they give the same rows (tests compare both ways).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD

from kg.rdf.iri import Minter
from kg.rdf.namespaces import KGO
from kg.rdf.records import nt_object, record_text


@dataclass
class Tallies:
    """Partial counts of one document (or sums over many): IRIs as strings."""

    speaker_theme: Counter = field(default_factory=Counter)  # (speaker's name, theme) → statements
    theme_pairs: Counter = field(default_factory=Counter)  # (theme, theme) with str(a) < str(b)
    meeting_theme: Counter = field(default_factory=Counter)  # (meeting, theme) → statements
    year_theme: Counter = field(default_factory=Counter)  # (fiscal year, theme) → statements

    SUMMED = ("speaker_theme", "theme_pairs", "year_theme")  # meeting tallies stay in their documents

    def __iadd__(self, other: Tallies) -> Tallies:
        for name in self.SUMMED:
            getattr(self, name).update(getattr(other, name))
        return self

    def __isub__(self, other: Tallies) -> Tallies:
        for name in self.SUMMED:
            mine = getattr(self, name)
            mine.subtract(getattr(other, name))
            for k in [k for k, n in mine.items() if n <= 0]:
                del mine[k]
        return self

    def to_json(self) -> dict:
        return {name: sorted([*k, n] for k, n in getattr(self, name).items()) for name in self.SUMMED}

    @classmethod
    def from_json(cls, data: dict) -> Tallies:
        return cls(**{name: Counter({(a, b): n for a, b, n in data[name]}) for name in cls.SUMMED})


def count(triples) -> Tallies:
    """The tallies of one document's triples. Speakers are counted under their Japanese names
    (foaf:name: a person's as written, 事務局 for a secretariat), as person-theme-matrix reports
    them: one row a name, so the tallies are as many as its rows, not one a person of every
    council."""
    speaker: dict = {}
    meeting: dict = {}
    subjects: dict = {}
    year: dict = {}
    names: dict = {}
    wanted = {DCTERMS.subject: subjects, KGO.speaker: speaker, KGO.meeting: meeting, KGO.fiscalYear: year,
              FOAF.name: names}
    for s, p, o in triples:
        into = wanted.get(p)  # a dict lookup: URIRef == is a Python call, a million a corpus
        if into is subjects:
            subjects.setdefault(s, set()).add(str(o))
        elif into is year:
            year[str(s)] = str(o)  # looked up by the meeting's IRI as a string
        elif into is names:
            if getattr(o, "language", None) == "ja":
                names.setdefault(str(s), set()).add(str(o))
        elif into is not None:
            into[s] = str(o)
    t = Tallies()
    for s, themes in subjects.items():
        ordered = sorted(themes)
        for theme in ordered:
            for name in names.get(speaker.get(s), ()):
                t.speaker_theme[(name, theme)] += 1
            if s in meeting:
                t.meeting_theme[(meeting[s], theme)] += 1
                if meeting[s] in year:
                    t.year_theme[(year[meeting[s]], theme)] += 1
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                t.theme_pairs[(a, b)] += 1
    return t


LINKS = ("tallyMeeting", "tallyTheme", "tallyOtherTheme")  # to IRIs
LITERALS = ("tallySpeakerName", "tallyFiscalYear")  # to literals


class _Terms:
    """The terms every tally uses, made once (a corpus has tens of thousands of tallies)."""

    def __init__(self):
        self.type, self.cls, self.label, self.count = RDF.type, KGO.Tally, RDFS.label, KGO.tallyCount
        self.links = {p: KGO[p] for p in (*LINKS, *LITERALS)}
        self.labels: dict[str, Literal] = {}

    def tally(self, node: URIRef, n: int, label: str, links: dict[str, str],
              literals: dict[str, Literal] | None = None) -> list[tuple]:
        text = self.labels.get(label) or self.labels.setdefault(label, Literal(label, lang="ja"))
        out = [(node, self.type, self.cls), (node, self.label, text),
               (node, self.count, Literal(n, datatype=XSD.integer))]
        out += [(node, self.links[p], URIRef(target)) for p, target in links.items()]
        out += [(node, self.links[p], value) for p, value in (literals or {}).items()]
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


# The corpus's tallies are written as several documents, each its own named graph with its
# nodes under the graph's IRI: speaker × theme cut by the speaker's name (16 parts, by a
# hash of the name: a meeting's speakers touch about half of them), theme pairs, fiscal
# years. A build then rewrites, and the store and a push replace, only the parts whose
# counts changed (speaker × theme is 15,000 tallies at 10,000 meetings; more parts cost a
# small corpus more documents than they save a large one).
SPEAKER_PARTS = "speaker-theme"


def _part_of_speaker(name: str) -> str:
    return f"{SPEAKER_PARTS}/{hashlib.sha256(name.encode('utf-8')).hexdigest()[:1]}"


def parts(t: Tallies) -> dict[str, Tallies]:
    """The tallies cut into the parts they are written as (name → its tallies)."""
    out: dict[str, Tallies] = {}
    for (speaker, theme), n in t.speaker_theme.items():
        out.setdefault(_part_of_speaker(speaker), Tallies()).speaker_theme[(speaker, theme)] = n
    if t.theme_pairs:
        out["theme-pair"] = Tallies(theme_pairs=Counter(t.theme_pairs))
    if t.year_theme:
        out["year-theme"] = Tallies(year_theme=Counter(t.year_theme))
    return out


def part_graph(name: str, minter: Minter) -> str:
    """The named graph of a part; its tallies are ``<graph>/<hash>``."""
    return str(minter.iri("tally", *name.split("/")))


def _entries(t: Tallies, graph: str):
    """(tally IRI, label, count, links, literals) of a part's tallies."""
    for (name, theme), n in t.speaker_theme.items():
        # hex digits: nothing to escape
        yield (f"{graph}/{_short(name, theme)}", "発言者×テーマの発言数", n, {"tallyTheme": theme},
               {"tallySpeakerName": Literal(name, lang="ja")})
    for (a, b), n in t.theme_pairs.items():
        yield f"{graph}/{_short(a, b)}", "テーマの組の発言数", n, {"tallyTheme": a, "tallyOtherTheme": b}, {}
    for (year, theme), n in t.year_theme.items():
        yield (f"{graph}/{_short(year, theme)}", "年度×テーマの発言数", n, {"tallyTheme": theme},
               {"tallyFiscalYear": Literal(year, datatype=XSD.gYear)})


def part_triples(t: Tallies, graph: str) -> set[tuple]:
    """The triples of one part's tallies (for the in-memory pipeline)."""
    terms, out = _Terms(), set()
    for node, label, n, links, literals in _entries(t, graph):
        out.update(terms.tally(URIRef(node), n, label, links, literals))
    return out


def part_records(t: Tallies, graph: str) -> list[str]:
    """The same tallies as sorted records (``kg.rdf.records``), made as text directly: a
    corpus of 10,000 meetings has a million of them, too many to make as rdflib terms."""
    typed, label_p, count_p = record_text("", str(RDF.type), ""), str(RDFS.label), str(KGO.tallyCount)
    links_p = {p: str(KGO[p]) for p in (*LINKS, *LITERALS)}
    cls, integer = f"<{KGO.Tally}>", f"^^<{XSD.integer}>"
    out = []
    for node, label, n, links, literals in _entries(t, graph):
        out.append(f"{node}{typed}{cls}")
        out.append(record_text(node, label_p, f'"{label}"@ja'))
        out.append(record_text(node, count_p, f'"{n}"{integer}'))
        out.extend(record_text(node, links_p[p], f"<{target}>") for p, target in links.items())
        out.extend(record_text(node, links_p[p], nt_object(value)) for p, value in literals.items())
    out.sort()
    return out
