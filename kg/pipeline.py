"""Files → graph in memory, for tests, notebooks and ``kg themes suggest``: the steps of
``kg build`` (``kg.corpus.steps``) in one process, with no cache and no store. A test pins
that it writes the bytes ``kg build`` writes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF

from kg.atomic import atomic_write_many
from kg.corpus.people import identity_graph
from kg.corpus.steps import (
    ONTOLOGY_GRAPH,
    document_triples,
    learned_names,
    meeting_keys,
    mention_extractor,
    ontology_graph,
    read_corpus,
    source_roots,
    theme_scheme,
)
from kg.errors import InputError
from kg.extract.gazetteer import DEFAULT_GAZETTEER
from kg.extract.themes import DEFAULT_THEMES, load_theme_graph
from kg.model import Minutes
from kg.parse.councils import DEFAULT_COUNCILS
from kg.people.decisions import decisions_in
from kg.people.graph import graph_iri
from kg.people.sightings import roster_of
from kg.rdf import tallies
from kg.rdf.iri import Minter
from kg.rdf.namespaces import KGO, bind_prefixes
from kg.vocabulary import DEFAULT_BASE


@dataclass
class BuildResult:
    triples: set[tuple]  # the data and the theme scheme, as one graph
    minutes: list[Minutes]
    warnings: list[str] = field(default_factory=list)  # "file: message"
    failures: list[InputError] = field(default_factory=list)
    output: Path | None = None
    # One graph per source document (named by the document's IRI), and the theme scheme:
    # the named graphs of graph.trig, so a reuser can drop or replace one meeting.
    documents: list[tuple[URIRef, set[tuple]]] = field(default_factory=list)
    themes: Graph | None = None

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph (made on demand: large graphs are slow in rdflib)."""
        g = Graph()
        bind_prefixes(g)
        for t in self.triples:
            g.add(t)
        return g

    def counts(self) -> dict[str, int]:
        typed = Counter(o for _, p, o in self.triples if p == RDF.type)
        return {"meetings": typed[KGO.Meeting], "people": typed[FOAF.Person], "turns": typed[KGO.Turn],
                "statements": typed[KGO.Statement], "triples": len(self.triples)}


def build_graph(paths: Iterable[str | Path], base: str = DEFAULT_BASE, strict: bool = False,
                progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
                gazetteer: str | Path = DEFAULT_GAZETTEER, themes: str | Path = DEFAULT_THEMES,
                councils: str | Path = DEFAULT_COUNCILS) -> BuildResult:
    """Read and parse every source; a bad file is reported and skipped (an error when
    ``strict`` or when no file could be read). Then extract mentions and build the graph."""
    paths = list(paths)
    minter = Minter(base)
    theme_graph = load_theme_graph(themes)
    extractor = mention_extractor(gazetteer, theme_graph)
    minutes, failures = read_corpus(paths, strict, progress, councils)
    for m in minutes:
        extractor.adopt(learned_names(extractor, m))
    themes_graph = theme_scheme(theme_graph)
    triples = set(themes_graph)
    warnings: list[str] = []
    documents: list[tuple[URIRef, set[tuple]]] = []
    corpus = tallies.Tallies()
    keys = meeting_keys(minutes)
    for m, key in zip(minutes, keys):
        doc = document_triples(extractor, m, key, minter)
        documents.append((minter.source(m.series, key), doc))
        triples |= doc
        corpus += tallies.count(doc)
        warnings.extend(f"{m.source.path}: {w}" for w in m.warnings)
    people = identity_graph([roster_of(m) for m in minutes], [(m.series, k) for m, k in zip(minutes, keys)], minter,
                            decisions_in(source_roots(paths)))
    if people:
        documents.append((graph_iri(minter), people))
        triples |= people
    for name, part in sorted(tallies.parts(corpus).items()):
        graph = tallies.part_graph(name, minter)
        counted = tallies.part_triples(part, graph)
        documents.append((URIRef(graph), counted))
        triples |= counted
    return BuildResult(triples=triples, minutes=minutes, warnings=warnings, failures=failures,
                       documents=documents, themes=themes_graph)


def named_graphs(result: BuildResult) -> list[tuple[URIRef, Graph]]:
    return [*result.documents, (ONTOLOGY_GRAPH, ontology_graph(result.themes))]


def write_graph(result: BuildResult, out_dir: str | Path) -> Path:
    """graph.ttl (the data and themes in one graph) and graph.trig (one named graph per
    source document, plus the ontology and themes)."""
    from kg.rdf.write import graph_and_dataset
    out_dir = Path(out_dir)
    ttl_bytes, trig_bytes = graph_and_dataset(result.triples, named_graphs(result))
    ttl, trig = atomic_write_many({out_dir / "graph.ttl": ttl_bytes, out_dir / "graph.trig": trig_bytes})
    result.output = ttl
    return ttl
