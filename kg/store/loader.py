"""A new store loaded beside the current one while a build runs, then swapped in."""

from __future__ import annotations

import os
import queue
import shutil
import threading
from pathlib import Path

from kg.errors import KgError
from kg.store.folder import STORE, make_stamp, write_stamp
from kg.store.texts import TextWriter


def _cannot(exc: BaseException, where: Path) -> KgError:
    return KgError(f"cannot write the store: {' '.join(str(exc).split())[:300]}", path=where)


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
        try:
            self.store = ox.Store(str(self.new))
        except (OSError, RuntimeError) as exc:  # a full disk, a folder not writable
            shutil.rmtree(self.new, ignore_errors=True)
            raise _cannot(exc, self.new) from None
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
            if isinstance(self.error, (OSError, RuntimeError)):
                raise _cannot(self.error, self.new) from None
            raise self.error
        try:
            self.store.flush()
        except (OSError, RuntimeError) as exc:
            self.abandon()
            raise _cannot(exc, self.new) from None
        del self.store
        self.texts.close()
        write_stamp(self.new, make_stamp(self.folder, docs, fingerprint, self.graphs))
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
        self.store = None  # type: ignore[assignment]  # closed: Oxigraph releases its files
        self.texts.discard()
        shutil.rmtree(self.new, ignore_errors=True)
