"""The statements' full-text index beside the store (``store/texts.sqlite``): SQLite's FTS5
with its trigram tokenizer, so that search finds the statements whose text holds some words
without reading all of them (363,000 texts, 2 s, at 10,000 meetings).

The index only proposes subjects: the query still applies its own filter to each of them, so
the answer is the one a scan gives. Texts are kept in search's form (NFKC, lower case);
words of three characters or more are looked up through the trigrams, shorter ones by reading
the kept texts (SQLite does that in a fraction of the time Oxigraph needs).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KgError
from kg.read.normalize import search_form

FILE = "texts.sqlite"
_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(s UNINDEXED, text, tokenize='trigram case_sensitive 1');
CREATE TABLE IF NOT EXISTS graphs(graph TEXT PRIMARY KEY, first INTEGER NOT NULL, last INTEGER NOT NULL);
"""


def fold(text: str) -> str:
    """As the search query compares: NFKC and lower case (kgo:searchText, or LCASE of the text)."""
    return search_form(text)


class TextWriter:
    """Adds and removes a document's texts; one transaction, committed by ``close``. An index
    that cannot be read starts again empty (``anew``): it holds nothing the cache has not."""

    def __init__(self, store: Path, fresh: bool = False):
        self.path = store / FILE
        self.anew = fresh
        if fresh:
            self.path.unlink(missing_ok=True)
        with self._failing():
            try:
                self._open()
            except sqlite3.DatabaseError:  # damaged, or not a database at all
                self.path.unlink(missing_ok=True)
                self.anew = True
                self._open()

    def _open(self) -> None:
        # The store's own loader thread writes (see kg.store.loader.Loader): one writer at a time.
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        try:
            self.db.executescript(_SCHEMA)
            self.next = self.db.execute("SELECT coalesce(max(last), 0) + 1 FROM graphs").fetchone()[0]
        except sqlite3.Error:
            self.db.close()
            raise

    @contextmanager
    def _failing(self):
        """SQLite's errors (a full disk, a folder not writable) as the one error kg reports."""
        try:
            yield
        except sqlite3.Error as exc:
            raise KgError(f"cannot write the text index: {exc}", path=self.path) from None

    def add(self, graph: str, pairs: list[list[str]]) -> None:
        """(subject IRI, text) pairs of one document's named graph."""
        if not pairs:
            return
        first = self.next
        with self._failing():
            self.db.executemany("INSERT INTO texts(rowid, s, text) VALUES (?, ?, ?)",
                                ((first + n, s, fold(t)) for n, (s, t) in enumerate(pairs)))
            self.db.execute("INSERT OR REPLACE INTO graphs VALUES (?, ?, ?)", (graph, first, first + len(pairs) - 1))
        self.next = first + len(pairs)

    def remove(self, graph: str) -> None:
        with self._failing():
            row = self.db.execute("SELECT first, last FROM graphs WHERE graph = ?", (graph,)).fetchone()
            if row:
                self.db.execute("DELETE FROM texts WHERE rowid BETWEEN ? AND ?", row)
                self.db.execute("DELETE FROM graphs WHERE graph = ?", (graph,))

    def close(self) -> None:
        with self._failing():
            self.db.commit()
        self.db.close()

    def discard(self) -> None:
        """Close without committing (the build failed: its half-loaded store goes)."""
        self.db.close()


def containing(store: Path, words: str, limit: int) -> list[str] | None:
    """The subjects whose text contains ``words`` (case aside), in no set order; None when the
    store has no index or more than ``limit`` subjects do (a scan is then as quick)."""
    path = store / FILE
    if not path.is_file():
        return None
    wanted = fold(words)
    if len(wanted) >= 3:
        sql, arg = "SELECT s FROM texts WHERE texts MATCH ? LIMIT ?", '"' + wanted.replace('"', '""') + '"'
    else:
        sql, arg = "SELECT s FROM texts WHERE instr(text, ?) > 0 LIMIT ?", wanted
    try:
        db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            found = [row[0] for row in db.execute(sql, (arg, limit + 1))]
        finally:
            db.close()
    except sqlite3.Error:
        return None  # unreadable or from another version: the query scans instead
    return None if len(found) > limit else found
