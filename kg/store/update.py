"""An existing store changed in place by a build whose settings are unchanged: the graphs of
the documents that changed replaced, the default graph's triples that no document has any
more removed, the text index by the same plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import StoreDamaged
from kg.store.folder import STORE, make_stamp, read_stamp, write_stamp
from kg.store.texts import TextWriter


@dataclass
class StorePlan:
    """How this build changes a store in place."""

    removed: dict[str, str] = field(default_factory=dict)  # document key → graph IRI
    added: dict[str, str] = field(default_factory=dict)
    shared_before: set[str] = field(default_factory=set)  # shared records the removed documents had


def plan(previous: dict[str, str], docs: dict[str, str], cache) -> StorePlan | None:
    """None when a removed document's pieces are gone from the cache (then load anew)."""
    removed = {k: g for k, g in previous.items() if k not in docs}
    added = {k: g for k, g in docs.items() if k not in previous}
    if not all(cache.has_document(k) for k in removed):
        return None
    return StorePlan(removed, added, {r for k in removed for r in cache.shared_records(k)})


def update(folder: Path, p: StorePlan, docs: dict[str, str], fingerprint: str, cache,
           shared_now: set[str]) -> None:
    """``_update``; StoreDamaged when the store cannot be opened or read (RocksDB says
    Corruption, a file is missing or cut short)."""
    try:
        _update(folder, p, docs, fingerprint, cache, shared_now)
    except (OSError, RuntimeError) as exc:
        raise StoreDamaged(f"the store is damaged ({' '.join(str(exc).split())[:200]}); it is loaded anew",
                           path=folder / STORE) from None


def _update(folder: Path, p: StorePlan, docs: dict[str, str], fingerprint: str, cache,
            shared_now: set[str]) -> None:
    """Change the store in place: removed documents' own nodes (and graphs) taken out, added
    ones loaded, and the removed documents' shared records that no document has any more
    (``shared_before`` minus ``shared_now``) taken out of the default graph."""
    import pyoxigraph as ox

    from kg.rdf.records import nt_line
    from kg.rdf.write import prefix_header
    path = folder / STORE
    old_stamp = read_stamp(path) or {}
    graphs = bool(old_stamp.get("graphs"))
    write_stamp(path, {**old_stamp, "dirty": True})  # a kill from here on: the next build loads anew
    store = ox.Store(str(path))
    texts = TextWriter(path)

    def own(key: str) -> set:
        data = prefix_header("ttl") + cache.document_path(key, ".ttl").read_bytes()
        return set(ox.parse(data, format=ox.RdfFormat.TURTLE))

    def in_default(triples) -> list:
        return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    # A graph that is replaced (a part of the corpus tallies, a summary edited in place) changes
    # by its difference only: most of its triples stay as they were.
    before = {graph: own(key) for key, graph in p.removed.items()}
    after = {graph: own(key) for key, graph in p.added.items() if graph in before}
    for graph in p.removed.values():
        if graphs:
            store.remove_graph(ox.NamedNode(graph))
        for quad in in_default(before[graph] - after.get(graph, set())):
            store.remove(quad)
    for key, graph in p.added.items():
        store.extend(in_default(after[graph] - before[graph] if graph in after else own(key)))
        # Shared records the removed documents had are in the store already (and stay, if kept).
        shared = [nt_line(r) for r in cache.shared_records(key) if r not in p.shared_before]
        if shared:
            store.load(("\n".join(shared) + "\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        if graphs:
            store.load(prefix_header("trig") + cache.document_path(key, ".trig").read_bytes(), format=ox.RdfFormat.TRIG)
    gone = sorted(p.shared_before - shared_now)
    if gone:
        for t in ox.parse(("\n".join(nt_line(r) for r in gone) + "\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
            store.remove(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
    store.flush()
    del store
    # The text index by the same plan; one that had to start again takes every document's texts.
    dropped, taken = ({}, docs) if texts.anew else (p.removed, p.added)
    for graph in dropped.values():
        texts.remove(graph)
    for key, graph in taken.items():
        texts.add(graph, cache.document_texts(key))
    texts.close()
    write_stamp(path, make_stamp(folder, docs, fingerprint, graphs))
