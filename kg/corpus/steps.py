"""The steps of a build, one summary at a time, that ``kg build`` (``kg.corpus.build``, on
every core, with its cache) and the in-memory ``kg.pipeline.build_graph`` both take: find and
read the sources, learn the names outside the gazetteer, give each meeting its IRI key, make a
document's triples; and the vocabulary that goes into the data (themes, ontology)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Set
from dataclasses import replace
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.errors import InputError, KgError
from kg.extract.gazetteer import DEFAULT_GAZETTEER, load_gazetteer
from kg.extract.mentions import Extractor
from kg.extract.people import person_mentions
from kg.extract.themes import load_theme_graph, themes_from
from kg.model import Doubt, Mention, Minutes
from kg.parse.attendance import read_attendance, without_decisions
from kg.parse.councils import DEFAULT_COUNCILS, Councils, load_councils
from kg.parse.document import parse
from kg.parse.identity import identify
from kg.rdf import tallies
from kg.rdf.iri import Minter
from kg.rdf.load import load_graph
from kg.rdf.mapping import EntityIndex, build_document, meeting_key
from kg.read.source import RECORD_SUFFIXES, is_source, read_source
from kg.read.source import SUFFIXES as SOURCE_SUFFIXES
from kg.read.sources import entry_of
from kg.resources import ontology_file

ONTOLOGY_GRAPH = URIRef("https://w3id.org/kaigi-kg/ontology")


def find_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the source files below folders, in a stable order."""
    found: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found.update(f for f in p.rglob("*") if f.is_file() and is_source(f))
        elif p.exists():
            found.add(p)
        else:
            raise KgError("no such file or folder", path=p)
    if not found:
        raise KgError("no source files (" + ", ".join(SOURCE_SUFFIXES + RECORD_SUFFIXES) + ") found in "
                      + ", ".join(map(str, paths)))
    return sorted(found, key=lambda f: f.as_posix())


def source_roots(paths: Iterable[str | Path]) -> set[Path]:
    """Folders the user named: a file directly in one takes no council from the folder's name."""
    return {Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent for p in paths}


def read_minutes(f: Path, councils: Councils, roots: Set[Path] = frozenset()) -> Minutes:
    """Read, parse and identify one summary: its council (councils file, else the folder it
    sits in when it names none) and the researcher's values from sources.csv."""
    entry = entry_of(f)
    folder = f.parent.resolve()
    source = read_source(f)
    minutes = parse(replace(source, url=entry.url or source.url))
    minutes = identify(minutes, councils, entry.overrides, folder.name if folder not in roots else None)
    minutes = without_decisions(minutes, read_attendance(minutes))
    if minutes.source.notes:  # what the reader doubts (an HTML page's main text stopping short)
        minutes = replace(minutes, doubts=minutes.doubts + tuple(Doubt("text", n) for n in minutes.source.notes))
    return minutes


def read_corpus(paths: Iterable[str | Path], strict: bool = False,
                progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
                councils: str | Path = DEFAULT_COUNCILS) -> tuple[list[Minutes], list[InputError]]:
    """(parsed summaries, files that could not be read): a bad file is skipped and reported
    (raised when ``strict``, or when no file could be read at all)."""
    paths = list(paths)
    files = find_sources(paths)
    councils_table = load_councils(councils)
    roots = source_roots(paths)
    minutes: list[Minutes] = []
    failures: list[InputError] = []
    for f in (progress(files) if progress else files):
        try:
            minutes.append(read_minutes(f, councils_table, roots))
        except InputError as exc:
            if strict:
                raise
            failures.append(exc)
    if not minutes:
        if len(failures) == 1:
            raise failures[0]
        raise InputError("no file could be read:\n  " + "\n  ".join(map(str, failures)))
    return minutes, failures


def mention_extractor(gazetteer: str | Path = DEFAULT_GAZETTEER, theme_graph: Graph | None = None) -> Extractor:
    """The extractor for a gazetteer and a theme scheme (default: the bundled ones)."""
    theme_list = themes_from(theme_graph if theme_graph is not None else load_theme_graph())
    keys = {t.key for t in theme_list}
    return Extractor(load_gazetteer(gazetteer, keys, strict_themes=Path(gazetteer) != Path(DEFAULT_GAZETTEER)),
                     theme_list)


def learned_names(extractor: Extractor, m: Minutes) -> list[tuple[str, str | None]]:
    """First pass over one summary: the names outside the gazetteer it uses."""
    return [c for s in m.statements for c in extractor.candidates_in(s.text)]


def document_mentions(extractor: Extractor, m: Minutes) -> list[Mention]:
    """Second pass: the mentions of one summary's statements, people included."""
    context = extractor.context_of(m.title or "")
    return [x for s in m.statements for x in extractor.statement(s.position, s.text, context)] + person_mentions(m)


def document_triples(extractor: Extractor, m: Minutes, key: str, minter: Minter) -> set[tuple]:
    """The triples of one summary, once the corpus's names are learned: they depend on the
    summary, its meeting key and the learned names it uses, never on other documents."""
    with extractor.isolated():
        mentions = document_mentions(extractor, m)
        doc = build_document(m, minter, key, mentions, EntityIndex(extractor.gazetteer, extractor.found))
    return doc | tallies.meeting_triples(tallies.count(doc))


def extract_mentions(extractor: Extractor, minutes: list[Minutes]) -> list[list[Mention]]:
    """Two passes over every statement: learn new names, then find all mentions."""
    for m in minutes:
        extractor.adopt(learned_names(extractor, m))
    out = []
    for m in minutes:
        with extractor.isolated():
            out.append(document_mentions(extractor, m))
    return out


def meeting_keys(minutes: list[Minutes]) -> list[str]:
    """Each meeting's IRI key: see ``unique_keys``."""
    return unique_keys([(m.series, meeting_key(m), m.source.sha256) for m in minutes])


def unique_keys(meetings: list[tuple[str, str, str]]) -> list[str]:
    """Keys of (council, key, content hash) meetings: two summaries of one council on one date
    get -2, -3 … in the order of their content hash, so the keys never depend on file order."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (series, key, _) in enumerate(meetings):
        groups[(series, key)].append(i)
    keys = [key for _, key, _ in meetings]
    for (_, key), members in groups.items():
        for n, i in enumerate(sorted(members, key=lambda i: meetings[i][2])[1:], start=2):
            keys[i] = f"{key}-{n}"
    return keys


def theme_scheme(theme_graph: Graph) -> Graph:
    """The theme scheme as it goes into the data: with rdfs:label, as every named node has."""
    g = Graph()
    g += theme_graph
    for node, label in theme_graph.subject_objects(SKOS.prefLabel):
        if label.language == "ja":
            g.add((node, RDFS.label, label))
    return g


def ontology_graph(themes: Graph) -> Graph:
    """The vocabulary named graph: the OWL ontology and the theme scheme."""
    g = load_graph(ontology_file("kgo.ttl"))
    g += themes
    return g
