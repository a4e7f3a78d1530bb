"""Step 4 of a corpus build, after every summary's own triples: identity across summaries
(``kg.people``) from the rosters kept with the parsed entries and the researcher's people.toml.

It is computed anew at every build from all the rosters (small: names and posts), so an
incremental build gives what a full one gives; its graph is a document entry of its own, like
a tally part, named by its content and taken from the cache when nothing changed."""

from __future__ import annotations

from kg.corpus.cache import Cache, Parsed, digest
from kg.corpus.documents import save_entry
from kg.people.decisions import Decision
from kg.people.graph import graph_iri, people_triples
from kg.people.identity import resolve
from kg.people.sightings import Roster
from kg.rdf import tallies
from kg.rdf.iri import Minter
from kg.rdf.records import records


def identity_graph(rosters: list[Roster], meetings: list[tuple[str, str]], minter: Minter,
                   decisions: dict[tuple[str, str], Decision]) -> set[tuple]:
    """The people graph's triples (empty when no two person nodes pair)."""
    return people_triples(resolve(rosters, decisions), meetings, minter)


def corpus_people(parsed: list[Parsed], keys: list[str], cache: Cache, minter: Minter,
                  decisions: dict[tuple[str, str], Decision], loader=None) -> tuple[dict[str, str], dict]:
    """({document key: graph}, {document key: meta}) of the people graph; both empty when it
    has no triple."""
    rosters = [p.roster or Roster(str(p.path), None, ()) for p in parsed]
    triples = identity_graph(rosters, [(p.series, k) for p, k in zip(parsed, keys)], minter, decisions)
    if not triples:
        return {}, {}
    graph = str(graph_iri(minter))
    recs = records(triples)
    key = digest("people", graph, recs)
    if not cache.has_document(key):
        save_entry(cache, key, recs, graph, graph, tallies.Tallies(), [])
    cache.use_document(key)
    if loader:
        loader.add_document(cache, key, graph)
    return {key: graph}, {key: cache.document_meta(key)}
