"""Step 3 of a corpus build: each summary's triples, in worker processes, written to the
cache as the pieces graph.ttl, graph.trig and the store are made of (``kg.rdf.layout``);
a summary whose entry is there (same parsed entry, meeting key and learned names it uses)
is not built again."""

from __future__ import annotations

from kg.corpus.cache import Cache, digest
from kg.corpus.parallel import STATE, workers
from kg.pipeline import document_triples
from kg.rdf import tallies
from kg.rdf.layout import document_parts
from kg.rdf.namespaces import KGO
from kg.rdf.records import records
from kg.read.normalize import normalize

COUNTED = {f"<{KGO.Meeting}>": "meetings", "<http://xmlns.com/foaf/0.1/Person>": "people",
           f"<{KGO.Turn}>": "turns", f"<{KGO.Statement}>": "statements"}


def _save(cache: Cache, key: str, recs: list[str], graph: str, meeting: str | None, counted: tallies.Tallies):
    parts = document_parts(recs, graph, meeting, COUNTED)
    meta = {"graph": graph, "meeting": meeting, "counts": parts.counts, "tallies": counted.to_json()}
    cache.save_document(key, meta, parts.shared, {".ttl": parts.ttl, ".trig": parts.trig, ".nt": parts.nt})


def _document_task(item: tuple[str, str]) -> tuple[str, str, bool]:
    """(document key, graph IRI, built now) of one parsed summary."""
    parsed_key, key = item
    cache, extractor, minter = STATE["cache"], STATE["extractor"], STATE["minter"]
    minutes = cache.load_parsed(parsed_key)[1]
    text = "\n".join(normalize(s.text).text for s in minutes.statements)
    uses = [(e.key, e.kind, e.ja, e.aliases) for e in extractor.found_in(text)]
    doc_key = digest(parsed_key, key, uses)
    graph = str(minter.source(minutes.series, key))
    if cache.has_document(doc_key):
        return doc_key, graph, False
    triples = document_triples(extractor, minutes, key, minter)
    _save(cache, doc_key, records(triples), graph, str(minter.meeting(minutes.series, key)), tallies.count(triples))
    return doc_key, graph, True


def build_documents(parsed, keys: list[str], cache: Cache, jobs, note, loader=None):
    """{document key: graph IRI} in corpus order, and how many came from the cache; each
    document's store input goes to ``loader`` as it comes."""
    docs: dict[str, str] = {}
    reused = 0
    items = [(p.key, k) for p, k in zip(parsed, keys)]
    with workers(jobs, len(items)) as imap:
        for n, (doc_key, graph, built) in enumerate(imap(_document_task, items), start=1):
            docs[doc_key] = graph
            cache.use_document(doc_key)
            reused += not built
            if loader:
                loader.add_document(cache, doc_key)
            note("build", n, len(items))
    return docs, reused


def corpus_tallies(docs: dict[str, str], cache: Cache, loader=None) -> dict[str, str]:
    """The corpus's tallies, summed from the documents' partial counts, as a document entry."""
    corpus = tallies.Tallies()
    for k in docs:
        corpus += tallies.Tallies.from_json(cache.document_meta(k)["tallies"])
    minter = STATE["minter"]
    graph = str(tallies.tallies_graph(minter))
    recs = records(tallies.corpus_triples(corpus, minter))
    key = digest("tallies", graph, recs)
    if not cache.has_document(key):
        _save(cache, key, recs, graph, None, tallies.Tallies())
    cache.use_document(key)
    if loader:
        loader.add_document(cache, key)
    return {key: graph}
