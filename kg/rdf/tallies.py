"""Counts kept at build time, so that whole-corpus aggregates answer at once at any size.

A ``kgo:Tally`` says how many statements have a combination: a meeting and a theme (in the
meeting's own graph), a speaker's name, a council and a theme, two themes together, a fiscal
year, a council and a theme (in the corpus's tally graphs, summed over the documents' partial
counts). Counts per council let the queries answer for one council or sum over all; a speaker
who is no one person (事務局, an unnamed 委員) is named with the council, so that the 事務局 of
nine councils are nine rows, not one. The named queries
person-theme-matrix, theme-cooccurrence, themes-over-time and themes-by-meeting read them
instead of grouping every statement; they give the same rows (tests compare both ways).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from kg.rdf.iri import Minter
from kg.rdf.namespaces import KGO, SCHEMA
from kg.rdf.records import nt_object, record_text
from kg.vocabulary import speaker_in_council


@dataclass
class Tallies:
    """Partial counts of one document (or sums over many): IRIs as strings."""

    speaker_theme: Counter = field(default_factory=Counter)  # (speaker's name, council, theme) → statements
    theme_pairs: Counter = field(default_factory=Counter)  # (theme, theme) with str(a) < str(b)
    meeting_theme: Counter = field(default_factory=Counter)  # (meeting, theme) → statements
    year_theme: Counter = field(default_factory=Counter)  # (fiscal year, council, theme) → statements

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
        return cls(**{name: Counter({tuple(row[:-1]): row[-1] for row in data[name]}) for name in cls.SUMMED})


def count(triples) -> Tallies:
    """The tallies of one document's triples. Speakers are counted under their Japanese names
    (foaf:name: a person's as written), as person-theme-matrix reports them: one row a name,
    so the tallies are as many as its rows, not one a person of every council; a secretariat
    or an unnamed speaker (kgo:unnamed) under its name with the council's (speaker_in_council)."""
    speaker: dict = {}
    meeting: dict = {}
    subjects: dict = {}
    year: dict = {}
    names: dict = {}
    organizer: dict = {}
    labels: dict = {}
    groups: dict = {}  # a secretariat or an unnamed speaker → True
    wanted = {DCTERMS.subject: subjects, KGO.speaker: speaker, KGO.meeting: meeting, KGO.fiscalYear: year,
              FOAF.name: names, SCHEMA.organizer: organizer, SKOS.prefLabel: labels,
              KGO.secretariatOf: groups, KGO.unnamed: groups}
    for s, p, o in triples:
        into = wanted.get(p)  # a dict lookup: URIRef == is a Python call, a million a corpus
        if into is subjects:
            subjects.setdefault(s, set()).add(str(o))
        elif into is year or into is organizer:
            into[str(s)] = str(o)  # looked up by the meeting's IRI as a string
        elif into is names or into is labels:
            if getattr(o, "language", None) == "ja":
                into.setdefault(str(s), set()).add(str(o))
        elif into is groups:
            groups[str(s)] = True
        elif into is not None:
            into[s] = str(o)
    t = Tallies()
    for s, themes in subjects.items():
        ordered = sorted(themes)
        council = organizer.get(meeting.get(s, ""), "")
        who = speaker.get(s)
        spoken = sorted(names.get(who, ()))
        if who in groups:
            name_of_council = min(labels.get(council, ()), default="会議体不明")
            spoken = [speaker_in_council(n, name_of_council) for n in spoken]
        for theme in ordered:
            for name in spoken:
                t.speaker_theme[(name, council, theme)] += 1
            if s in meeting:
                t.meeting_theme[(meeting[s], theme)] += 1
                if meeting[s] in year:
                    t.year_theme[(year[meeting[s]], council, theme)] += 1
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                t.theme_pairs[(a, b)] += 1
    return t


LINKS = ("tallyMeeting", "tallyTheme", "tallyOtherTheme", "tallyCouncil")  # to IRIs
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
    for (speaker, council, theme), n in t.speaker_theme.items():
        out.setdefault(_part_of_speaker(speaker), Tallies()).speaker_theme[(speaker, council, theme)] = n
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
    for (name, council, theme), n in t.speaker_theme.items():
        # hex digits: nothing to escape
        yield (f"{graph}/{_short(name, council, theme)}", "発言者×会議体×テーマの発言数", n,
               _with_council({"tallyTheme": theme}, council), {"tallySpeakerName": Literal(name, lang="ja")})
    for (a, b), n in t.theme_pairs.items():
        yield f"{graph}/{_short(a, b)}", "テーマの組の発言数", n, {"tallyTheme": a, "tallyOtherTheme": b}, {}
    for (year, council, theme), n in t.year_theme.items():
        yield (f"{graph}/{_short(year, council, theme)}", "年度×会議体×テーマの発言数", n,
               _with_council({"tallyTheme": theme}, council), {"tallyFiscalYear": Literal(year, datatype=XSD.gYear)})


def _with_council(links: dict[str, str], council: str) -> dict[str, str]:
    return {**links, "tallyCouncil": council} if council else links


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
