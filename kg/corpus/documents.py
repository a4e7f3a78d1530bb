"""Step 3 of a corpus build: each summary's triples, in worker processes, written to the
cache as the pieces graph.ttl, graph.trig and the store are made of (``kg.rdf.pieces``);
a summary whose entry is there (same parsed entry, meeting key and learned names it uses)
is not built again."""

from __future__ import annotations

import json

from kg.corpus.cache import Cache, code_fingerprint, digest
from kg.corpus.parallel import workers
from kg.corpus.reading import statements_text
from kg.corpus.settings import Workspace
from kg.corpus.steps import document_triples
from kg.errors import InputError
from kg.rdf import tallies
from kg.rdf.iri import Minter
from kg.rdf.namespaces import KGO, SCHEMA
from kg.rdf.pieces import document_parts
from kg.rdf.records import records
from kg.read.normalize import nfkc

COUNTED = {f"<{KGO.Meeting}>": "meetings", "<http://xmlns.com/foaf/0.1/Person>": "people",
           f"<{KGO.Turn}>": "turns", f"<{KGO.Statement}>": "statements"}


_TEXT = {SCHEMA.text}  # a set lookup: URIRef == is a Python call, thousands a summary


def save_entry(cache: Cache, key: str, recs: list[str], graph: str, meeting: str | None, counted: tallies.Tallies,
                texts: list[tuple[str, str]]) -> dict[str, list]:
    parts = document_parts(recs, graph, meeting, COUNTED)
    meta = {"graph": graph, "meeting": meeting, "counts": parts.counts}
    return cache.save_document(key, meta, parts.shared, {".ttl": parts.ttl, ".trig": parts.trig,
                                                  ".tally": json.dumps(counted.to_json()).encode("utf-8"),
                                                  ".texts": json.dumps(texts, ensure_ascii=False).encode("utf-8")})


def _document_task(ws: Workspace, item: tuple[str, str]) -> tuple[str, str, dict | None] | InputError:
    """(document key, graph IRI, the record of its pieces when built now) of one parsed
    summary; an InputError naming the file when its graph cannot be made, so that one summary
    never stops the others."""
    parsed_key, key = item
    cache, extractor, minter = ws.cache, ws.extractor, ws.minter
    minutes = cache.load_minutes(parsed_key)
    text = cache.parsed_text(parsed_key) or statements_text(minutes)
    uses = [(e.key, e.kind, e.ja, e.aliases) for e in extractor.found_in(text)]
    doc_key = digest(parsed_key, key, uses)
    graph = str(minter.source(minutes.series, key))
    if cache.has_document(doc_key):
        return doc_key, graph, None
    try:
        triples = document_triples(extractor, minutes, key, minter)
        texts = sorted((str(s), str(o)) for s, p, o in triples if p in _TEXT)
        record = save_entry(cache, doc_key, records(triples), graph, str(minter.meeting(minutes.series, key)),
                            tallies.count(triples), texts)
    # The RDF parsers' and writers' errors (an IRI or literal they refuse): a bug of ours or an
    # input we have not met, reported with the file it stopped, never stopping the others.
    except (SyntaxError, ValueError) as exc:
        return InputError(f"its graph could not be made, please report this ({type(exc).__name__}: "
                          f"{' '.join(str(exc).split())[:300]})", path=minutes.source.path)
    return doc_key, graph, record


def _learned(extractor) -> dict[str, list]:
    return {k: [e.kind, e.ja, sorted(e.aliases)] for k, e in sorted(extractor.found.items())}


def _changed_names(before: dict, now: dict) -> set[str]:
    """The written names of learned entities that came, went or changed since the last build."""
    names = set()
    for key in set(before) ^ set(now) | {k for k in set(before) & set(now) if before[k] != now[k]}:
        for record in (before.get(key), now.get(key)):
            if record:
                names |= {nfkc(n) for n in (record[1], *record[2])}
    return names


def build_documents(parsed, keys: list[str], ws: Workspace, jobs, note, loader=None):
    """{document key: graph IRI} in corpus order, how many came from the cache, their metas
    and the summaries whose graph could not be made (left out, as InputErrors); each
    document's store input goes to ``loader`` as it comes. A summary whose parsed entry and
    meeting key are as in the last build keeps its document entry, unless a learned name that
    changed since occurs in it: then (and for new summaries) a worker looks again."""
    cache = ws.cache
    learned = _learned(ws.extractor)
    index = cache.read_index()
    changed = _changed_names(index.get("learned", {}), learned)
    known = index.get("docs", {})
    items = [(p.key, k) for p, k in zip(parsed, keys)]
    done: dict[tuple, tuple[str, str, dict | None]] = {}
    failed: dict[tuple, InputError] = {}
    todo = []
    for item in items:
        prev = known.get("|".join(item))
        if prev and cache.has_document(prev[0]):
            text = cache.parsed_text(item[0]) if changed else ""
            if text is not None and not any(n in text for n in changed):
                done[item] = (prev[0], prev[1], None)
                continue
        todo.append(item)
    with workers(jobs, len(todo), ws) as imap:
        for n, (item, result) in enumerate(zip(todo, imap(_document_task, todo)), start=1):
            if isinstance(result, InputError):
                failed[item] = result
            else:
                done[item] = result
                if result[2] is not None:  # built in a worker: its pieces as written there
                    cache.pieces[result[0]] = result[2]
            note("build", n, len(todo))
    items = [item for item in items if item not in failed]
    docs: dict[str, str] = {}
    metas: dict[str, dict] = {}
    known_metas = index.get("meta", {})
    reused = 0
    for item in items:
        doc_key, graph, record = done[item]
        built = record is not None
        docs[doc_key] = graph
        metas[doc_key] = known_metas.get(doc_key) if not built and doc_key in known_metas \
            else cache.document_meta(doc_key)
        cache.use_document(doc_key)
        reused += not built
        if loader:
            loader.add_document(cache, doc_key, graph)
    cache.update_index(learned=learned, docs={"|".join(i): list(done[i][:2]) for i in items}, meta=metas)
    return docs, reused, metas, list(failed.values())


def corpus_tallies(docs: dict[str, str], cache: Cache, minter: Minter, loader=None) -> tuple[dict[str, str], dict]:
    """The corpus's tallies as document entries ({key: graph}, their metas), one a part
    (``kg.rdf.tallies.parts``). Each part's entry keeps its sums; a part changes by the counts
    of the summaries gone and come since the last build, and a part they do not touch is
    taken from the cache as it is."""
    index = cache.read_index()
    before = index.get("tallies", {})
    known: dict[str, str] = before.get("parts", {})
    previous = set(before.get("docs", ()))
    if before.get("code") != code_fingerprint() or not all(cache.has_document(k) for k in known.values()):
        known, previous = {}, set()  # another version's tallies (another shape) or a part lost: count anew
    gone, come = tallies.Tallies(), tallies.Tallies()
    for k in sorted(previous - set(docs)):
        gone += tallies.Tallies.from_json(cache.document_tallies(k))
    for k in docs:
        if k not in previous:
            come += tallies.Tallies.from_json(cache.document_tallies(k))
    gone_parts, come_parts = tallies.parts(gone), tallies.parts(come)
    metas: dict[str, dict] = {}
    kept: dict[str, str] = {}
    for name in sorted({*known, *gone_parts, *come_parts}):
        key = known.get(name, "")  # a part not known is one the changes touch: it gets its key below
        if name in gone_parts or name in come_parts:
            part = tallies.Tallies.from_json(cache.document_tallies(key)) if key else tallies.Tallies()
            part += come_parts.get(name, tallies.Tallies())
            part -= gone_parts.get(name, tallies.Tallies())
            if not any(getattr(part, f) for f in tallies.Tallies.SUMMED):
                continue  # no statement counted there any more: the part goes
            graph = tallies.part_graph(name, minter)
            recs = tallies.part_records(part, graph)
            key = digest("tallies", graph, recs)
            if not cache.has_document(key):
                save_entry(cache, key, recs, graph, graph, part, [])  # its nodes are its own; it keeps its sums
        cache.use_document(key)
        if loader:
            loader.add_document(cache, key, tallies.part_graph(name, minter))
        kept[name] = key
        metas[key] = cache.document_meta(key)
    cache.update_index(tallies={"docs": sorted(docs), "parts": kept, "code": code_fingerprint()})
    return {k: meta["graph"] for k, meta in metas.items()}, metas
