"""The persistent Oxigraph store a build keeps in ``outputs/store/``: the union of the data in
the default graph (what queries read, fast) and one named graph per source document (as in
graph.trig), with the statements' text index (``kg.corpus.texts``) in the same folder.
Commands open it read-only instead of parsing graph.ttl again.

A stamp beside the data names the documents loaded (by their cache key) and the size and
time of the graph.ttl and graph.trig it matches; a store whose stamp does not match those
files is not used. A build changes an existing store in place when its settings are unchanged
(their graphs replaced, the default graph's triples that no document has any more removed)
and otherwise loads a new store beside the old one while it builds, and swaps them.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kg.corpus.texts import TextWriter

STORE = "store"
STAMP = "kaigi-kg-store.json"


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def files_stat(folder: Path) -> dict[str, list[int]] | None:
    """Size and time of graph.ttl and graph.trig in ``folder`` (None when one is missing)."""
    try:
        return {name: _stat(folder / name) for name in ("graph.ttl", "graph.trig")}
    except OSError:
        return None


def read_stamp(store: Path) -> dict | None:
    try:
        return json.loads((store / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_stamp(store: Path, stamp: dict) -> None:
    tmp = store / (STAMP + ".tmp")
    tmp.write_text(json.dumps(stamp, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, store / STAMP)


def has_graphs(store: Path) -> bool:
    return bool((read_stamp(store) or {}).get("graphs"))


def current_store(folder: Path) -> Path | None:
    """The store beside graph.ttl and graph.trig in ``folder``, if it holds exactly them."""
    store = folder / STORE
    stamp = read_stamp(store)
    if not stamp or stamp.get("dirty"):
        return None
    files = files_stat(folder)
    return store if files is not None and stamp.get("files") == files else None


def open_read_only(store: Path):
    import pyoxigraph as ox
    return ox.Store.read_only(str(store))


def previous_docs(folder: Path, fingerprint: str, graphs: bool) -> dict[str, str] | None:
    """The documents (key → graph IRI) of a store this build can update in place; None when
    there is none, it was left half-changed, or the settings differ (then a new one is loaded)."""
    stamp = read_stamp(folder / STORE)
    if not stamp or stamp.get("dirty") or stamp.get("fingerprint") != fingerprint or \
            bool(stamp.get("graphs")) != graphs:
        return None
    return stamp.get("docs", {})


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


class Loader:
    """Loads a new store beside the current one while the build runs: store input is handed
    over in batches and bulk-loaded on a thread (Oxigraph releases the GIL), a bounded queue
    keeping memory flat; ``finish`` swaps the new store in."""

    # Bytes a bulk load, by format: Oxigraph's loader holds a batch's indexes in memory, and
    # Turtle says in a byte about three times what N-Triples does.
    BATCH = {"nt": 16_000_000, "ttl": 6_000_000, "trig": 6_000_000}

    def __init__(self, folder: Path, graphs: bool = False):
        import pyoxigraph as ox
        self.ox, self.folder, self.graphs = ox, folder, graphs
        self.new = folder / (STORE + ".new")
        shutil.rmtree(self.new, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        self.store = ox.Store(str(self.new))
        self.texts = TextWriter(self.new, fresh=True)
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        # What the store takes, by format: shared records as N-Triples lines, documents' own
        # nodes as the Turtle graph.ttl is made of (a third of N-Triples' size), named graphs.
        self.buffers: dict[str, list[bytes]] = {"nt": [], "ttl": [], "trig": []}
        self.sizes = {"nt": 0, "ttl": 0, "trig": 0}
        self.pending_texts: list[tuple[str, list]] = []  # documents' texts, indexed 500 at a time
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        formats = {"nt": self.ox.RdfFormat.N_TRIPLES, "ttl": self.ox.RdfFormat.TURTLE, "trig": self.ox.RdfFormat.TRIG}
        while (item := self.queue.get()) is not None:
            if self.error is None:
                try:
                    if item[0] == "texts":
                        for graph, pairs in item[1]:
                            self.texts.add(graph, pairs)
                    else:
                        self.store.bulk_load(item[1], format=formats[item[0]])
                except BaseException as exc:  # reported by finish, in the main thread
                    self.error = exc

    def add(self, lines: list[str]) -> None:
        """N-Triples lines for the default graph."""
        if lines:
            self._take("nt", ("\n".join(lines) + "\n").encode("utf-8"))

    def add_graph(self, trig_block: bytes) -> None:
        """A named graph (a TriG block without @prefix lines), when the store keeps them."""
        if self.graphs:
            self._take("trig", trig_block)

    def add_document(self, cache, key: str, graph: str) -> None:
        """A document's own nodes and texts, and its named graph when the store keeps them."""
        self._take("ttl", cache.document_path(key, ".ttl").read_bytes())
        if texts := cache.document_texts(key):
            self.pending_texts.append((graph, texts))
            if len(self.pending_texts) >= 500:
                self._flush_texts()
        if self.graphs:
            self._take("trig", cache.document_path(key, ".trig").read_bytes())

    def _take(self, kind: str, data: bytes) -> None:
        self.buffers[kind].append(data)
        self.sizes[kind] += len(data)
        if self.sizes[kind] >= self.BATCH[kind]:
            self._flush(kind)

    def _flush_texts(self) -> None:
        if self.pending_texts:
            self.queue.put(("texts", self.pending_texts))
            self.pending_texts = []

    def _flush(self, kind: str) -> None:
        if self.buffers[kind]:
            from kg.rdf.write import prefix_header
            head = prefix_header(kind)
            self.queue.put((kind, head + b"".join(self.buffers[kind])))
            self.buffers[kind], self.sizes[kind] = [], 0

    def finish(self, docs: dict[str, str], fingerprint: str) -> None:
        for kind in self.buffers:
            self._flush(kind)
        self._flush_texts()
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            self.abandon()
            raise self.error
        self.store.flush()
        del self.store
        self.texts.close()
        _write_stamp(self.new, _stamp(self.folder, docs, fingerprint, self.graphs))
        old = self.folder / (STORE + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if (self.folder / STORE).exists():
            os.replace(self.folder / STORE, old)
        os.replace(self.new, self.folder / STORE)
        shutil.rmtree(old, ignore_errors=True)

    def abandon(self) -> None:
        """Stop and remove the half-loaded store (the build failed or was interrupted)."""
        if self.thread.is_alive():
            self.buffers, self.pending_texts = {kind: [] for kind in self.buffers}, []
            self.queue.put(None)
            self.thread.join()
        self.store = None
        self.texts.discard()
        shutil.rmtree(self.new, ignore_errors=True)


def update(folder: Path, p: StorePlan, docs: dict[str, str], fingerprint: str, cache,
           shared_now: set[str]) -> None:
    """Change the store in place: removed documents' own nodes (and graphs) taken out, added
    ones loaded, and the removed documents' shared records that no document has any more
    (``shared_before`` minus ``shared_now``) taken out of the default graph."""
    import pyoxigraph as ox
    from kg.rdf.records import nt_line
    from kg.rdf.write import prefix_header
    path = folder / STORE
    stamp = read_stamp(path) or {}
    graphs = bool(stamp.get("graphs"))
    _write_stamp(path, {**stamp, "dirty": True})  # a kill from here on: the next build loads anew
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
    for key, graph in p.removed.items():
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
    _write_stamp(path, _stamp(folder, docs, fingerprint, graphs))


def _stamp(folder: Path, docs: dict[str, str], fingerprint: str, graphs: bool) -> dict:
    return {"fingerprint": fingerprint, "docs": docs, "graphs": graphs,
            "files": files_stat(folder)}
