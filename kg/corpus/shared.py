"""The corpus's shared records (people, bodies, themes: nodes that several summaries' documents
have), as one sorted stream for graph.ttl and the store.

Each document keeps its shared records sorted (``Cache.shared_records``). A build merges them
with, for each record, the number of documents that have it, and keeps that counted total;
the next build starts from it, adds the new documents' records and takes the removed ones'
away (a record whose count falls to 0 is gone), instead of merging every document again: at
10,000 summaries that is 40 rounds of 256 files for one new summary.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.corpus.cache import Cache, digest, read_lines
from kg.rdf.records import SEP, merged

MERGE_FAN_IN = 256  # files open at once in a merge (a system allows 1,024 by default)
Counted = Iterator[tuple[str, int]]


def _counted(recs: Iterable[str], n: int) -> Counted:
    for rec in recs:
        yield rec, n


def _read_counted(path: Path) -> Counted:
    for line in read_lines(path):
        rec, _, n = line.rpartition(SEP)
        yield rec, int(n)


def _sum(streams: list[Counted]) -> Counted:
    """Sorted counted streams as one: each record once, with the sum of its counts, if above 0."""
    last, total = None, 0
    for rec, n in heapq.merge(*streams):
        if rec != last:
            if last is not None and total > 0:
                yield last, total
            last, total = rec, 0
        total += n
    if last is not None and total > 0:
        yield last, total


def _write_counted(path: Path, recs: Counted) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rec, n in recs:
            fh.write(f"{rec}{SEP}{n}\n")


class SharedRecords:
    def __init__(self, cache: Cache):
        self.cache = cache
        self.folder = cache.folder / "shared"

    def _start(self, docs: list[str]) -> list[Counted]:
        """Counted streams that sum to the documents' shared records: the last build's total
        with the changes, or every document's records (in rounds past MERGE_FAN_IN files)."""
        before = self.cache.read_index().get("shared", {})
        total = self.folder / f"{before.get('digest', '-')}.rec"
        had, now = set(before.get("docs", ())), set(docs)
        added, removed = sorted(now - had), sorted(had - now)
        if total.is_file() and len(added) + len(removed) < MERGE_FAN_IN and all(
                self.cache.has_document(k) for k in removed):
            self.cache.used.add(str(total))
            return ([_read_counted(total)] + [_counted(self.cache.shared_records(k), 1) for k in added]
                    + [_counted(self.cache.shared_records(k), -1) for k in removed])
        streams = [_counted(self.cache.shared_records(k), 1) for k in docs]
        done = 0
        while len(streams) > MERGE_FAN_IN:
            runs = []
            for i in range(0, len(streams), MERGE_FAN_IN):
                done += 1
                run = self.cache.folder / "runs" / f"run-{done}.rec"
                _write_counted(run, _sum(streams[i:i + MERGE_FAN_IN]))
                runs.append(_read_counted(run))
            streams = runs
        return streams

    def stream(self, docs: list[str], extra: list[str]) -> Iterator[str]:
        """The documents' shared records and ``extra`` (sorted) as one sorted stream, each record
        once. When it has been read to its end, the documents' counted total is kept for the
        next build (``extra`` is not counted)."""
        key = digest(sorted(docs))
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")

        def own() -> Iterator[str]:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                for rec, n in _sum(self._start(docs)):
                    fh.write(f"{rec}{SEP}{n}\n")
                    yield rec
            path = self.folder / f"{key}.rec"
            os.replace(tmp, path)
            self.cache.used.add(str(path))
            self.cache.update_index(shared={"digest": key, "docs": sorted(docs)})

        try:
            yield from merged([own(), iter(extra)])
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
