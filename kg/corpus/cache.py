"""What a build remembers of each source, so that the next build redoes only what changed.

Two kinds of entry, each named by the SHA-256 of everything its content depends on:
- parsed: a summary read, parsed and identified (its ``Minutes`` as JSON) with the names
  outside the gazetteer it uses. Key: the settings (kaigi-kg's own code and data, the
  gazetteer, theme scheme, councils file, base IRI), the file's path and the SHA-256 of its
  bytes, its sources.csv entry and the folder it sits in. The SHA-256 is taken from the last
  build's stamp of the file (size, times, inode) when the stamp is unchanged: a build with no
  change reads no source.
- document: the sorted triple records of one summary and its named graph in TriG. Key: the
  parsed key, the meeting's IRI key and the learned names the summary uses (a name learned
  from another summary changes this summary's mentions only where it occurs).
An entry is written to a temporary name and renamed, so a killed build leaves none half
written; entries no build used are removed at the end of the next one.

Nothing read from the cache is trusted blindly: entries are JSON read into known types (no
pickles: a crafted one would run code), and the index keeps each document piece's size, time
and SHA-256; a piece whose size differs, or whose time differs and whose hash no longer
matches, is missing to the build, which makes it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.atomic import atomic_write
from kg.corpus import codec
from kg.errors import KgError
from kg.people.sightings import Roster

CACHE = "cache"
_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of kaigi-kg's own code and bundled rules: a new version or a local edit invalidates
    every entry (a release number alone would miss edits in a checkout)."""
    h = hashlib.sha256()
    for f in sorted(_PACKAGE.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".toml", ".ttl", ".rq", ".jsonld") and "__pycache__" not in f.parts:
            h.update(f.relative_to(_PACKAGE).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def digest(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else repr(p).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass(frozen=True)
class Parsed:
    """A summary as the main process needs it, without its text."""

    key: str  # the parsed entry's key
    path: Path
    series: str
    meeting_key: str
    sha256: str
    learned: tuple[tuple[str, str | None], ...]
    warnings: tuple[str, ...]
    doubts: int
    doubt_fields: tuple[str, ...]
    roster: Roster | None = None  # its people, for identity across summaries (kg.people)


class Cache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.root = str(folder)
        self.used: set[str] = set()  # paths as strings: a corpus has hundreds of thousands
        self._index: dict | None = None
        # document key → part → [size, mtime_ns, sha256]: from the index, and of pieces written now
        self.pieces: dict[str, dict[str, list]] = {}
        self.documents: set[str] = set()  # the document entries this build uses
        self._stamps_read: dict | None = None  # the sources' stamps the last build kept
        self.stamps: dict[str, list] = {}  # path → [size, mtime_ns, ctime_ns, inode, sha256] kept now

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _path(self, kind: str, key: str, suffix: str) -> str:
        # A string, not a Path: a build asks for hundreds of thousands of these.
        return f"{self.root}/{kind}/{key[:2]}/{key}{suffix}"

    # -- parsed summaries: a small entry for the main process, the Minutes for workers ------
    def _meta_path(self, key: str) -> str:
        return self._path("parsed", key, ".meta")

    def _minutes_path(self, key: str) -> str:
        return self._path("parsed", key, ".minutes")

    def _text_path(self, key: str) -> str:
        return self._path("parsed", key, ".text")

    def parsed_text(self, key: str) -> str | None:
        """The summary's statements, normalized, one a line: where learned names are looked for."""
        try:
            with open(self._text_path(key), encoding="utf-8") as fh:
                return fh.read()
        except OSError:
            return None

    def load_parsed_meta(self, key: str) -> Parsed | None:
        found = self._load(self._meta_path(key), Parsed)
        if found is not None and os.path.isfile(self._minutes_path(key)) and os.path.isfile(self._text_path(key)):
            self.mark_parsed(key)
            return found
        return None

    def load_minutes(self, key: str):
        """The parsed summary (``Minutes``) of an entry."""
        from kg.model import Minutes
        return self._load(self._minutes_path(key), Minutes)

    def save_parsed(self, key: str, parsed: Parsed, minutes, text: str) -> None:
        self._write(self._minutes_path(key), codec.dumps(minutes))
        self._write(self._text_path(key), text.encode("utf-8"))
        self._write(self._meta_path(key), codec.dumps(parsed))

    def mark_parsed(self, key: str) -> None:
        self.used |= {self._meta_path(key), self._minutes_path(key), self._text_path(key)}

    # -- sources' stamps: a file whose stamp is as the last build saw it is not read again --
    # A stamp is (size, mtime_ns, ctime_ns, inode): an edit changes the ctime and usually the
    # rest, even one that keeps the size and puts the old mtime back (rsync -t, touch -d).
    # A file changed within RACY seconds of being read could change again under the same stamp
    # (coarse file-system clocks): its stamp is not kept, so the next build reads it again.
    RACY = 2_000_000_000  # ns

    def _stamps(self) -> dict[str, list]:
        if self._stamps_read is None:
            try:
                self._stamps_read = json.loads((self.folder / "stamps.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._stamps_read = {}
        return self._stamps_read

    def source_sha256(self, path: Path) -> str | None:
        """The SHA-256 of a source file's bytes: from its stamp when that is as the last build
        saw it, else read and hashed; None when it cannot be read."""
        name = path.as_posix()
        try:
            st = os.stat(path)
            stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
            known = self._stamps().get(name)
            if isinstance(known, list) and known[:4] == stamp and isinstance(known[4], str):
                self.stamps[name] = known
                return known[4]
            with open(path, "rb") as fh:
                sha = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError:
            return None
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > self.RACY:
            self.stamps[name] = [*stamp, sha]
        return sha

    def save_stamps(self) -> None:
        """The stamps of the sources this build read (one small file: a build reads it whole)."""
        self._write(self.folder / "stamps.json", json.dumps(self.stamps, sort_keys=True).encode("utf-8"))

    # -- the index: which document entry each parsed summary had, and the names then learned
    def read_index(self) -> dict:
        """The index as last written (read from disk once a build: it lists every document)."""
        if self._index is None:
            try:
                self._index = json.loads((self.folder / "index.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._index = {}
        return self._index

    # Keys of the index: which document entry each summary had ("docs") and their metas, the
    # names then learned, the corpus tallies' parts, the shared records' counted total. Older
    # versions also kept "tally_sum" (20 MB at 10,000 meetings): it is dropped.
    def update_index(self, **entries) -> None:
        """The index with ``entries`` replaced, the others kept (the one place they merge)."""
        index = {k: v for k, v in self.read_index().items() if k != "tally_sum"}
        index.update(entries)
        # Pieces of documents this build no longer uses stay recorded until ``prune``: a store
        # update reads the removed documents' pieces.
        index["pieces"] = {**index.get("pieces", {}), **self.pieces}
        self._write(self.folder / "index.json", json.dumps(index, ensure_ascii=False).encode("utf-8"))
        self._index = index

    # -- graph.ttl and graph.trig as the last build wrote them: what of, with what counts --
    def last_written(self) -> dict:
        try:
            return json.loads((self.folder / "written.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def remember_written(self, record: dict) -> None:
        self._write(self.folder / "written.json", json.dumps(record, ensure_ascii=False).encode("utf-8"))

    @staticmethod
    def _load(path: str, cls: type):
        """The entry at ``path`` as a ``cls``; None when it is missing or not one (damaged)."""
        try:
            with open(path, "rb") as fh:
                return codec.loads(fh.read(), cls)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    # -- documents: what a build writes of one summary ------------------------------------
    # .json   graph and meeting IRIs, counts
    # .shared sorted records of nodes other documents may have too (people, bodies, themes)
    # .ttl    the Turtle of the document's own nodes (the meeting and everything under it),
    #         for graph.ttl and the store's default graph
    # .trig   its named graph in TriG
    # .tally  its partial counts for the corpus tallies
    # .texts  its statements' (IRI, text) pairs, for the store's text index (kg.store.texts)
    DOCUMENT_PARTS = (".json", ".shared", ".ttl", ".trig", ".tally", ".texts")

    def document_path(self, key: str, part: str) -> Path:
        return Path(self._path("docs", key, part))

    def has_document(self, key: str) -> bool:
        """Are the document's pieces all there, as they were written? (See the module's note.)"""
        record = self.pieces.get(key) or self.read_index().get("pieces", {}).get(key)
        if not record or set(record) != set(self.DOCUMENT_PARTS):
            return False
        for part, (size, mtime, sha) in record.items():
            path = self._path("docs", key, part)
            try:
                st = os.stat(path)
                if st.st_size != size:
                    return False
                if st.st_mtime_ns != mtime:  # touched since: only its bytes can tell
                    with open(path, "rb") as fh:
                        if hashlib.file_digest(fh, "sha256").hexdigest() != sha:
                            return False
                    record[part] = [size, st.st_mtime_ns, sha]
            except OSError:
                return False
        self.pieces[key] = record
        return True

    def save_document(self, key: str, meta: dict, shared: list[str], parts: dict[str, bytes]) -> dict[str, list]:
        """Write a document's pieces; their record (see ``has_document``), for the index."""
        # Records are one a line: a record holds no newline (N-Triples escapes them).
        parts = {**parts, ".shared": "".join(r + "\n" for r in shared).encode("utf-8"),
                 ".json": json.dumps(meta, ensure_ascii=False).encode("utf-8")}
        record = {}
        for part, data in parts.items():
            path = self.document_path(key, part)
            self._write(path, data)
            try:
                mtime = os.stat(path).st_mtime_ns
            except OSError as exc:
                raise KgError(f"cannot read the build cache: {exc.strerror}", path=path) from None
            record[part] = [len(data), mtime, hashlib.sha256(data).hexdigest()]
        self.pieces[key] = record
        return record

    def use_document(self, key: str) -> None:
        self.used |= {self._path("docs", key, part) for part in self.DOCUMENT_PARTS}
        self.documents.add(key)

    def document_meta(self, key: str) -> dict:
        return json.loads(self.document_path(key, ".json").read_text(encoding="utf-8"))

    def document_tallies(self, key: str) -> dict:
        return json.loads(self.document_path(key, ".tally").read_text(encoding="utf-8"))

    def document_texts(self, key: str) -> list[list[str]]:
        return json.loads(self.document_path(key, ".texts").read_text(encoding="utf-8"))

    def shared_records(self, key: str):
        return read_lines(self.document_path(key, ".shared"))

    # -- housekeeping ----------------------------------------------------------------------
    def _write(self, path: str | Path, data: bytes) -> None:
        atomic_write(path, data)  # no temporary file left, whatever stops it (a full disk, SIGTERM)
        self.used.add(str(path))

    def prune(self) -> int:
        """Remove entries this build did not use; the number removed."""
        pieces = self.read_index().get("pieces", {})
        if set(pieces) - self.documents:
            self.pieces = {k: v for k, v in {**pieces, **self.pieces}.items() if k in self.documents}
            self._index = {**self.read_index(), "pieces": {}}
            self.update_index()
        removed = 0
        shutil.rmtree(self.folder / "runs", ignore_errors=True)
        for kind in ("parsed", "docs", "shared"):
            for folder, _, files in os.walk(f"{self.root}/{kind}"):
                for name in files:
                    path = f"{folder}/{name}"
                    if path not in self.used:
                        try:
                            os.unlink(path)
                        except FileNotFoundError:
                            continue
                        removed += 1
        return removed


def read_lines(path: Path):
    """The lines of a records file, opened when first read and closed at its end."""
    with path.open(encoding="utf-8", newline="\n") as fh:
        for line in fh:
            yield line[:-1]
